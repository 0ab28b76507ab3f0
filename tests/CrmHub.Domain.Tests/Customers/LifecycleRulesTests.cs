using CrmHub.Abstractions.Events;
using CrmHub.Domain.Customers;

namespace CrmHub.Domain.Tests.Customers;

public class LifecycleRulesTests
{
    [Fact]
    public void A_customer_who_never_bought_is_a_potential_customer() =>
        LifecycleRules.StageFor(0).ShouldBe(LifecycleStage.Potential);

    [Fact]
    public void A_customer_with_exactly_one_purchase_is_a_first_time_customer() =>
        LifecycleRules.StageFor(1).ShouldBe(LifecycleStage.FirstTime);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(int.MaxValue)]
    public void A_customer_with_two_or_more_purchases_is_a_repeat_customer(int purchases) =>
        LifecycleRules.StageFor(purchases).ShouldBe(LifecycleStage.Repeat);

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void A_negative_purchase_count_is_refused(int purchases) =>
        Should.Throw<ArgumentOutOfRangeException>(() => LifecycleRules.StageFor(purchases))
            .ParamName.ShouldBe("purchaseCount");
}
