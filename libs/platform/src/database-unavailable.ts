/**
 * Errors that say the database cannot be reached or did not answer in time, as opposed to errors of the
 * statement: the request may succeed once the database is back, so it is answered 503, not 500.
 * Node's socket errors, pg's own connection and query timeouts (no code, only a message), and the SQLSTATEs
 * of a lost connection (class 08), a server shutting down or starting (57P01-57P03), a cancelled statement
 * (57014: statement_timeout), a lock not granted in time (55P03: lock_timeout) and a session ended for idling
 * in a transaction (25P03).
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '57014', '55P03', '25P03']);
const PG_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client has encountered a connection error|Connection ended|terminating connection/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; depth += 1) {
    const code = (e as { code?: unknown }).code;
    const driverCode = (e as { driverError?: { code?: unknown } }).driverError?.code;
    for (const c of [code, driverCode]) {
      if (typeof c === 'string' && (SOCKET_CODES.has(c) || SQLSTATES.has(c) || c.startsWith('08'))) {
        return true;
      }
    }
    if (PG_MESSAGES.test(e.message)) {
      return true;
    }
    e = (e as { driverError?: unknown }).driverError ?? e.cause;
  }
  return false;
}
