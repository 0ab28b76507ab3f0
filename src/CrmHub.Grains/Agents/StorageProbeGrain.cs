using CrmHub.Abstractions.Agents;
using CrmHub.Grains.Hosting;

namespace CrmHub.Grains.Agents;

public sealed class StorageProbeState
{
    public DateTimeOffset LastTouched { get; set; }
}

/// <summary>Proves the grain storage accepts writes (the readiness check calls it).</summary>
public sealed class StorageProbeGrain(
    [PersistentState("probe", StorageNames.Crm)] IPersistentState<StorageProbeState> state,
    TimeProvider time) : Grain, IStorageProbeGrain
{
    public async Task<DateTimeOffset> Touch()
    {
        state.State.LastTouched = time.GetUtcNow();
        await state.WriteStateAsync();
        return state.State.LastTouched;
    }
}
