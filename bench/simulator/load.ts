import autocannon from 'autocannon';
import { type Latency, Samples, summarise } from '../stats';

/** One load run's figures. */
export interface LoadResult {
  /** Offered rate (requests per second) for paced runs; null for closed-loop runs at full speed. */
  offeredRps: number | null;
  connections: number;
  durationS: number;
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  rps: number;
  latencyMs: Latency;
  bytesPerAnswer: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationS: number;
  /** Paced run: requests per second over all connections; absent for full speed. */
  rate?: number;
  method: 'GET' | 'PUT';
  /** Path (and body) of the next request: called once per request, synchronously. */
  next: () => { path: string; body?: string };
}

/**
 * Drives the load with autocannon (HTTP/1.1 keep-alive, one request in flight per connection) and keeps every
 * answer's latency, so the percentiles are exact rather than autocannon's fixed set (which has no p95).
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const samples = new Samples();
  let ok = 0;
  let non2xx = 0;
  let bytes = 0;
  let done!: (result: autocannon.Result) => void;
  let failed!: (error: Error) => void;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      duration: options.durationS,
      overallRate: options.rate,
      timeout: 10,
      headers: {
        accept: 'application/json',
        ...(options.method === 'PUT' ? { 'content-type': 'application/json' } : {}),
      },
      requests: [
        {
          method: options.method,
          setupRequest: (req) => {
            const { path, body } = options.next();
            return { ...req, path, ...(body === undefined ? {} : { body }) };
          },
        },
      ],
    },
    (error, result) => (error ? failed(error as Error) : done(result)),
  );
  instance.on('response', (_client: unknown, status: number, resBytes: number, responseTime: number) => {
    samples.add(responseTime);
    bytes += resBytes;
    if (status >= 200 && status < 300) {
      ok += 1;
    } else {
      non2xx += 1;
    }
  });
  const result = await finished;
  const requests = ok + non2xx;
  return {
    offeredRps: options.rate ?? null,
    connections: options.connections,
    durationS: result.duration,
    requests,
    ok,
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    rps: Math.round(requests / result.duration),
    latencyMs: summarise(samples.values()),
    bytesPerAnswer: requests > 0 ? Math.round(bytes / requests) : 0,
  };
}
