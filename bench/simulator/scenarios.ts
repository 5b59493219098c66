import { Client } from 'pg';
import {
  deviceId,
  edgePath,
  enrolmentBody,
  FLEET_NAMESPACE,
  heartbeatBody,
  registrationBody,
} from '../fleet';
import { type Latency, Samples, summarise } from '../stats';
import { HttpClient, pool } from './http-client';
import { type LoadResult, runLoad } from './load';

export interface DbParams {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

const pick = (devices: number): number => Math.floor(Math.random() * devices);

/** Concurrent `GET configuration` of devices picked uniformly at random, at full speed or at a paced rate. */
export function configReads(spec: {
  url: string;
  devices: number;
  firstDevice?: number;
  connections: number;
  durationS: number;
  rate?: number;
}): Promise<LoadResult> {
  const first = spec.firstDevice ?? 0;
  return runLoad({
    url: spec.url,
    connections: spec.connections,
    durationS: spec.durationS,
    rate: spec.rate,
    method: 'GET',
    next: () => ({ path: edgePath(FLEET_NAMESPACE, deviceId(first + pick(spec.devices)), 'configuration') }),
  });
}

/** Each device's rendered configuration version, the one a real device reports in its heartbeats. */
async function versions(db: DbParams): Promise<Map<string, string>> {
  const client = new Client(db);
  await client.connect();
  try {
    const { rows } = await client.query<{ device_id: string; version: string }>(
      `SELECT device_id, version::text AS version FROM device_configuration WHERE content IS NOT NULL`,
    );
    return new Map(rows.map((r) => [r.device_id, r.version]));
  } finally {
    await client.end();
  }
}

/**
 * Heartbeats at full speed: `connections` devices-in-turn loops, each sending its next heartbeat when the last
 * was answered (closed loop). Every request sent is waited for, so the count check is exact. Devices take
 * turns, so one device's heartbeats are seconds apart and never equal, as in a real fleet.
 */
export async function heartbeatsMax(spec: {
  url: string;
  devices: number;
  connections: number;
  durationS: number;
  db: DbParams;
}): Promise<LoadResult> {
  const known = await versions(spec.db);
  const http = new HttpClient(spec.url, spec.connections);
  const latency = new Samples();
  let turn = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let bytes = 0;
  const start = performance.now();
  const end = start + spec.durationS * 1000;
  const loop = async (): Promise<void> => {
    while (performance.now() < end) {
      const index = turn++ % spec.devices;
      const id = deviceId(index);
      try {
        const a = await http.call(
          'PUT',
          edgePath(FLEET_NAMESPACE, id, 'heartbeat'),
          heartbeatBody(index, known.get(id) ?? '1'),
        );
        latency.add(a.latencyMs);
        bytes += a.body.length;
        if (a.status >= 200 && a.status < 300) {
          ok += 1;
        } else {
          non2xx += 1;
        }
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, loop));
  const elapsed = (performance.now() - start) / 1000;
  http.close();
  const requests = ok + non2xx;
  return {
    offeredRps: null,
    connections: spec.connections,
    durationS: Math.round(elapsed * 10) / 10,
    requests,
    ok,
    non2xx,
    errors,
    timeouts: 0,
    rps: Math.round(ok / elapsed),
    latencyMs: summarise(latency.values()),
    bytesPerAnswer: requests > 0 ? Math.round(bytes / requests) : 0,
  };
}

export interface PacedHeartbeatResult {
  offeredRps: number;
  /** How long heartbeats were sent; `answeredWithinS` until the last answer. */
  durationS: number;
  answeredWithinS: number;
  sent: number;
  ok: number;
  failed: number;
  acceptedPerS: number;
  latencyMs: Latency;
  /** Answer received → the heartbeat's effect visible in device_status, for every answered heartbeat. */
  lagMs: Latency;
  /** Answered heartbeats never seen in the read model within the grace period. */
  neverVisible: number;
}

/**
 * Heartbeats at a fixed offered rate (open loop: sent on a 10 ms clock whatever the answers do), and the
 * end-to-end lag: each answered heartbeat is pending until device_status shows a last_seen_at at or after the
 * moment it was sent (the gateway stamps receivedAt after that moment, on the same clock). The read model is
 * polled every `pollMs` for the pending devices only.
 */
export async function heartbeatsPaced(spec: {
  url: string;
  devices: number;
  rate: number;
  durationS: number;
  db: DbParams;
  pollMs?: number;
  graceMs?: number;
}): Promise<PacedHeartbeatResult> {
  const known = await versions(spec.db);
  const http = new HttpClient(spec.url, 512);
  const db = new Client(spec.db);
  await db.connect();
  const pollMs = spec.pollMs ?? 20;
  const latency = new Samples();
  const lag = new Samples();
  /** device → the wall-clock ms its heartbeat was sent and when its answer came (performance.now()). */
  const pending = new Map<string, { sentWall: number; answeredAt: number }>();
  let sent = 0;
  let ok = 0;
  let failed = 0;
  let turn = 0;
  let polling = true;
  let stoppedAt = 0;

  const poller = (async () => {
    while (polling || pending.size > 0) {
      const started = performance.now();
      if (pending.size > 0) {
        const ids = [...pending.keys()];
        const { rows } = await db.query<{ device_id: string; seen: string }>(
          `SELECT device_id, (extract(epoch FROM last_seen_at) * 1000)::bigint::text AS seen
           FROM device_status WHERE device_id = ANY($1)`,
          [ids],
        );
        const now = performance.now();
        for (const row of rows) {
          const p = pending.get(row.device_id);
          if (p && Number(row.seen) >= p.sentWall) {
            lag.add(Math.max(0, now - p.answeredAt));
            pending.delete(row.device_id);
          }
        }
      }
      if (!polling && performance.now() - stoppedAt > (spec.graceMs ?? 15_000)) {
        break;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, pollMs - (performance.now() - started))));
    }
  })();

  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  const end = start + spec.durationS * 1000;
  let due = 0;
  while (performance.now() < end) {
    // Catch up to the schedule: everything due by now is sent, so a slow answer never lowers the offered rate.
    const target = Math.floor(((performance.now() - start) / 1000) * spec.rate);
    for (; due < target; due++) {
      const index = turn++ % spec.devices;
      const id = deviceId(index);
      const sentWall = Date.now();
      sent += 1;
      const p = http
        .call('PUT', edgePath(FLEET_NAMESPACE, id, 'heartbeat'), heartbeatBody(index, known.get(id) ?? '1'))
        .then(
          (a) => {
            latency.add(a.latencyMs);
            if (a.status === 200) {
              ok += 1;
              if (!pending.has(id)) {
                pending.set(id, { sentWall, answeredAt: a.at });
              }
            } else {
              failed += 1;
            }
          },
          () => {
            failed += 1;
          },
        )
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const sending = (performance.now() - start) / 1000;
  await Promise.all(inFlight);
  stoppedAt = performance.now();
  // Over the time until the last answer: answers that came after the sending window count, and so does their wait.
  const elapsed = (stoppedAt - start) / 1000;
  polling = false;
  await poller;
  await db.end();
  http.close();
  return {
    offeredRps: spec.rate,
    durationS: Math.round(sending * 10) / 10,
    answeredWithinS: Math.round(elapsed * 10) / 10,
    sent,
    ok,
    failed,
    acceptedPerS: Math.round(ok / elapsed),
    latencyMs: summarise(latency.values()),
    lagMs: summarise(lag.values()),
    neverVisible: pending.size,
  };
}

export interface StormResult {
  devices: number;
  /** Devices whose PUT registration was answered 200 before the deadline. */
  registered: number;
  /** Start → the last device's PUT registration answered 200. */
  allRegisteredByApiS: number;
  requests: number;
  failedRequests: number;
  enrolmentPolls: number;
  latencyMs: Latency;
}

/**
 * Every device does what the device-worker does through the Edge API: POST enrolment until it is answered 200
 * (approved), every `pollMs`; then GET registration with the initial namespace to learn its namespace (the
 * certificate step), then PUT registration with its hardware.
 */
export async function enrolmentStorm(spec: {
  url: string;
  firstDevice: number;
  devices: number;
  concurrency: number;
  pollMs: number;
  /** Devices still trying after this give up (the figure then says how many made it). */
  timeoutMs?: number;
}): Promise<StormResult> {
  const http = new HttpClient(spec.url, spec.concurrency);
  const latency = new Samples();
  let requests = 0;
  let failedRequests = 0;
  let polls = 0;
  const call = async (method: string, path: string, body?: string) => {
    requests += 1;
    try {
      const a = await http.call(method, path, body);
      latency.add(a.latencyMs);
      if (a.status >= 500) {
        failedRequests += 1;
      }
      return a;
    } catch {
      failedRequests += 1;
      return undefined;
    }
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const start = performance.now();
  const deadline = start + (spec.timeoutMs ?? 600_000);
  let lastRegistered = start;
  let registered = 0;

  const device = async (index: number): Promise<void> => {
    const id = deviceId(index);
    for (;;) {
      if (performance.now() > deadline) {
        return;
      }
      polls += 1;
      const enrol = await call('POST', edgePath(FLEET_NAMESPACE, id, 'enrolment'), enrolmentBody());
      if (enrol?.status === 200) {
        break;
      }
      await sleep(spec.pollMs);
    }
    let namespace = '';
    for (;;) {
      if (performance.now() > deadline) {
        return;
      }
      const reg = await call('GET', edgePath('default', id, 'registration'));
      if (reg?.status === 200) {
        namespace = (JSON.parse(reg.body) as { namespace: string }).namespace;
        break;
      }
      await sleep(spec.pollMs);
    }
    for (;;) {
      if (performance.now() > deadline) {
        return;
      }
      const put = await call('PUT', edgePath(namespace, id, 'registration'), registrationBody(index));
      if (put?.status === 200) {
        lastRegistered = performance.now();
        registered += 1;
        return;
      }
      await sleep(spec.pollMs);
    }
  };
  const indexes = Array.from({ length: spec.devices }, (_, i) => spec.firstDevice + i);
  // Devices, not requests, are bounded: each sleeps between its polls without holding a slot's socket.
  await pool(indexes, spec.devices, device);
  http.close();
  return {
    devices: spec.devices,
    registered,
    allRegisteredByApiS: Math.round((lastRegistered - start) / 100) / 10,
    requests,
    failedRequests,
    enrolmentPolls: polls,
    latencyMs: summarise(latency.values()),
  };
}

/**
 * GET configuration for each device until every one serves a document whose text contains `marker`; returns
 * when that happened (ms after the call) and how many sweeps it took.
 */
export async function waitServed(spec: {
  url: string;
  firstDevice: number;
  devices: number;
  marker: string;
  concurrency: number;
  timeoutMs: number;
  /** Each device, once served the marker, heartbeats that version with its workloads running (rollouts). */
  heartbeat?: boolean;
}): Promise<{ servedAllMs: number; sweeps: number; stale: number }> {
  const http = new HttpClient(spec.url, spec.concurrency);
  const start = performance.now();
  let remaining = Array.from({ length: spec.devices }, (_, i) => spec.firstDevice + i);
  let sweeps = 0;
  while (remaining.length > 0 && performance.now() - start < spec.timeoutMs) {
    sweeps += 1;
    const stale: number[] = [];
    await pool(remaining, spec.concurrency, async (index) => {
      const a = await http
        .call('GET', edgePath(FLEET_NAMESPACE, deviceId(index), 'configuration'))
        .catch(() => undefined);
      if (a?.status !== 200 || !a.body.includes(spec.marker)) {
        stale.push(index);
      } else if (spec.heartbeat) {
        const served = JSON.parse(a.body) as { 'device-configuration'?: { version?: string } };
        const version = served['device-configuration']?.version ?? '1';
        const id = deviceId(index);
        // A heartbeat not accepted (a 503 on a loaded machine) is sent again on the next sweep, as a device's next
        // period would: else its batch would wait for it until the device timeout.
        const beat = await http
          .call('PUT', edgePath(FLEET_NAMESPACE, id, 'heartbeat'), heartbeatBody(index, version))
          .catch(() => undefined);
        if (!beat || beat.status < 200 || beat.status >= 300) {
          stale.push(index);
        }
      }
    });
    remaining = stale;
  }
  http.close();
  return { servedAllMs: Math.round(performance.now() - start), sweeps, stale: remaining.length };
}
