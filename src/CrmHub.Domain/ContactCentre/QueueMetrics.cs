namespace CrmHub.Domain.ContactCentre;

/// <summary>
/// D10: the event times of one contact in a queue (all from the events' <c>time</c>). A contact is answered or
/// abandoned, not both; <see cref="WrapUpSeconds"/> is the after-call work reported with its end.
/// </summary>
public sealed record ContactTiming(
    string ContactId,
    DateTimeOffset OfferedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? AbandonedAt,
    DateTimeOffset? EndedAt,
    double WrapUpSeconds)
{
    /// <summary>The time of the contact's latest event.</summary>
    public DateTimeOffset LastActivityAt =>
        new[] { AnsweredAt, AbandonedAt, EndedAt }.Aggregate(OfferedAt, (latest, at) => at > latest ? at.Value : latest);
}

/// <summary>
/// D10 queue-metric tunables (bound from <c>CrmHub:ContactCentre</c>): the rolling window, the service-level
/// threshold (answered within it counts as "in service level") and the service-level target.
/// </summary>
public sealed record QueueMetricsSettings(TimeSpan Window, TimeSpan ServiceLevelThreshold, double ServiceLevelTarget)
{
    /// <summary>D10 defaults: a 30-minute window, 85% answered within 20 seconds.</summary>
    public static QueueMetricsSettings Default { get; } = new(TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(20), 0.85);
}

/// <summary>
/// D10: the raw counts and sums of one queue (or several, see <see cref="Combine"/>) over a rolling window, and the
/// figures derived from them. Counts add up across queues; the derived figures are null while they have no
/// denominator.
/// </summary>
public sealed record QueueCounts(
    int Waiting,
    double LongestWaitSeconds,
    int Offered,
    int Answered,
    int AnsweredWithinThreshold,
    int Abandoned,
    int AbandonedAfterThreshold,
    double TotalAnswerWaitSeconds,
    int Handled,
    double TotalHandleSeconds,
    TimeSpan Window)
{
    /// <summary>Nothing waiting and nothing counted in a window of the given length.</summary>
    public static QueueCounts Empty(TimeSpan window) => new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, window);

    /// <summary>D10: answered within the threshold / (answered + abandoned after the threshold).</summary>
    public double? ServiceLevel => Ratio(AnsweredWithinThreshold, Answered + AbandonedAfterThreshold);

    /// <summary>Mean wait of the answered contacts, in seconds.</summary>
    public double? AverageSpeedOfAnswerSeconds => Ratio(TotalAnswerWaitSeconds, Answered);

    /// <summary>Abandoned / (answered + abandoned): the share of contacts that left the queue by hanging up.</summary>
    public double? AbandonmentRate => Ratio(Abandoned, Answered + Abandoned);

    /// <summary>Mean talk time plus wrap-up of the contacts that ended, in seconds.</summary>
    public double? AverageHandleTimeSeconds => Ratio(TotalHandleSeconds, Handled);

    /// <summary>Contacts offered in the window per hour of the window (0 for an empty window).</summary>
    public double ArrivalsPerHour => Window > TimeSpan.Zero ? Offered / Window.TotalHours : 0;

    /// <summary>
    /// The overall view of several queues: counts and sums add up, the longest wait is the longest of any queue,
    /// the window is the longest of the parts (queues share one window in practice).
    /// </summary>
    public static QueueCounts Combine(IEnumerable<QueueCounts> parts) =>
        parts.Aggregate(Empty(TimeSpan.Zero), (total, part) => new QueueCounts(
            total.Waiting + part.Waiting,
            Math.Max(total.LongestWaitSeconds, part.LongestWaitSeconds),
            total.Offered + part.Offered,
            total.Answered + part.Answered,
            total.AnsweredWithinThreshold + part.AnsweredWithinThreshold,
            total.Abandoned + part.Abandoned,
            total.AbandonedAfterThreshold + part.AbandonedAfterThreshold,
            total.TotalAnswerWaitSeconds + part.TotalAnswerWaitSeconds,
            total.Handled + part.Handled,
            total.TotalHandleSeconds + part.TotalHandleSeconds,
            total.Window > part.Window ? total.Window : part.Window));

    private static double? Ratio(double numerator, int denominator) => denominator == 0 ? null : numerator / denominator;
}

/// <summary>D10: queue metrics over a rolling window, computed from event times only so that a replay gives the same figures.</summary>
public static class QueueMetrics
{
    /// <summary>
    /// D10: the counts of a queue as of <paramref name="now"/>. The window is [now − Window, now], both ends
    /// included. Each event counts when its own time falls in the window: an offer towards
    /// <see cref="QueueCounts.Offered"/>, an answer towards the answered figures (within the threshold when the wait
    /// is at most the threshold), an abandonment towards the abandoned figures (after the threshold when the wait was
    /// longer than the threshold), an end of an answered contact towards the handled figures. So a contact whose last
    /// activity is older than the window is outside it. Contacts still waiting (offered, neither answered nor abandoned
    /// by <paramref name="now"/>) are active now and always count as waiting. Events later than
    /// <paramref name="now"/> have not happened yet.
    /// </summary>
    public static QueueCounts Count(IEnumerable<ContactTiming> contacts, DateTimeOffset now, QueueMetricsSettings settings)
    {
        var windowStart = now - settings.Window;
        var threshold = settings.ServiceLevelThreshold.TotalSeconds;
        bool InWindow(DateTimeOffset? at) => at is { } time && time >= windowStart && time <= now;
        bool HasHappened(DateTimeOffset? at) => at is { } time && time <= now;

        var counts = QueueCounts.Empty(settings.Window);
        foreach (var contact in contacts.Where(contact => contact.OfferedAt <= now))
        {
            if (!HasHappened(contact.AnsweredAt) && !HasHappened(contact.AbandonedAt))
            {
                counts = counts with
                {
                    Waiting = counts.Waiting + 1,
                    LongestWaitSeconds = Math.Max(counts.LongestWaitSeconds, (now - contact.OfferedAt).TotalSeconds),
                };
            }

            if (InWindow(contact.OfferedAt))
                counts = counts with { Offered = counts.Offered + 1 };

            if (InWindow(contact.AnsweredAt))
            {
                var wait = (contact.AnsweredAt!.Value - contact.OfferedAt).TotalSeconds;
                counts = counts with
                {
                    Answered = counts.Answered + 1,
                    AnsweredWithinThreshold = counts.AnsweredWithinThreshold + (wait <= threshold ? 1 : 0),
                    TotalAnswerWaitSeconds = counts.TotalAnswerWaitSeconds + wait,
                };
            }
            else if (InWindow(contact.AbandonedAt) && !HasHappened(contact.AnsweredAt))
            {
                var wait = (contact.AbandonedAt!.Value - contact.OfferedAt).TotalSeconds;
                counts = counts with
                {
                    Abandoned = counts.Abandoned + 1,
                    AbandonedAfterThreshold = counts.AbandonedAfterThreshold + (wait > threshold ? 1 : 0),
                };
            }

            if (InWindow(contact.EndedAt) && HasHappened(contact.AnsweredAt))
            {
                counts = counts with
                {
                    Handled = counts.Handled + 1,
                    TotalHandleSeconds = counts.TotalHandleSeconds + (contact.EndedAt!.Value - contact.AnsweredAt!.Value).TotalSeconds + contact.WrapUpSeconds,
                };
            }
        }

        return counts;
    }

    /// <summary>
    /// True when the contact is finished (abandoned, or ended) by <paramref name="now"/> and its last activity is
    /// older than the window: it counts in no figure now or later, so it can be forgotten. A contact still waiting or
    /// still in conversation is kept, however old: its wait or its coming end still counts.
    /// </summary>
    public static bool IsOutsideWindow(ContactTiming contact, DateTimeOffset now, QueueMetricsSettings settings) =>
        (contact.EndedAt ?? contact.AbandonedAt) is { } finishedAt && finishedAt <= now && contact.LastActivityAt < now - settings.Window;

    /// <summary>
    /// D10: the agents Erlang C says the window's arrival rate and average handle time need to meet the target
    /// service level; null while the window has no arrivals or no handled contact (no handle time to go on), and
    /// when the traffic is beyond what <see cref="ErlangC"/> staffs (<see cref="ErlangC.MaximumAgents"/>).
    /// </summary>
    public static int? AgentsNeeded(QueueCounts counts, QueueMetricsSettings settings)
    {
        var arrivalsPerHour = counts.ArrivalsPerHour;
        if (arrivalsPerHour <= 0 || counts.AverageHandleTimeSeconds is not (> 0 and var ahtSeconds))
            return null;
        if (arrivalsPerHour * ahtSeconds / 3600 >= ErlangC.MaximumAgents)
            return null;
        return ErlangC.Required(arrivalsPerHour, ahtSeconds, settings.ServiceLevelTarget, settings.ServiceLevelThreshold.TotalSeconds).Agents;
    }
}
