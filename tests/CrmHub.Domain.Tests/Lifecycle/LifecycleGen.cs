using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;

namespace CrmHub.Domain.Tests.Lifecycle;

/// <summary>Generators shared by the D1/D6 property tests: purchase histories around <see cref="Build.T0"/>.</summary>
internal static class LifecycleGen
{
    /// <summary>
    /// Up to 12 purchases starting up to 900 days before T0, gaps of 0–200 days, half of them at most 90 (so loyal, churned and won-back
    /// histories all occur), some at exact day boundaries and some within the day; in time order.
    /// </summary>
    public static Gen<ImmutableArray<DateTimeOffset>> Purchases { get; } =
        from start in Gen.Choose(-900, 0)
        from steps in Gen.Zip(Gen.OneOf(Gen.Choose(0, 90), Gen.Choose(0, 200)), Gen.Elements(0, 0, 720, 1439)).ArrayOf()
        select steps.Take(12)
            .Aggregate((Day: start, Times: ImmutableArray<DateTimeOffset>.Empty), (history, step) =>
                (history.Day + step.Item1, history.Times.Add(Build.Day(history.Day + step.Item1).AddMinutes(step.Item2))))
            .Times;

    /// <summary>An evaluation instant from 300 days before to 300 days after T0, at a day boundary or within the day.</summary>
    public static Gen<DateTimeOffset> AsOf { get; } =
        from day in Gen.Choose(-300, 300)
        from minutes in Gen.Elements(0, 1, 720)
        select Build.Day(day).AddMinutes(minutes);

    public static Gen<SatisfactionLevel?> Satisfaction { get; } =
        Gen.Elements<SatisfactionLevel?>(null, SatisfactionLevel.Dissatisfied, SatisfactionLevel.Satisfied, SatisfactionLevel.Returning, SatisfactionLevel.Advocate);
}
