// The console's live connection to /hubs/console: a connection indicator, Resync(lastSeq) after every (re)connect
// and on any gap in the pushed sequence numbers, and a guarantee that each notification is handed to the page once.
import { HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { backToSignIn, currentSession } from "./session.js";

const hubPath = "/hubs/console";
const restartDelayMs = 3000;

const stateLabels = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

/** Shows the connection state in the indicator element (role="status", so changes are announced). */
function showState(indicator, state, detail) {
  indicator.dataset.state = state;
  indicator.textContent = detail ? `${stateLabels[state]} — ${detail}` : stateLabels[state];
}

/** A hub error without SignalR's wrapping: "…on the server. HubException: Unknown item" → "Unknown item". */
export function hubErrorMessage(error) {
  const message = String(error?.message ?? error);
  const marker = "HubException: ";
  const at = message.lastIndexOf(marker);
  return at >= 0 ? message.slice(at + marker.length) : message;
}

/**
 * Opens the live console. handlers: onNotifications(items, { live, afterReconnect }) gets new notifications in
 * sequence order, never one twice; onQueueStats(snapshot) gets the supervisors' queue pushes.
 * Returns { invoke(method, ...args) → { ok, result, error } }.
 */
export function openConsole(indicator, { onNotifications, onQueueStats }) {
  let lastSeq = 0;
  let connectedBefore = false;
  let stopped = false;
  const seen = new Set();

  const connection = new HubConnectionBuilder()
    .withUrl(hubPath, {
      accessTokenFactory: () => {
        const session = currentSession();
        if (!session) backToSignIn("expired");
        return session?.accessToken ?? "";
      },
    })
    // Keep trying while the server is away (restarts, deployments): 1 s, 2 s, … then every 5 s, never giving up.
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (retry) => Math.min(1000 * (retry.previousRetryCount + 1), 5000) })
    .configureLogging(LogLevel.Warning)
    .build();

  function deliver(items, context) {
    const fresh = items
      .filter((item) => !seen.has(item.seq))
      .sort((a, b) => a.seq - b.seq);
    for (const item of fresh) {
      seen.add(item.seq);
      lastSeq = Math.max(lastSeq, item.seq);
    }
    if (fresh.length > 0) onNotifications?.(fresh, context);
  }

  let resyncing = null;
  async function resync(afterReconnect) {
    // One resync at a time; a gap seen meanwhile is covered by asking again afterwards.
    if (resyncing) return resyncing.then(() => resync(afterReconnect));
    resyncing = (async () => {
      try {
        const answer = await connection.invoke("Resync", lastSeq);
        deliver(answer.items ?? [], { live: false, afterReconnect });
        lastSeq = Math.max(lastSeq, answer.lastSeq ?? 0);
      } catch (error) {
        showState(indicator, connection.state === HubConnectionState.Connected ? "connected" : "reconnecting", `resync failed: ${hubErrorMessage(error)}`);
      } finally {
        resyncing = null;
      }
    })();
    return resyncing;
  }

  connection.on("Notify", (notification) => {
    if (seen.has(notification.seq)) return;
    if (notification.seq === lastSeq + 1) deliver([notification], { live: true, afterReconnect: false });
    else resync(false); // a gap (or the first push before the first resync): fetch everything after lastSeq
  });
  connection.on("QueueStats", (snapshot) => onQueueStats?.(snapshot));

  connection.onreconnecting(() => showState(indicator, "reconnecting"));
  connection.onreconnected(async () => {
    showState(indicator, "connected");
    await resync(true);
  });
  connection.onclose(() => {
    if (stopped) return;
    showState(indicator, "offline");
    setTimeout(start, restartDelayMs);
  });

  async function start() {
    if (stopped || connection.state !== HubConnectionState.Disconnected) return;
    if (!currentSession()) {
      backToSignIn("expired");
      return;
    }
    showState(indicator, connectedBefore ? "reconnecting" : "connecting");
    try {
      await connection.start();
    } catch (error) {
      const message = String(error?.message ?? error);
      if (message.includes("403")) {
        stopped = true;
        showState(indicator, "offline", "live updates need an agent or supervisor account");
        return;
      }
      if (message.includes("401")) {
        backToSignIn("expired");
        return;
      }
      showState(indicator, "offline");
      setTimeout(start, restartDelayMs);
      return;
    }
    showState(indicator, "connected");
    const afterReconnect = connectedBefore;
    connectedBefore = true;
    await resync(afterReconnect);
  }

  window.addEventListener("online", () => start());
  start();

  return {
    async invoke(method, ...args) {
      try {
        return { ok: true, result: await connection.invoke(method, ...args) };
      } catch (error) {
        return { ok: false, error: hubErrorMessage(error) };
      }
    },
  };
}
