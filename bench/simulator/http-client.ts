import { Agent, request } from 'node:http';

export interface Answer {
  status: number;
  body: string;
  /** Milliseconds from sending the request to the end of the answer. */
  latencyMs: number;
  /** performance.now() when the answer was complete. */
  at: number;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * A keep-alive HTTP/1.1 client that calls like the Edge API's go-swagger client
 * (docs/contract.md#wire-conventions): `Accept: application/json`, and on PUT/POST `Content-Type: application/json`
 * with a body ending in a newline.
 */
const IDLE_CONNECTION_TIMEOUT_MS = 90_000;

export class HttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    maxSockets = 64,
  ) {
    // Idle connections closed after 90 s, as Go's http.Transport (the Flotta Edge API's client) does.
    this.agent = new Agent({ keepAlive: true, maxSockets, timeout: IDLE_CONNECTION_TIMEOUT_MS });
  }

  /** `timeoutMs`: the longest the socket may stay silent before the call fails with a `timeout:` error. */
  call(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
    timeoutMs = 30_000,
  ): Promise<Answer> {
    const url = new URL(path, this.baseUrl);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method,
          agent: this.agent,
          headers: {
            accept: 'application/json',
            ...(body === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const at = performance.now();
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              latencyMs: at - started,
              at,
              headers: res.headers,
            });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout: ${method} ${path}`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function pool<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  });
  await Promise.all(runners);
}
