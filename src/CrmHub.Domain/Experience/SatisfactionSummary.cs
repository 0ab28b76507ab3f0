using System.Collections.Immutable;
using CrmHub.Abstractions.Crm;

namespace CrmHub.Domain.Experience;

/// <summary>
/// D8: one answered satisfaction/SERVQUAL survey. Every part is optional: a customer may give only a level, or score only
/// some dimensions. Scores are on the SERVQUAL scale <see cref="ServqualScale.Min"/>–<see cref="ServqualScale.Max"/>.
/// </summary>
public sealed record SatisfactionSurvey(
    SatisfactionLevel? Level = null,
    int? Tangibles = null,
    int? Empathy = null,
    int? Assurance = null,
    int? Responsiveness = null,
    int? Reliability = null)
{
    /// <summary>The score given to one dimension, or null when it was not scored.</summary>
    public int? ScoreFor(ServqualDimension dimension) =>
        ServqualScale.Pick(dimension, Tangibles, Empathy, Assurance, Responsiveness, Reliability);
}

/// <summary>
/// D8: the SERVQUAL scale. Interpretation: it is part of the survey's definition rather than a threshold, so it is not a setting:
/// changing it would make stored scores meaningless.
/// </summary>
public static class ServqualScale
{
    public const int Min = 1;
    public const int Max = 5;

    /// <summary>D8: each dimension is scored 1–5.</summary>
    public static bool IsValidScore(int score) => score is >= Min and <= Max;

    /// <summary>D8: one message per score outside 1–5, empty when the survey is valid (the level needs no check: it is an enum).</summary>
    public static ImmutableArray<string> Validate(SatisfactionSurvey survey)
    {
        ArgumentNullException.ThrowIfNull(survey);
        return [.. Enum.GetValues<ServqualDimension>()
            .Where(dimension => survey.ScoreFor(dimension) is { } score && !IsValidScore(score))
            .Select(dimension => $"{dimension} score {survey.ScoreFor(dimension)} is outside {Min}–{Max}.")];
    }

    /// <summary>The one of five per-dimension values that belongs to <paramref name="dimension"/>.</summary>
    internal static T Pick<T>(ServqualDimension dimension, T tangibles, T empathy, T assurance, T responsiveness, T reliability) => dimension switch
    {
        ServqualDimension.Tangibles => tangibles,
        ServqualDimension.Empathy => empathy,
        ServqualDimension.Assurance => assurance,
        ServqualDimension.Responsiveness => responsiveness,
        ServqualDimension.Reliability => reliability,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Not a SERVQUAL dimension."),
    };
}

/// <summary>Running count and sum of one dimension's scores.</summary>
public readonly record struct ScoreTally(int Count, long Sum)
{
    /// <summary>The mean score, or null when nobody scored the dimension.</summary>
    public double? Average => Count == 0 ? null : (double)Sum / Count;

    public ScoreTally Add(int? score) => score is { } value ? new(Count + 1, Sum + value) : this;

    public ScoreTally Merge(ScoreTally other) => new(Count + other.Count, Sum + other.Sum);
}

/// <summary>
/// D8: SERVQUAL averages per dimension and the count per satisfaction level, over any set of surveys. It is mergeable
/// (associative, commutative, <see cref="Empty"/> is neutral), so a team's summary is the merge of its agents' summaries and
/// the overall summary the merge of the teams', with the same result as adding every survey to one summary.
/// </summary>
public sealed record SatisfactionSummary(
    int Surveys,
    ScoreTally Tangibles,
    ScoreTally Empathy,
    ScoreTally Assurance,
    ScoreTally Responsiveness,
    ScoreTally Reliability,
    int Dissatisfied,
    int Satisfied,
    int Returning,
    int Advocate)
{
    public static SatisfactionSummary Empty { get; } = new(0, default, default, default, default, default, 0, 0, 0, 0);

    /// <summary>D8: the summary of the given surveys.</summary>
    public static SatisfactionSummary Of(IEnumerable<SatisfactionSurvey> surveys)
    {
        ArgumentNullException.ThrowIfNull(surveys);
        return surveys.Aggregate(Empty, (summary, survey) => summary.Add(survey));
    }

    /// <summary>D8: this summary with one more survey; a survey with a score outside 1–5 is refused (<see cref="ServqualScale.Validate"/>).</summary>
    public SatisfactionSummary Add(SatisfactionSurvey survey)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var problems = ServqualScale.Validate(survey);
        if (!problems.IsEmpty)
            throw new ArgumentException(string.Join(" ", problems), nameof(survey));

        return new(
            Surveys + 1,
            Tangibles.Add(survey.Tangibles),
            Empathy.Add(survey.Empathy),
            Assurance.Add(survey.Assurance),
            Responsiveness.Add(survey.Responsiveness),
            Reliability.Add(survey.Reliability),
            Dissatisfied + (survey.Level == SatisfactionLevel.Dissatisfied ? 1 : 0),
            Satisfied + (survey.Level == SatisfactionLevel.Satisfied ? 1 : 0),
            Returning + (survey.Level == SatisfactionLevel.Returning ? 1 : 0),
            Advocate + (survey.Level == SatisfactionLevel.Advocate ? 1 : 0));
    }

    /// <summary>D8: the summary of both sets of surveys (per agent → per team → overall).</summary>
    public SatisfactionSummary Merge(SatisfactionSummary other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(
            Surveys + other.Surveys,
            Tangibles.Merge(other.Tangibles),
            Empathy.Merge(other.Empathy),
            Assurance.Merge(other.Assurance),
            Responsiveness.Merge(other.Responsiveness),
            Reliability.Merge(other.Reliability),
            Dissatisfied + other.Dissatisfied,
            Satisfied + other.Satisfied,
            Returning + other.Returning,
            Advocate + other.Advocate);
    }

    /// <summary>D8: the tally of one SERVQUAL dimension.</summary>
    public ScoreTally For(ServqualDimension dimension) =>
        ServqualScale.Pick(dimension, Tangibles, Empathy, Assurance, Responsiveness, Reliability);

    /// <summary>D8: the average score of one dimension, or null when no survey scored it.</summary>
    public double? AverageOf(ServqualDimension dimension) => For(dimension).Average;

    /// <summary>D8: how many surveys gave the level.</summary>
    public int CountOf(SatisfactionLevel level) => level switch
    {
        SatisfactionLevel.Dissatisfied => Dissatisfied,
        SatisfactionLevel.Satisfied => Satisfied,
        SatisfactionLevel.Returning => Returning,
        SatisfactionLevel.Advocate => Advocate,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Not a satisfaction level."),
    };

    /// <summary>D8: the average per dimension, in the order of <see cref="ServqualDimension"/> (for display).</summary>
    public ImmutableSortedDictionary<ServqualDimension, double?> Averages =>
        Enum.GetValues<ServqualDimension>().ToImmutableSortedDictionary(dimension => dimension, AverageOf);

    /// <summary>D8: the count per level, worst to best (for display).</summary>
    public ImmutableSortedDictionary<SatisfactionLevel, int> Distribution =>
        Enum.GetValues<SatisfactionLevel>().ToImmutableSortedDictionary(level => level, CountOf);
}
