namespace CrmHub.Grains;

/// <summary>
/// Group commit for a grain whose state is written whole: calls that arrive while the grain is busy wait here and are
/// then applied together in one turn of the grain, with one state write for all of them, instead of a write each.
/// </summary>
/// <remarks>
/// The grain's entry method is interleaving (<c>[AlwaysInterleave]</c>) and only calls <see cref="Add"/>; the first call
/// of a batch asks for a turn through <paramref name="requestTurn"/> (a call of the grain to itself, on a method that
/// does not interleave, so the state changes only there), which calls <see cref="ApplyAll"/>. Each caller's task ends
/// once its item is stored, or fails with the batch, so a caller that retries on failure loses nothing.
/// </remarks>
internal sealed class GroupCommit<T>(Func<Task> requestTurn)
{
    private List<Waiting> _waiting = [];

    /// <summary>Queues <paramref name="item"/>; the task ends when the batch holding it is stored.</summary>
    public Task Add(T item)
    {
        var waiting = new Waiting(item);
        _waiting.Add(waiting);
        if (_waiting.Count == 1)
            _ = RequestTurn();
        return waiting.Stored.Task;
    }

    /// <summary>
    /// In the grain's own turn: applies every waiting item with <paramref name="apply"/> (which writes the state once) and
    /// completes their callers; if it throws, every caller of the batch gets the failure. True when the batch was stored.
    /// </summary>
    public async Task<bool> ApplyAll(Func<IReadOnlyList<T>, Task> apply)
    {
        var batch = _waiting;
        _waiting = [];
        if (batch.Count == 0)
            return false;
        try
        {
            await apply([.. batch.Select(waiting => waiting.Item)]);
        }
        catch (Exception e)
        {
            Fail(batch, e);
            return false;
        }
        foreach (var waiting in batch)
            waiting.Stored.TrySetResult();
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

    private sealed record Waiting(T Item)
    {
        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
