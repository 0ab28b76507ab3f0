namespace CrmHub.Abstractions.Complaints;

/// <summary>One complaint and its handling workflow (D9). Key: the complaint id.</summary>
public interface IComplaintGrain : IGrainWithStringKey
{
    /// <summary>Opens the complaint and alerts the people who must know. Idempotent.</summary>
    Task<ComplaintView> Open(ComplaintOpening opening);

    /// <summary>Records a workflow step by an agent, or says why it cannot be taken now.</summary>
    Task<StepResult> RecordStep(string agentId, ComplaintStep step);

    /// <summary>The complaint, or null when it was never opened.</summary>
    Task<ComplaintView?> GetView();
}
