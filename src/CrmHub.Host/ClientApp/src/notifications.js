// How each notification kind reads on a console: a title, one line of text, and the customer, complaint, tier and
// key-account flag it is about (when the notification says so).

const deadlineNames = { FirstResponse: "First response", Resolution: "Resolution" };

export function describeNotification(notification) {
  const d = notification.data ?? {};
  const base = { customerId: d.customerId, complaintId: d.complaintId, tier: d.tier, isKeyAccount: d.isKeyAccount };
  switch (notification.kind) {
    case "complaintAlert":
      return { ...base, title: "New complaint", text: `${d.customerName || d.customerId}: ${d.subject} (${d.severity}, ${d.category})` };
    case "complaintUpdated":
      return { ...base, title: "Complaint updated", text: `${d.complaintId} is ${d.status}${d.ownerAgentId ? `, owner ${d.ownerAgentId}` : ""}` };
    case "slaWarning":
      return {
        ...base,
        title: "Deadline soon",
        text: `${deadlineNames[d.kind] ?? d.kind} for ${d.customerName || d.customerId} (${d.complaintId}) due ${new Date(d.dueAt).toLocaleTimeString()}`,
      };
    case "slaBreached":
      return {
        ...base,
        title: "Deadline breached",
        text: `${deadlineNames[d.kind] ?? d.kind} for ${d.customerName || d.customerId} (${d.complaintId}) was due ${new Date(d.dueAt).toLocaleTimeString()}`,
      };
    case "tierChanged":
      return { ...base, title: "Tier changed", text: `${d.customerName || d.customerId}: ${d.previousTier ?? "none"} → ${d.tier}` };
    case "keyAccountChanged":
      return {
        ...base,
        title: d.isKeyAccount ? "New key account" : "Key account ended",
        text: `${d.customerId}${d.managerId ? `, manager ${d.managerId}` : ""}: ${d.reason}`,
      };
    case "keyAccountEvent":
      return { ...base, isKeyAccount: true, title: "Key-account event", text: `${d.customerId}: ${d.trigger} — ${d.detail}` };
    case "assignment":
      return { ...base, title: "Work offered", text: `${d.channel} from queue ${d.queue} for ${d.customerId}` };
    case "assignmentRevoked":
      return { ...base, title: "Offer withdrawn", text: `${d.workItemId}: ${revokeReasons[d.reason] ?? d.reason}` };
    case "presenceChanged":
      return { ...base, title: "Presence changed", text: `${d.presence}${d.reason ? ` — ${d.reason}` : ""}` };
    default:
      return { ...base, title: notification.kind, text: JSON.stringify(d) };
  }
}

export const revokeReasons = {
  expired: "the offer expired",
  abandoned: "the customer hung up",
  answeredElsewhere: "answered by someone else",
};

/** Kinds that matter enough to be announced with the optional sound. */
export const urgentKinds = new Set(["complaintAlert", "slaWarning", "slaBreached", "keyAccountEvent", "assignment"]);
