// The complaint panel: the seven D9 steps as a guided flow (only the next allowed step can be taken) and the two
// deadline countdowns (amber from 80% of the interval, red once breached), over the complaint REST endpoints.
import { api, describeProblem } from "./api.js";
import { deadlineState, el, fill, formatDateTime, formatDuration, keyAccountBadge, tierBadge } from "./dom.js";

const steps = [
  { step: "Listen", label: "Listen", hint: "Take the complaint and let the customer speak." },
  { step: "Apologise", label: "Apologise", hint: "Meets the first-response deadline." },
  { step: "Ask", label: "Ask", hint: "Clarify the facts." },
  { step: "Record", label: "Record", hint: "Record the problem." },
  { step: "Resolve", label: "Resolve", hint: "Propose a solution; resolved once the customer agrees." },
  { step: "Close", label: "Close", hint: "Only after the customer agreed." },
  { step: "Review", label: "Review", hint: "What was learnt." },
];

const stateLabels = { ok: "on time", warning: "due soon", breached: "breached", met: "met" };

/** The state of each deadline: met by apologise / an agreed solution; breached as recorded by the server or by the clock. */
function deadlines(complaint, now) {
  const firstResponseMet = complaint.steps.some((s) => s.step === "Apologise");
  const resolutionMet = complaint.resolutions.some((r) => r.customerAgreed);
  const breached = (kind) => complaint.breaches.some((b) => b.kind === kind);
  const state = (kind, dueAt, met) => (breached(kind) ? "breached" : deadlineState(complaint.openedAt, dueAt, met, now));
  return [
    { name: "First response", dueAt: complaint.firstResponseDueAt, state: state("FirstResponse", complaint.firstResponseDueAt, firstResponseMet) },
    { name: "Resolution", dueAt: complaint.resolutionDueAt, state: state("Resolution", complaint.resolutionDueAt, resolutionMet) },
  ];
}

function renderDeadlines(complaint) {
  const now = Date.now();
  return deadlines(complaint, now).map((deadline) => {
    const remaining = (Date.parse(deadline.dueAt) - now) / 1000;
    const countdown = deadline.state === "met" ? "" : remaining >= 0 ? `${formatDuration(remaining)} left` : `${formatDuration(-remaining)} overdue`;
    return el(
      "div",
      { class: `deadline deadline-${deadline.state}`, "data-deadline": deadline.name, "data-state": deadline.state },
      el("span", { class: "deadline-name" }, deadline.name),
      el("span", { class: "deadline-due" }, `due ${formatDateTime(deadline.dueAt)}`),
      el("span", { class: "deadline-countdown" }, countdown),
      el("span", { class: "deadline-state" }, stateLabels[deadline.state]),
    );
  });
}

/**
 * Creates the panel in container. Returns { open(id), refreshIfShowing(id) }; onCustomer(customerId) opens the
 * customer's 360 view.
 */
export function complaintPanel(session, container, { onCustomer }) {
  let complaint = null;
  let error = null;
  let busy = false;
  const deadlineBox = el("div", { class: "deadlines", role: "group", "aria-label": "Deadlines" });

  setInterval(() => {
    if (complaint) fill(deadlineBox, renderDeadlines(complaint));
  }, 1000);

  async function open(id) {
    fill(container, el("p", { class: "muted" }, `Loading ${id}…`));
    const answer = await api(session, `/api/v1/complaints/${encodeURIComponent(id)}`);
    if (!answer.ok) {
      complaint = null;
      fill(container, el("p", { class: "empty" }, answer.status === 404 ? `No complaint ${id} is known.` : describeProblem(answer)));
      return;
    }
    complaint = answer.body;
    error = null;
    render();
  }

  async function take(step, details) {
    busy = true;
    render();
    const answer = await api(session, `/api/v1/complaints/${encodeURIComponent(complaint.complaintId)}/steps`, {
      method: "POST",
      body: { step: step.toLowerCase(), ...details },
    });
    busy = false;
    if (answer.ok) {
      complaint = answer.body;
      error = null;
    } else {
      error = describeProblem(answer);
    }
    render();
  }

  function stepItem(definition, index) {
    const done = complaint.steps.filter((s) => s.step === definition.step);
    const isNext = complaint.nextAllowedStep === definition.step;
    const takenByOther = complaint.ownerAgentId && complaint.ownerAgentId !== session.userName && definition.step !== "Listen";
    const enabled = isNext && !takenByOther && !busy;
    const status = done.length > 0 ? `done by ${done.at(-1).agentId} at ${formatDateTime(done.at(-1).at)}` : isNext ? "next" : "";
    const button = el("button", { type: "submit", disabled: !enabled, class: isNext ? "primary" : undefined }, definition.label);
    const fields = [];
    if (definition.step === "Resolve" && isNext) {
      fields.push(
        el("label", { for: "solution" }, "Solution"),
        el("textarea", { id: "solution", name: "solution", rows: 2, required: true, disabled: !enabled }),
        el("label", { class: "checkbox" }, el("input", { type: "checkbox", id: "customer-agreed", name: "customerAgreed", disabled: !enabled }), " Customer agreed"),
      );
    }
    if (definition.step === "Review" && isNext) {
      fields.push(
        el("label", { for: "lessons" }, "Lessons learnt"),
        el("textarea", { id: "lessons", name: "lessons", rows: 2, required: true, disabled: !enabled }),
        el("label", { for: "product-feedback" }, "Product feedback (optional)"),
        el("textarea", { id: "product-feedback", name: "productFeedback", rows: 1, disabled: !enabled }),
      );
    }
    const form = el(
      "form",
      {
        class: "step-form",
        "aria-label": `Step ${index + 1}: ${definition.label}`,
        onsubmit: (event) => {
          event.preventDefault();
          const data = new FormData(event.target);
          if (definition.step === "Resolve") take(definition.step, { solution: data.get("solution"), customerAgreed: data.get("customerAgreed") === "on" });
          else if (definition.step === "Review") take(definition.step, { lessons: data.get("lessons"), productFeedback: data.get("productFeedback") || undefined });
          else take(definition.step);
        },
      },
      ...fields,
      button,
    );
    return el(
      "li",
      { class: `step ${done.length > 0 ? "step-done" : ""} ${isNext ? "step-next" : ""}`, "data-step": definition.step, "aria-current": isNext ? "step" : undefined },
      el("div", { class: "step-head" }, el("span", { class: "step-number" }, String(index + 1)), el("strong", {}, definition.label), el("span", { class: "muted" }, definition.hint)),
      el("div", { class: "step-status" }, status, takenByOther && isNext ? ` — taken by ${complaint.ownerAgentId}` : ""),
      form,
    );
  }

  function render() {
    if (!complaint) return;
    fill(deadlineBox, renderDeadlines(complaint));
    const agreed = complaint.resolutions.at(-1);
    fill(
      container,
      el("h3", { id: "complaint-subject" }, complaint.subject, " ", tierBadge(complaint.tier), " ", keyAccountBadge(Boolean(complaint.keyAccountManagerId))),
      el(
        "p",
        { class: "complaint-meta" },
        el("button", { type: "button", class: "link", onclick: () => onCustomer(complaint.customerId) }, complaint.customerName || complaint.customerId),
        ` · ${complaint.complaintId} · ${complaint.category}, ${complaint.severity} · opened ${formatDateTime(complaint.openedAt)}`,
      ),
      el(
        "p",
        {},
        "Status ",
        el("strong", { id: "complaint-status", "data-status": complaint.status }, complaint.status),
        complaint.ownerAgentId ? ` · owner ${complaint.ownerAgentId}` : " · not taken yet",
        agreed ? ` · latest solution: “${agreed.solution}” (${agreed.customerAgreed ? "agreed" : "not agreed"})` : "",
      ),
      deadlineBox,
      error ? el("p", { class: "error", role: "alert" }, error) : null,
      complaint.nextAllowedStep === null || complaint.nextAllowedStep === undefined
        ? el("p", { class: "notice", role: "status" }, "The complaint process is complete.")
        : null,
      el("ol", { class: "steps", "aria-label": "Complaint steps" }, steps.map(stepItem)),
    );
  }

  return {
    open,
    /** Re-reads the complaint shown (someone recorded a step) and redraws only when it changed, keeping typed text. */
    async refreshIfShowing(id) {
      if (!complaint || complaint.complaintId !== id || busy) return;
      const answer = await api(session, `/api/v1/complaints/${encodeURIComponent(id)}`);
      const stale = !answer.ok || busy || complaint?.complaintId !== id || answer.body.steps.length < complaint.steps.length;
      if (stale || JSON.stringify(answer.body) === JSON.stringify(complaint)) return;
      complaint = answer.body;
      render();
    },
  };
}
