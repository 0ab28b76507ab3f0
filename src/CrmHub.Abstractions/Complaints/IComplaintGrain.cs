namespace CrmHub.Abstractions.Complaints;

/// <summary>One complaint and its handling workflow (D9). Key: the complaint id.</summary>
public interface IComplaintGrain : IGrainWithStringKey
{
    /// <summary>Opens the complaint, fixes its deadlines and alerts the people who must know. Idempotent.</summary>
    Task<ComplaintView> Open(ComplaintOpening opening);

    /// <summary>
    /// Records a workflow step (with its details) by an agent, or says why it cannot be taken now. After <c>listen</c>
    /// only the owner takes steps, or a supervisor (<paramref name="isSupervisor"/>, the caller's role) stepping in.
    /// </summary>
    Task<StepResult> RecordStep(string agentId, ComplaintStep step, StepDetails? details = null, bool isSupervisor = false);

    /// <summary>
    /// Changes the optional tags; <paramref name="isSupervisor"/> (the caller's role) decides whether the malicious
    /// flag may be set or cleared.
    /// </summary>
    Task<StepResult> Tag(string agentId, bool isSupervisor, ComplaintTagChange change);

    /// <summary>The complaint, or null when it was never opened.</summary>
    Task<ComplaintView?> GetView();
}
