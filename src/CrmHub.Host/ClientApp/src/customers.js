// Customer 360 views (GET /api/v1/customers/{id}), cached per page for the alert badges, and the 360 panel.
import { api } from "./api.js";
import { el, fill, formatDateTime, formatMoney, formatPercent, keyAccountBadge, tierBadge } from "./dom.js";

const cache = new Map();

/** The customer's view (fresh when asked, else the cached one), or null when unknown or not readable. */
export function customerView(session, customerId, { fresh = false } = {}) {
  if (fresh || !cache.has(customerId)) {
    cache.set(customerId, api(session, `/api/v1/customers/${encodeURIComponent(customerId)}`).then((answer) => (answer.ok ? answer.body : null)));
  }
  return cache.get(customerId);
}

function row(label, ...value) {
  return [el("dt", {}, label), el("dd", {}, ...value)];
}

/** Renders the 360 panel for a customer into container. */
export async function showCustomer(session, container, customerId) {
  fill(container, el("p", { class: "muted" }, `Loading ${customerId}…`));
  const view = await customerView(session, customerId, { fresh: true });
  if (!view) {
    fill(container, el("p", { class: "empty" }, `No customer ${customerId} is known.`));
    return;
  }
  const keyAccount = view.keyAccount ?? {};
  const churn = view.churnRisk ?? {};
  fill(
    container,
    el("h3", {}, view.profile?.name || view.customerId, " ", tierBadge(view.tier), " ", keyAccountBadge(keyAccount.isKeyAccount)),
    el(
      "dl",
      { class: "facts", "aria-label": "Customer facts" },
      row("Customer id", view.customerId),
      row("Lifecycle stage", view.lifecycleStage),
      row("Tier", view.tier ?? "—"),
      row("Key account", keyAccount.isKeyAccount ? `Yes, manager ${keyAccount.managerId ?? "—"}` : "No"),
      row("CLV", formatMoney(view.clv?.total)),
      row("Churn risk", `${churn.state ?? "—"} (${formatPercent(churn.score)})`),
      row("Satisfaction", view.satisfaction?.latest ?? "—"),
      row("Receivables", `${view.receivables?.class ?? "—"}${view.receivables?.oldestOverdueDays ? `, ${view.receivables.oldestOverdueDays} days overdue` : ""}`),
      row("Relationship", view.relationshipLevel),
      row("Revenue", `${formatMoney(view.totalRevenue)} from ${view.purchaseCount} purchases`),
      row("Open complaints", String(view.openComplaints?.length ?? 0)),
    ),
    el("h4", {}, "Timeline"),
    (view.timeline ?? []).length === 0
      ? el("p", { class: "empty" }, "Nothing on the timeline yet.")
      : el(
          "ol",
          { class: "timeline", "aria-label": "Timeline, newest first" },
          view.timeline.map((entry) =>
            el("li", {}, el("time", { datetime: entry.time }, formatDateTime(entry.time)), " ", el("strong", {}, entry.type), " ", entry.summary),
          ),
        ),
  );
}
