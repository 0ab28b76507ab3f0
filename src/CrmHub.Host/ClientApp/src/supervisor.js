// The supervisor wall: queue tiles (GET /api/v1/queues, then QueueStats pushes), 30-minute trend charts, the customer
// pyramid, the agent table, complaints at risk and the latest alerts. Every panel shows an empty state while its
// endpoint is missing or failing, and keeps polling, so the wall recovers on its own.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { api } from "./api.js";
import { $, deadlineState, el, fill, formatDuration, formatMoney, formatPercent, formatTime, tierBadge } from "./dom.js";
import { openConsole } from "./live.js";
import { describeNotification } from "./notifications.js";
import { hasConsole, isSupervisor, requireSession, signOut } from "./session.js";

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

const overallQueue = "*";
const windowMs = 30 * 60 * 1000;
const palette = ["#1f6feb", "#d97706", "#16a34a", "#9333ea", "#dc2626", "#0891b2", "#4b5563", "#be185d"];
const tierColours = { Platinum: "#6b7280", Gold: "#ca8a04", Iron: "#57606a", Lead: "#9ca3af" };
const session = requireSession();

/** Calls load now and every periodMs; a failed call is simply tried again next time. */
function every(periodMs, load) {
  load();
  setInterval(load, periodMs);
}

function queueLabel(name) {
  return name === overallQueue ? "All queues" : name;
}

// --- Queues: tiles and trend charts --------------------------------------------------------------------------------
const queues = new Map(); // queue name → latest snapshot
const history = new Map(); // queue name → [{ t, serviceLevel, waiting }]
let queuesProblem = "Loading queues…";

function tile(snapshot) {
  const level = snapshot.serviceLevel;
  const target = snapshot.serviceLevelTarget;
  const below = level !== null && level !== undefined && target !== undefined && level < target;
  const needed = snapshot.agentsNeeded;
  const available = snapshot.agentsAvailable;
  const metric = (label, value, attributes = {}) => el("div", { class: "metric", ...attributes }, el("dt", {}, label), el("dd", {}, value));
  return el(
    "article",
    { class: `tile ${below ? "tile-below-target" : ""}`, "data-queue": snapshot.queue, "aria-label": `Queue ${queueLabel(snapshot.queue)}` },
    el("h3", {}, queueLabel(snapshot.queue)),
    el(
      "div",
      { class: "gauge" },
      el("meter", { min: 0, max: 1, low: target ?? 0.85, optimum: 1, value: level ?? 0, "aria-label": "Service level" }),
      el(
        "span",
        { class: `gauge-text ${below ? "below-target" : ""}`, "data-field": "serviceLevel" },
        `SL ${formatPercent(level)} / target ${formatPercent(target)}`,
      ),
    ),
    el(
      "dl",
      { class: "metrics" },
      metric("Waiting", String(snapshot.waiting ?? 0), { "data-field": "waiting" }),
      metric("Longest wait", formatDuration(snapshot.longestWaitSeconds), { "data-field": "longestWait" }),
      metric("ASA", formatDuration(snapshot.averageSpeedOfAnswerSeconds)),
      metric("Abandoned", formatPercent(snapshot.abandonmentRate, 1)),
      metric("Offered / answered", `${snapshot.offered ?? 0} / ${snapshot.answered ?? 0}`, { "data-field": "offeredAnswered" }),
      metric(
        "Agents needed / available",
        `${needed ?? "—"} / ${available ?? "—"}`,
        { class: `metric ${needed !== null && needed !== undefined && available < needed ? "short-staffed" : ""}`, "data-field": "agents" },
      ),
    ),
  );
}

function renderTiles() {
  if (queues.size === 0) {
    fill($("#tiles"), el("p", { class: "empty" }, queuesProblem));
    return;
  }
  const ordered = [...queues.values()].sort((a, b) => (a.queue === overallQueue ? -1 : b.queue === overallQueue ? 1 : a.queue.localeCompare(b.queue)));
  fill($("#tiles"), ordered.map(tile));
}

function trendChart(canvas, yTitle, yMax) {
  return new Chart(canvas, {
    type: "line",
    data: { datasets: [] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      scales: {
        x: { type: "linear", ticks: { callback: (value) => formatTime(new Date(value).toISOString()), maxTicksLimit: 7 } },
        y: { beginAtZero: true, max: yMax, title: { display: true, text: yTitle } },
      },
      plugins: { legend: { position: "bottom" } },
    },
  });
}

let serviceLevelChart;
let waitingChart;
let chartsDirty = true;

function record(snapshot) {
  queues.set(snapshot.queue, snapshot);
  const points = history.get(snapshot.queue) ?? [];
  points.push({ t: Date.now(), serviceLevel: snapshot.serviceLevel, waiting: snapshot.waiting ?? 0 });
  history.set(snapshot.queue, points);
  chartsDirty = true;
}

function renderCharts() {
  const now = Date.now();
  const datasets = (field, scale) =>
    [...history.entries()].map(([queue, points], index) => {
      const kept = points.filter((p) => p.t >= now - windowMs);
      history.set(queue, kept);
      const data = kept.filter((p) => p[field] !== null && p[field] !== undefined).map((p) => ({ x: p.t, y: p[field] * scale }));
      // The latest figure holds until the next change: draw it up to now.
      if (data.length > 0) data.push({ x: now, y: data.at(-1).y });
      return {
        label: queueLabel(queue),
        data,
        borderColor: palette[index % palette.length],
        backgroundColor: palette[index % palette.length],
        // Only the current figure gets a dot, so a queue is visible from its first snapshot on.
        pointRadius: (context) => (context.dataIndex === data.length - 1 ? 3 : 0),
        borderWidth: queue === overallQueue ? 3 : 1.5,
        stepped: true,
      };
    });
  for (const [chart, field, scale] of [
    [serviceLevelChart, "serviceLevel", 100],
    [waitingChart, "waiting", 1],
  ]) {
    chart.data.datasets = datasets(field, scale);
    chart.options.scales.x.min = now - windowMs;
    chart.options.scales.x.max = now;
    chart.update("none");
  }
  chartsDirty = false;
}

async function loadQueues() {
  const answer = await api(session, "/api/v1/queues");
  if (!answer.ok || !answer.body) {
    queuesProblem = answer.status === 404 ? "Queue statistics are not available on this server yet." : "Queue statistics cannot be read right now.";
    if (answer.status !== 0 && answer.status !== 404) queuesProblem += ` (answer ${answer.status})`;
    renderTiles();
    return;
  }
  const { overall, queues: list } = answer.body;
  if (overall) record(overall);
  for (const snapshot of list ?? []) record(snapshot);
  queuesProblem = "No queue has had any contact yet.";
  renderTiles();
}

// --- Pyramid -------------------------------------------------------------------------------------------------------
let pyramidChart;

async function loadPyramid() {
  const answer = await api(session, "/api/v1/analytics/pyramid");
  if (!answer.ok || !answer.body) {
    $("#pareto").textContent = "The pyramid cannot be read right now.";
    return;
  }
  const pyramid = answer.body;
  const tiers = pyramid.tiers ?? [];
  $("#pareto").textContent =
    pyramid.paretoTop20RevenueShare === null || pyramid.paretoTop20RevenueShare === undefined
      ? `${pyramid.customers} customers; nobody has bought yet.`
      : `Top 20% of buyers bring ${formatPercent(pyramid.paretoTop20RevenueShare)} of revenue (${pyramid.customers} customers, ${pyramid.rankedCustomers} ranked, revenue ${formatMoney(pyramid.revenue)}).`;
  fill(
    $("#pyramid-table tbody"),
    tiers.map((tier) =>
      el(
        "tr",
        { "data-tier": tier.tier },
        el("th", { scope: "row" }, tierBadge(tier.tier)),
        el("td", {}, String(tier.count)),
        el("td", {}, formatMoney(tier.minProfit)),
        el("td", {}, formatPercent(tier.revenueShare, 1)),
      ),
    ),
  );
  pyramidChart.data.labels = tiers.map((tier) => tier.tier);
  pyramidChart.data.datasets = [
    { label: "Customers", data: tiers.map((tier) => tier.count), backgroundColor: tiers.map((tier) => tierColours[tier.tier] ?? "#888") },
  ];
  pyramidChart.update("none");
}

// --- Agents --------------------------------------------------------------------------------------------------------
let agents = [];
const breachesToday = new Map(); // agent id → SLA breaches of complaints they own, counted from this console's inbox
let sort = { key: "agent", direction: 1 };

const sortValues = {
  agent: (a) => a.displayName || a.agentId,
  presence: (a) => a.presence ?? "",
  since: (a) => Date.parse(a.presenceSince ?? 0) || 0,
  work: (a) => (a.workItems ?? []).length,
  occupancy: (a) => a.occupancy ?? 0,
  breaches: (a) => breachesToday.get(a.agentId) ?? 0,
};

function renderAgents() {
  const value = sortValues[sort.key];
  const sorted = [...agents].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return (typeof x === "string" ? x.localeCompare(y) : x - y) * sort.direction;
  });
  for (const header of document.querySelectorAll("#agents th[data-key]")) {
    header.setAttribute("aria-sort", header.dataset.key === sort.key ? (sort.direction === 1 ? "ascending" : "descending") : "none");
  }
  fill(
    $("#agents tbody"),
    sorted.map((agent) =>
      el(
        "tr",
        { "data-agent": agent.agentId },
        el("th", { scope: "row" }, agent.displayName ? `${agent.displayName} (${agent.agentId})` : agent.agentId),
        el("td", {}, el("span", { class: `presence presence-${(agent.presence ?? "").toLowerCase()}` }, agent.presence ?? "—")),
        el("td", {}, agent.presenceSince ? formatTime(agent.presenceSince) : "—"),
        el("td", {}, (agent.workItems ?? []).map((w) => `${w.channel} ${w.customerId} (${w.state})`).join(", ") || "—"),
        el("td", {}, formatPercent(agent.occupancy)),
        el("td", {}, String(breachesToday.get(agent.agentId) ?? 0)),
      ),
    ),
  );
}

async function loadAgents() {
  const answer = await api(session, "/api/v1/agents");
  const empty = $("#agents-empty");
  if (!answer.ok || !Array.isArray(answer.body)) {
    agents = [];
    empty.textContent = answer.status === 404 ? "The agent list is not available on this server yet." : "The agent list cannot be read right now.";
    empty.hidden = false;
  } else {
    agents = answer.body;
    empty.textContent = "No agents are configured.";
    empty.hidden = agents.length > 0;
  }
  renderAgents();
}

// --- Complaints at risk --------------------------------------------------------------------------------------------
let atRisk = [];

/** The complaint's next unmet deadline, or null when both are met. */
function nextDeadline(complaint) {
  const firstResponseMet = (complaint.steps ?? []).some((s) => s.step === "Apologise");
  const resolutionMet = (complaint.resolutions ?? []).some((r) => r.customerAgreed) || ["Resolved", "Closed", "Reviewed"].includes(complaint.status);
  const open = [
    !firstResponseMet && { name: "First response", dueAt: complaint.firstResponseDueAt },
    !resolutionMet && { name: "Resolution", dueAt: complaint.resolutionDueAt },
  ].filter((d) => d && d.dueAt);
  return open.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0] ?? null;
}

function renderAtRisk() {
  const now = Date.now();
  const rows = atRisk
    .map((complaint) => ({ complaint, deadline: nextDeadline(complaint) }))
    .filter((row) => row.deadline)
    .sort((a, b) => Date.parse(a.deadline.dueAt) - Date.parse(b.deadline.dueAt));
  fill(
    $("#at-risk"),
    rows.map(({ complaint, deadline }) => {
      const state = deadlineState(complaint.openedAt, deadline.dueAt, false, now);
      const remaining = (Date.parse(deadline.dueAt) - now) / 1000;
      return el(
        "li",
        { class: `risk deadline-${state}`, "data-complaint": complaint.complaintId, "data-state": state },
        el("div", {}, el("strong", {}, complaint.subject ?? complaint.complaintId), " ", tierBadge(complaint.tier)),
        el("div", { class: "muted" }, `${complaint.customerName || complaint.customerId} · ${complaint.complaintId} · owner ${complaint.ownerAgentId ?? "nobody yet"}`),
        el("div", { class: "risk-deadline" }, `${deadline.name}: ${remaining >= 0 ? `${formatDuration(remaining)} left` : `${formatDuration(-remaining)} overdue`}`),
      );
    }),
  );
  const empty = $("#at-risk-empty");
  if (rows.length > 0) empty.hidden = true;
  else if (!empty.dataset.problem) {
    empty.textContent = "No open complaint has a deadline running.";
    empty.hidden = false;
  }
}

async function loadAtRisk() {
  const answer = await api(session, "/api/v1/complaints?status=active");
  const empty = $("#at-risk-empty");
  if (!answer.ok) {
    atRisk = [];
    empty.dataset.problem = "yes";
    empty.textContent = answer.status === 404 ? "Complaints at risk are not available on this server yet." : "Complaints cannot be read right now.";
    empty.hidden = false;
  } else {
    atRisk = Array.isArray(answer.body) ? answer.body : (answer.body?.items ?? []);
    delete empty.dataset.problem;
  }
  renderAtRisk();
}

// --- Live: alerts feed, breach counts, queue pushes ----------------------------------------------------------------
let atRiskReload = null;

function onNotifications(items, { live: isLive, afterReconnect }) {
  const today = new Date().toDateString();
  const feed = $("#feed");
  for (const notification of items) {
    const about = describeNotification(notification);
    if (notification.kind === "slaBreached" && notification.data?.ownerAgentId && new Date(notification.occurredAt).toDateString() === today) {
      const owner = notification.data.ownerAgentId;
      breachesToday.set(owner, (breachesToday.get(owner) ?? 0) + 1);
    }
    feed.prepend(
      el(
        "li",
        { class: `alert alert-${notification.kind}`, "data-seq": notification.seq, "data-kind": notification.kind, "data-complaint": about.complaintId },
        el("div", { class: "alert-head" }, el("strong", {}, about.title), tierBadge(about.tier), el("time", { datetime: notification.occurredAt }, formatTime(notification.occurredAt))),
        el("p", { class: "alert-text" }, about.text),
      ),
    );
  }
  while (feed.children.length > 50) feed.lastElementChild.remove();
  $("#feed-empty").hidden = feed.children.length > 0;
  renderAgents();
  if (items.some((n) => n.data?.complaintId)) {
    clearTimeout(atRiskReload);
    atRiskReload = setTimeout(loadAtRisk, 300);
  }
  if (isLive) {
    const about = describeNotification(items[0]);
    $("#announcer").textContent = `${about.title}: ${about.text}`;
  } else if (afterReconnect) {
    $("#announcer").textContent = `${items.length} alerts received while reconnecting.`;
  }
}

function onQueueStats(snapshot) {
  record(snapshot);
  renderTiles();
}

if (session) {
  $("#user").textContent = session.userName;
  $("#sign-out").addEventListener("click", signOut);
  if (!isSupervisor(session)) {
    $("#role-message").textContent = "The supervisor wall is for supervisors. Your role is " + session.role + ": open the agent console instead.";
    $("#role-message").hidden = false;
    $("main").hidden = true;
    $("#connection").hidden = true;
  } else {
    for (const header of document.querySelectorAll("#agents th[data-key]")) {
      header.querySelector("button").addEventListener("click", () => {
        sort = { key: header.dataset.key, direction: sort.key === header.dataset.key ? -sort.direction : 1 };
        renderAgents();
      });
    }
    serviceLevelChart = trendChart($("#service-level-chart"), "Service level %", 100);
    waitingChart = trendChart($("#waiting-chart"), "Waiting", undefined);
    pyramidChart = new Chart($("#pyramid-chart"), {
      type: "bar",
      data: { labels: [], datasets: [] },
      options: {
        indexAxis: "y",
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, title: { display: true, text: "Customers" } } },
      },
    });
    every(10_000, loadQueues);
    setInterval(() => {
      chartsDirty = true; // slide the 30-minute window even when nothing changed
    }, 10_000);
    every(30_000, loadPyramid);
    every(5_000, loadAgents);
    every(15_000, loadAtRisk);
    setInterval(() => {
      if (chartsDirty) renderCharts();
      renderAtRisk();
    }, 1000);
    if (hasConsole(session)) openConsole($("#connection"), { onNotifications, onQueueStats });
    else $("#connection").textContent = "No live console for administrators: figures refresh every few seconds.";
  }
}
