using CrmHub.Abstractions.Customers;

namespace CrmHub.Grains.Tests.Infrastructure;

public static class ViewAssertions
{
    /// <summary>
    /// Field by field (the views' immutable arrays compare by reference, so record equality would fail
    /// for equal contents read back from storage).
    /// </summary>
    public static void ShouldMatch(this CustomerView actual, CustomerView expected)
    {
        actual.CustomerId.ShouldBe(expected.CustomerId);
        actual.Profile.ShouldBe(expected.Profile);
        actual.LifecycleStage.ShouldBe(expected.LifecycleStage);
        actual.PurchaseCount.ShouldBe(expected.PurchaseCount);
        actual.TotalRevenue.ShouldBe(expected.TotalRevenue);
        actual.FirstPurchaseAt.ShouldBe(expected.FirstPurchaseAt);
        actual.LastPurchaseAt.ShouldBe(expected.LastPurchaseAt);
        actual.OpenComplaints.ShouldBe(expected.OpenComplaints);
        actual.Timeline.ShouldBe(expected.Timeline);
    }
}
