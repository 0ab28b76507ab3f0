// HTTP calls to CrmHub's API with the session's bearer token. Every answer is returned, errors included, so each
// panel can show an empty state or the problem instead of breaking; a 401 means the token is no longer accepted.
import { backToSignIn } from "./session.js";

/**
 * Calls the API: resolves to { ok, status, body } where body is the parsed JSON (a problem document on errors), or
 * { ok: false, status: 0, body: null } when the server could not be reached.
 */
export async function api(session, path, { method = "GET", body } = {}) {
  const headers = { Authorization: `Bearer ${session.accessToken}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    return { ok: false, status: 0, body: null };
  }
  if (response.status === 401) {
    backToSignIn("expired");
    return { ok: false, status: 401, body: null };
  }
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { ok: response.ok, status: response.status, body: parsed };
}

/** One readable sentence for a failed answer: the problem's title, detail and field errors. */
export function describeProblem(answer) {
  if (answer.status === 0) return "CrmHub cannot be reached.";
  const problem = answer.body ?? {};
  const parts = [problem.title ?? `The request failed (${answer.status}).`];
  if (problem.detail) parts.push(problem.detail);
  for (const [field, messages] of Object.entries(problem.errors ?? {})) parts.push(`${field}: ${messages.join(" ")}`);
  return parts.join(" ");
}
