/**
 * Whether this process is shutting down (a SIGTERM arrived): readiness then answers 503 at once, so that load
 * balancers stop sending requests while the ones in flight finish (libs/platform's graceful shutdown sets it).
 * Process-wide on purpose: a process shuts down as a whole.
 */
export const shutdownState = { draining: false };
