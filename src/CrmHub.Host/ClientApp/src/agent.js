// The agent console: presence, work offers, the live alert list, the complaint flow and the customer 360 view.
import { $, beep, el, fill, formatDuration, formatTime, keyAccountBadge, tierBadge } from "./dom.js";
import { complaintPanel } from "./complaint.js";
import { customerView, showCustomer } from "./customers.js";
import { openConsole } from "./live.js";
import { describeNotification, revokeReasons, urgentKinds } from "./notifications.js";
import { isSupervisor, requireSession, signOut } from "./session.js";

const maxAlertsShown = 300;
const session = requireSession();

if (session) {
  $("#user").textContent = session.userName;
  $("#supervisor-link").hidden = !isSupervisor(session);
  $("#sign-out").addEventListener("click", signOut);
  $("#sound").checked = localStorage.getItem("crmhub.sound") === "on";
  $("#sound").addEventListener("change", (event) => localStorage.setItem("crmhub.sound", event.target.checked ? "on" : "off"));

  const announce = (text) => {
    $("#announcer").textContent = text;
  };
  const customers = (customerId) => {
    $("#customer-id").value = customerId;
    showCustomer(session, $("#customer"), customerId);
  };
  const complaints = complaintPanel(session, $("#complaint"), { onCustomer: customers });
  const openComplaint = (complaintId) => {
    $("#complaint-id").value = complaintId;
    complaints.open(complaintId);
  };
  $("#complaint-open").addEventListener("submit", (event) => {
    event.preventDefault();
    openComplaint($("#complaint-id").value.trim());
  });
  $("#customer-open").addEventListener("submit", (event) => {
    event.preventDefault();
    customers($("#customer-id").value.trim());
  });

  // --- Offers and current work -------------------------------------------------------------------------------------
  const offers = new Map(); // workItemId → { data, error }
  const work = new Map(); // workItemId → assignment data (accepted)
  const ended = new Set(); // offers withdrawn, declined or accepted: never shown again (also when resync repeats them)

  function renderOffers() {
    const now = Date.now();
    for (const [id, offer] of offers) {
      if (Date.parse(offer.data.expiresAt) <= now) {
        offers.delete(id);
        ended.add(id);
        announce(`The offer of ${id} expired.`);
      }
    }
    const box = $("#offer");
    box.hidden = offers.size === 0;
    fill(
      box,
      [...offers.values()].map(({ data, error }) =>
        el(
          "section",
          { class: "offer-card", "aria-label": `Work offered: ${data.workItemId}`, "data-work-item": data.workItemId },
          el("h2", {}, "Work offered ", tierBadge(data.tier), " ", keyAccountBadge(data.isKeyAccount)),
          el("p", {}, `${data.channel} from queue ${data.queue} — customer ${data.customerId}`),
          el("p", { class: "countdown" }, "Expires in ", el("strong", {}, formatDuration((Date.parse(data.expiresAt) - now) / 1000))),
          error ? el("p", { class: "error", role: "alert" }, error) : null,
          el(
            "div",
            { class: "buttons" },
            el("button", { type: "button", class: "primary", onclick: () => answerOffer(data, "Accept") }, "Accept"),
            el("button", { type: "button", onclick: () => answerOffer(data, "Decline") }, "Decline"),
          ),
        ),
      ),
    );
  }

  async function answerOffer(data, method) {
    const answer = await live.invoke(method, data.workItemId);
    const offer = offers.get(data.workItemId);
    if (!answer.ok) {
      if (offer) offer.error = `${method} failed: ${answer.error}`;
      renderOffers();
      return;
    }
    offers.delete(data.workItemId);
    ended.add(data.workItemId);
    if (method === "Accept") {
      work.set(data.workItemId, data);
      customers(data.customerId);
    }
    renderOffers();
    renderWork();
  }

  function renderWork() {
    $("#work").hidden = work.size === 0;
    $("#capacity").textContent = `In use: ${work.size}`;
    fill(
      $("#work-list"),
      [...work.values()].map((data) =>
        el(
          "li",
          {},
          `${data.channel} · ${data.customerId} `,
          el("span", { class: "error", role: "alert", id: `work-error-${data.workItemId}` }),
          el("button", { type: "button", onclick: () => complete(data) }, "Complete"),
        ),
      ),
    );
  }

  async function complete(data) {
    const answer = await live.invoke("Complete", data.workItemId);
    if (!answer.ok) {
      const message = document.getElementById(`work-error-${data.workItemId}`);
      if (message) message.textContent = `Complete failed: ${answer.error} `;
      return;
    }
    work.delete(data.workItemId);
    renderWork();
  }

  setInterval(() => {
    if (offers.size > 0) renderOffers();
  }, 1000);

  // --- Presence ----------------------------------------------------------------------------------------------------
  let presence = $("#presence").value;
  const presenceMessage = (text) => {
    $("#presence-message").textContent = text;
    $("#presence-message").hidden = !text;
  };
  $("#presence").addEventListener("change", async (event) => {
    const wanted = event.target.value;
    event.target.setAttribute("aria-busy", "true");
    const answer = await live.invoke("SetPresence", wanted);
    event.target.removeAttribute("aria-busy");
    if (answer.ok) {
      presence = wanted;
      presenceMessage("");
    } else {
      event.target.value = presence;
      presenceMessage(`Presence could not be changed: ${answer.error}`);
    }
  });

  // --- Alerts ------------------------------------------------------------------------------------------------------
  function alertItem(notification) {
    const about = describeNotification(notification);
    const badges = el("span", { class: "badges" }, tierBadge(about.tier), keyAccountBadge(about.isKeyAccount));
    if (about.customerId && (about.tier === undefined || about.isKeyAccount === undefined)) {
      customerView(session, about.customerId).then((view) => {
        if (!view) return;
        fill(badges, tierBadge(about.tier ?? view.tier), keyAccountBadge(about.isKeyAccount ?? view.keyAccount?.isKeyAccount));
      });
    }
    return el(
      "li",
      { class: `alert alert-${notification.kind}`, "data-seq": notification.seq, "data-kind": notification.kind, "data-complaint": about.complaintId },
      el("div", { class: "alert-head" }, el("strong", {}, about.title), badges, el("time", { datetime: notification.occurredAt }, formatTime(notification.occurredAt))),
      el("p", { class: "alert-text" }, about.text),
      el(
        "div",
        { class: "alert-actions" },
        about.complaintId
          ? el("button", { type: "button", class: "link", "aria-label": `Open complaint ${about.complaintId}`, onclick: () => openComplaint(about.complaintId) }, "Open complaint")
          : null,
        about.customerId
          ? el("button", { type: "button", class: "link", "aria-label": `Open customer ${about.customerId}`, onclick: () => customers(about.customerId) }, "Open customer")
          : null,
      ),
    );
  }

  function onNotification(notification, isNews) {
    const data = notification.data ?? {};
    switch (notification.kind) {
      case "assignment":
        if (!ended.has(data.workItemId) && Date.parse(data.expiresAt) > Date.now()) offers.set(data.workItemId, { data });
        renderOffers();
        break;
      case "assignmentRevoked":
        offers.delete(data.workItemId);
        ended.add(data.workItemId);
        if (work.delete(data.workItemId)) renderWork();
        renderOffers();
        announce(`Offer ${data.workItemId} withdrawn: ${revokeReasons[data.reason] ?? data.reason}.`);
        break;
      case "presenceChanged":
        if ([...$("#presence").options].some((option) => option.value === data.presence)) $("#presence").value = presence = data.presence;
        // Old changes (the inbox as the page opened) only set the switch; news is also said, with its reason.
        if (isNews) presenceMessage(`Presence is now ${data.presence}${data.reason ? `: ${data.reason}` : ""}.`);
        break;
      case "complaintUpdated":
        complaints.refreshIfShowing(data.complaintId);
        break;
      default:
        break;
    }
  }

  function onNotifications(items, { live: isLive, afterReconnect }) {
    const list = $("#alerts");
    for (const notification of items) {
      list.prepend(alertItem(notification));
      onNotification(notification, isLive || afterReconnect);
    }
    while (list.children.length > maxAlertsShown) list.lastElementChild.remove();
    $("#alerts-empty").hidden = list.children.length > 0;
    if (isLive) {
      const about = describeNotification(items[0]);
      announce(`${about.title}: ${about.text}`);
    } else if (afterReconnect) {
      announce(`${items.length} notification${items.length === 1 ? "" : "s"} received while reconnecting.`);
    }
    if ((isLive || afterReconnect) && $("#sound").checked && items.some((n) => urgentKinds.has(n.kind))) beep();
  }

  const live = openConsole($("#connection"), { onNotifications });
  renderWork();
}
