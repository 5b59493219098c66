// The bearer token lives in sessionStorage only: gone with the tab, never in a URL, a cookie or a log.
const TOKEN_KEY = 'flotta.console.token';
const REASON_KEY = 'flotta.console.signOutReason';

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.removeItem(REASON_KEY);
}

/** Ends the session; the reason (e.g. the 401's message) is shown on the sign-in page once. */
export function clearToken(reason?: string): void {
  sessionStorage.removeItem(TOKEN_KEY);
  if (reason) {
    sessionStorage.setItem(REASON_KEY, reason);
  }
}

export function takeSignOutReason(): string | null {
  const reason = sessionStorage.getItem(REASON_KEY);
  sessionStorage.removeItem(REASON_KEY);
  return reason;
}
