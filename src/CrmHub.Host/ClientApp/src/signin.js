// Sign-in page: POST /api/v1/auth/token, keep the answer for this tab, then open the console the user came from,
// else the one for their role (supervisors and administrators: the wall; agents: the agent console).
import { $ } from "./dom.js";
import { currentSession, signInReasons, storeSession } from "./session.js";

const query = new URLSearchParams(location.search);
const consolePaths = ["/agent", "/supervisor"];

function destination(session) {
  const next = query.get("next");
  if (consolePaths.includes(next)) return next;
  return session.role === "Agent" ? "/agent" : "/supervisor";
}

const existing = currentSession();
if (existing && !query.has("reason")) location.replace(destination(existing));

const reason = signInReasons[query.get("reason")];
if (reason) {
  $("#signin-reason").textContent = reason;
  $("#signin-reason").hidden = false;
}

$("#signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const error = $("#signin-error");
  const button = $("#signin-button");
  const userName = $("#userName").value.trim();
  const password = $("#password").value;
  error.hidden = true;
  if (!userName || !password) {
    error.textContent = "Enter your user name and password.";
    error.hidden = false;
    return;
  }
  button.disabled = true;
  try {
    const response = await fetch("/api/v1/auth/token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ userName, password }),
    });
    if (response.ok) {
      const session = await response.json();
      storeSession(session);
      location.replace(destination(session));
      return;
    }
    error.textContent = response.status === 401
      ? "Wrong user name or password."
      : `Signing in failed (${response.status}). Please try again.`;
  } catch {
    error.textContent = "CrmHub cannot be reached. Please try again.";
  } finally {
    button.disabled = false;
  }
  error.hidden = false;
  $("#password").select();
});
