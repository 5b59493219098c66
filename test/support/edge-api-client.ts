import { inject } from 'vitest';

export interface EdgeResponse {
  status: number;
  contentType: string | null;
  /** The Retry-After header (every 503 carries one). */
  retryAfter: string | null;
  text: string;
  /** The body parsed as JSON (undefined when empty). */
  body: unknown;
}

/**
 * Calls the Edge Configuration API the way the Flotta Edge API's go-swagger client does
 * (docs/contract.md#wire-conventions): `Accept: application/json`, JSON bodies ending with a newline, path segments
 * escaped with PathEscape.
 */
export class EdgeApiClient {
  constructor(private readonly baseUrl = `${inject('gatewayUrl')}/api/flotta-backend/v1`) {}

  enrol(ns: string, id: string, body: unknown): Promise<EdgeResponse> {
    return this.call('POST', ns, id, 'enrolment', body);
  }

  registrationStatus(ns: string, id: string): Promise<EdgeResponse> {
    return this.call('GET', ns, id, 'registration');
  }

  register(ns: string, id: string, body: unknown): Promise<EdgeResponse> {
    return this.call('PUT', ns, id, 'registration', body);
  }

  configuration(ns: string, id: string): Promise<EdgeResponse> {
    return this.call('GET', ns, id, 'configuration');
  }

  heartbeat(ns: string, id: string, body: unknown): Promise<EdgeResponse> {
    return this.call('PUT', ns, id, 'heartbeat', body);
  }

  playbookExecutions(ns: string, id: string): Promise<EdgeResponse> {
    return this.call('GET', ns, id, 'playbookexecutions');
  }

  /** Sends raw text as the body, for malformed-input tests. */
  async raw(
    method: string,
    path: string,
    body?: string,
    contentType = 'application/json',
  ): Promise<EdgeResponse> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': contentType }) },
      body,
    });
    return toEdgeResponse(res);
  }

  private async call(
    method: string,
    ns: string,
    id: string,
    op: string,
    body?: unknown,
  ): Promise<EdgeResponse> {
    const path = `/namespaces/${encodeURIComponent(ns)}/devices/${encodeURIComponent(id)}/${op}`;
    return this.raw(method, path, body === undefined ? undefined : `${JSON.stringify(body)}\n`);
  }
}

async function toEdgeResponse(res: Response): Promise<EdgeResponse> {
  const text = await res.text();
  let body: unknown;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    retryAfter: res.headers.get('retry-after'),
    text,
    body,
  };
}
