// The signed-in user of this browser tab: the token answer of POST /api/v1/auth/token, kept in sessionStorage so it
// lives only as long as the tab. An expired or rejected token sends the page back to sign-in with a reason.

const storageKey = "crmhub.session";

export const signInReasons = {
  expired: "Your session has expired. Please sign in again.",
  signedOut: "You have signed out.",
};

/** The stored session, or null when there is none or it has expired. */
export function currentSession() {
  const raw = sessionStorage.getItem(storageKey);
  if (!raw) return null;
  try {
    const session = JSON.parse(raw);
    return Date.parse(session.expiresAt) > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function storeSession(tokenAnswer) {
  sessionStorage.setItem(storageKey, JSON.stringify(tokenAnswer));
}

/** Forgets the session and goes to the sign-in page, which shows why and comes back here afterwards. */
export function backToSignIn(reason) {
  sessionStorage.removeItem(storageKey);
  const query = new URLSearchParams({ next: location.pathname });
  if (reason) query.set("reason", reason);
  location.replace(`/?${query}`);
}

/**
 * The session a console page needs, or a redirect to sign-in: none stored, expired, or a role the page does not
 * allow. Also returns to sign-in the moment the token expires while the page stays open.
 */
export function requireSession() {
  const session = currentSession();
  if (!session) {
    backToSignIn(sessionStorage.getItem(storageKey) ? "expired" : undefined);
    return null;
  }
  const remaining = Date.parse(session.expiresAt) - Date.now();
  // setTimeout cannot wait longer than 2^31-1 ms; a token lasting that long is checked again on every API call.
  if (remaining < 2 ** 31 - 1) setTimeout(() => backToSignIn("expired"), remaining);
  return session;
}

export function signOut() {
  backToSignIn("signedOut");
}

export function isSupervisor(session) {
  return session.role === "Supervisor" || session.role === "Admin";
}

/** Console hub users: agents and supervisors (administrators have no inbox). */
export function hasConsole(session) {
  return session.role === "Agent" || session.role === "Supervisor";
}
