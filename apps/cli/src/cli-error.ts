/** Exit codes, as the operators' scripts read them. */
export const EXIT = { ok: 0, error: 1, usage: 2, notFound: 3, refused: 4 } as const;

/** What the server said about a refused request: its stable code, message and correlation id. */
export interface ServerError {
  status: number;
  code?: string;
  message?: string;
  correlationId?: string;
  errors?: {
    index?: number;
    line?: number;
    kind?: string;
    name?: string;
    deviceId?: string;
    code?: string;
    message?: string;
  }[];
}

/** An error that ends the command with a message on stderr and a given exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.error,
    readonly server?: ServerError,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A mistake in the command line itself (exit 2). */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** 401 and 403 are refusals (4), 404 is not found (3), anything else an error (1). */
export function exitCodeForStatus(status: number): number {
  if (status === 401 || status === 403) {
    return EXIT.refused;
  }
  if (status === 404) {
    return EXIT.notFound;
  }
  return EXIT.error;
}

/** The error a non-2xx answer becomes; the server's JSON error body when it sent one. */
export function serverError(status: number, body: unknown): CliError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const server: ServerError = {
    status,
    code: typeof b.code === 'string' ? b.code : undefined,
    message:
      typeof b.message === 'string' ? b.message : Array.isArray(b.message) ? b.message.join('; ') : undefined,
    correlationId: typeof b.correlationId === 'string' ? b.correlationId : undefined,
    errors: Array.isArray(b.errors) ? (b.errors as ServerError['errors']) : undefined,
  };
  let message = `${server.code ?? `HTTP ${status}`}: ${server.message ?? 'the server refused the request'}`;
  if (status === 401) {
    message += ' (log in again: edgectl login <server> --token <token>, or set EDGECTL_TOKEN)';
  }
  return new CliError(message, exitCodeForStatus(status), server);
}

/** The lines written on stderr for an error. */
export function describeError(error: CliError): string[] {
  const lines = [`error: ${error.message}`];
  for (const e of error.server?.errors ?? []) {
    // An apply names objects; an import of pre-authorisations names CSV lines or JSON entries, and the device.
    const where = e.line !== undefined ? `line ${e.line}` : `object ${e.index ?? '?'}`;
    const what =
      [e.kind, e.name].filter(Boolean).join('/') || (e.deviceId ? `${where} (${e.deviceId})` : where);
    lines.push(`  ${what}: ${e.code ? `${e.code}: ` : ''}${e.message ?? ''}`);
  }
  if (error.server?.correlationId) {
    lines.push(`correlationId: ${error.server.correlationId}`);
  }
  return lines;
}
