namespace CrmHub.Grains;

internal static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state. When the write fails the in-memory state may no longer match storage, so it is
    /// reloaded (or, if even that fails, the activation is dropped) before the failure is passed on:
    /// a failed write leaves no half state behind.
    /// </summary>
    public static async Task WriteOrRevertAsync<TState>(this IPersistentState<TState> state, IGrainBase grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            try
            {
                await state.ReadStateAsync();
            }
            catch
            {
                grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "Grain state could not be reloaded after a failed write."));
            }
            throw;
        }
    }
}
