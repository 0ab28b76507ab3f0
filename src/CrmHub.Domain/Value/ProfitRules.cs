using CrmHub.Domain.Customers;

namespace CrmHub.Domain.Value;

/// <summary>One refund as the value rules need it: money paid back to the customer at a time.</summary>
public sealed record RefundFact(string EventId, string OrderId, DateTimeOffset Time, decimal Amount);

/// <summary>D2: what a customer brought in over a period: revenue (purchase amounts), their known cost, and refunds.</summary>
public sealed record RollingProfit(decimal Revenue, decimal Cost, decimal Refunds)
{
    public static RollingProfit Zero { get; } = new(0m, 0m, 0m);

    /// <summary>D2: the profit contribution, revenue − cost − refunds.</summary>
    public decimal Profit => Revenue - Cost - Refunds;
}

/// <summary>D2: a customer's profit contribution from its purchases and refunds.</summary>
public static class ProfitRules
{
    /// <summary>
    /// D2: profit contribution over the rolling window (asOf − <see cref="ValueSettings.ProfitWindow"/>, asOf]
    /// (365 days by default): a purchase made exactly one window before <paramref name="asOf"/> has left it,
    /// one made at <paramref name="asOf"/> counts, later ones have not happened yet.
    /// </summary>
    public static RollingProfit Rolling(
        IEnumerable<PurchaseFact> purchases, IEnumerable<RefundFact> refunds, DateTimeOffset asOf, ValueSettings settings) =>
        Between(purchases, refunds, asOf - settings.ProfitWindow, asOf);

    /// <summary>
    /// D2: revenue, cost and refunds of the facts in (<paramref name="after"/>, <paramref name="upTo"/>].
    /// A purchase with no cost counts its whole amount as profit (the milestone's rule: an unknown cost is not
    /// guessed). A refund counts when the money went back, even if the purchase it undoes lies outside the
    /// period: that is when the customer's contribution fell, as in the books.
    /// </summary>
    public static RollingProfit Between(
        IEnumerable<PurchaseFact> purchases, IEnumerable<RefundFact> refunds, DateTimeOffset after, DateTimeOffset upTo)
    {
        bool Inside(DateTimeOffset time) => time > after && time <= upTo;
        var counted = purchases.Where(purchase => Inside(purchase.Time)).ToList();
        return new(
            counted.Sum(purchase => purchase.Amount),
            counted.Sum(purchase => purchase.Cost ?? 0m),
            refunds.Where(refund => Inside(refund.Time)).Sum(refund => refund.Amount));
    }
}
