namespace CrmHub.Grains;

/// <summary>
/// Group commit for a grain whose state is written whole: calls that arrive while the grain is busy wait here and are
/// then applied together in one turn of the grain, with one state write for all of them, instead of a write each.
/// </summary>
/// <remarks>
/// The grain's entry method is interleaving (<c>[AlwaysInterleave]</c>) and only calls <see cref="Add"/>; the first call
/// of a batch asks for a turn through <paramref name="requestTurn"/> (a call of the grain to itself, on a method that
/// does not interleave, so the state changes only there), which calls <see cref="ApplyAll"/>. Each caller's task ends
/// once its item is stored, with the result for it, or fails with the batch, so a caller that retries loses nothing.
/// </remarks>
internal class GroupCommit<TItem, TResult>(Func<Task> requestTurn)
{
    private List<Waiting> _waiting = [];

    /// <summary>
    /// How long a caller waits for its batch. The turn is a call of the grain to itself, and a grain that is being
    /// deactivated runs no new call until its running ones end, which include the waiting callers: the limit breaks
    /// that wait, so deactivation goes on and the caller tries again (every caller retries, and every change is idempotent).
    /// </summary>
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);

    /// <summary>Queues <paramref name="item"/>; the task ends when the batch holding it is stored.</summary>
    public Task<TResult> Add(TItem item)
    {
        var waiting = new Waiting(item);
        _waiting.Add(waiting);
        if (_waiting.Count == 1)
            _ = RequestTurn();
        return Stored(waiting);
    }

    private async Task<TResult> Stored(Waiting waiting)
    {
        try
        {
            return await waiting.Stored.Task.WaitAsync(WaitLimit);
        }
        catch (TimeoutException)
        {
            // Still waiting: it is not applied later either.
            _waiting.Remove(waiting);
            throw new TimeoutException($"The change was not stored within {WaitLimit.TotalSeconds:0} s (the grain may be deactivating); try again.");
        }
    }

    /// <summary>
    /// In the grain's own turn: applies every waiting item with <paramref name="apply"/> (which writes the state once and
    /// returns a result per item, in order) and completes their callers; if it throws, every caller of the batch gets the
    /// failure. True when a batch was stored.
    /// </summary>
    public async Task<bool> ApplyAll(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> apply)
    {
        var batch = _waiting;
        _waiting = [];
        if (batch.Count == 0)
            return false;
        IReadOnlyList<TResult> results;
        try
        {
            results = await apply([.. batch.Select(waiting => waiting.Item)]);
        }
        catch (Exception e)
        {
            Fail(batch, e);
            return false;
        }
        for (var i = 0; i < batch.Count; i++)
            batch[i].Stored.TrySetResult(results[i]);
        return true;
    }

    private async Task RequestTurn()
    {
        try
        {
            await requestTurn();
        }
        catch (Exception e)
        {
            // The turn never ran (the call itself failed): whatever still waits fails, so its callers try again.
            var batch = _waiting;
            _waiting = [];
            Fail(batch, e);
        }
    }

    private static void Fail(List<Waiting> batch, Exception failure)
    {
        foreach (var waiting in batch)
            waiting.Stored.TrySetException(failure);
    }

    private sealed record Waiting(TItem Item)
    {
        public TaskCompletionSource<TResult> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>A <see cref="GroupCommit{TItem, TResult}"/> whose callers only wait until their item is stored.</summary>
internal sealed class GroupCommit<TItem>(Func<Task> requestTurn) : GroupCommit<TItem, bool>(requestTurn)
{
    public Task<bool> ApplyAll(Func<IReadOnlyList<TItem>, Task> apply) => ApplyAll(async items =>
    {
        await apply(items);
        return (IReadOnlyList<bool>)[.. items.Select(_ => true)];
    });
}
