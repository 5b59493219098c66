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

/** Ends the session; the reason (e.g. the 401's message) is shown on the sign-in page until the next sign-in. */
export function clearToken(reason?: string): void {
  sessionStorage.removeItem(TOKEN_KEY);
  if (reason) {
    sessionStorage.setItem(REASON_KEY, reason);
  }
}

/**
 * Read, not removed: several requests in flight can each meet the 401 and send the tab to the sign-in page again,
 * and a page that took the reason away would leave the last sign-in page without it. setToken() removes it.
 */
export function signOutReason(): string | null {
  return sessionStorage.getItem(REASON_KEY);
}
