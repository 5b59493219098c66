import { TOPICS } from '@lib/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { deviceId, FLEET_NAMESPACE } from '../bench/fleet';
import { type Call, is2xx, REFUSED, TIMEOUT } from './load';

/** Up to this many ids of each kind of miss are listed, for a look in the logs. */
const SAMPLE = 10;

export interface Accounting {
  heartbeats: {
    answered2xx: number;
    /** Answered 2xx and not in device_event. */
    lost: number;
    /** Answered 2xx and in device_event more than once (under different heartbeat ids). */
    doubledInDb: number;
    /** Not answered 2xx (503, timeout) but recorded all the same: allowed, for information. */
    recordedUnacknowledged: number;
    /** Answered 2xx and missing on device.heartbeat.v1. */
    missingOnTopic: number;
    /** Extra copies on device.heartbeat.v1 of a heartbeat answered 2xx, and how many of them carry another id. */
    duplicatesOnTopic: number;
    duplicatesWithOtherEventId: number;
    samples: string[];
  };
  enrolments: { answered2xx: number; inRegistry: number; missing: string[] };
  registrations: { answered2xx: number; registered: number; missing: string[] };
  approvals: { answered2xx: number; approved: number; audited: number; missing: string[] };
  labels: {
    answered2xx: number;
    inRegistry: number;
    inReadModel: number;
    audited: number;
    missing: string[];
  };
  workloads: {
    answered2xx: number;
    audited: number;
    /** The tag stored at the end, and whether it is the last acknowledged one (or a later unanswered one). */
    storedTag: string | null;
    storedTagExpected: boolean;
    devicesTargeted: number;
    devicesRendered: number;
  };
  readModel: { devices: number; revisionMismatches: number; missing: string[] };
  /** The accounting's own targets: lost 0, doubled 0, every acknowledged write where it belongs. */
  ok: boolean;
}

const refs = (calls: Call[], kind: Call['kind']): Call[] =>
  calls.filter((c) => c.kind === kind && is2xx(c.status));

/**
 * Every heartbeat's marker on device.heartbeat.v1: how many copies, under which event ids. Read from the beginning
 * with a group of its own, up to the end offsets taken when it starts (the load has stopped by then).
 */
async function heartbeatTopic(brokers: string[], prefix: string): Promise<Map<string, string[]>> {
  const kafka = new Kafka({ clientId: 'faults-accounting', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(TOPICS.deviceHeartbeat);
  await admin.disconnect();
  const remaining = new Map(ends.map((p) => [p.partition, Number(p.high)]));
  for (const [p, high] of remaining) {
    if (high === 0) {
      remaining.delete(p);
    }
  }
  const seen = new Map<string, string[]>();
  if (remaining.size === 0) {
    return seen;
  }
  const consumer = kafka.consumer({ groupId: `faults-accounting-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.deviceHeartbeat, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('reading device.heartbeat.v1 took over 300 s')), 300_000);
    consumer
      .run({
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) {
            const event = JSON.parse(m.value?.toString() ?? '{}') as {
              eventId?: string;
              heartbeat?: { events?: { message?: string }[] | null };
            };
            const marker = event.heartbeat?.events?.[0]?.message;
            if (marker?.startsWith(prefix)) {
              seen.set(marker, [...(seen.get(marker) ?? []), event.eventId ?? '']);
            }
            if (Number(m.offset) + 1 >= (remaining.get(batch.partition) ?? Infinity)) {
              remaining.delete(batch.partition);
            }
          }
          if (remaining.size === 0) {
            clearTimeout(timer);
            resolve();
          }
          await Promise.resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return seen;
}

/**
 * After the load stopped and the system settled: what every call answered 2xx promised, checked against the
 * database and the public heartbeat topic. `devices` is the seeded fleet (the workload edits target all of it).
 */
export async function account(
  db: Pool,
  brokers: string[],
  runId: string,
  calls: Call[],
  devices: number,
  /** Whose revisions are compared (LIKE patterns): every device in a run of its own, the test's in a shared one. */
  devicePatterns = ['%'],
): Promise<Accounting> {
  // Heartbeats: exactly once in the database, at least once on the topic.
  const prefix = `hb-${runId}-`;
  const { rows: events } = await db.query<{ message: string; n: string }>(
    `SELECT message, count(*)::text AS n FROM device_event WHERE message LIKE $1 GROUP BY message`,
    [`${prefix}%`],
  );
  const inDb = new Map(events.map((r) => [r.message, Number(r.n)]));
  const onTopic = await heartbeatTopic(brokers, prefix);
  const acked = new Set(refs(calls, 'heartbeat').map((c) => c.ref));
  const hb: Accounting['heartbeats'] = {
    answered2xx: acked.size,
    lost: 0,
    doubledInDb: 0,
    recordedUnacknowledged: 0,
    missingOnTopic: 0,
    duplicatesOnTopic: 0,
    duplicatesWithOtherEventId: 0,
    samples: [],
  };
  for (const marker of acked) {
    const n = inDb.get(marker) ?? 0;
    if (n === 0) {
      hb.lost += 1;
      if (hb.samples.length < SAMPLE) hb.samples.push(`lost ${marker}`);
    } else if (n > 1) {
      hb.doubledInDb += 1;
      if (hb.samples.length < SAMPLE) hb.samples.push(`doubled ${marker} (${n})`);
    }
    const copies = onTopic.get(marker) ?? [];
    if (copies.length === 0) {
      hb.missingOnTopic += 1;
    }
    hb.duplicatesOnTopic += Math.max(0, copies.length - 1);
    hb.duplicatesWithOtherEventId += new Set(copies).size - Math.min(1, copies.length);
  }
  for (const marker of inDb.keys()) {
    if (!acked.has(marker)) {
      hb.recordedUnacknowledged += 1;
    }
  }

  // The registry (the registration worker's) and the read model (the config service's), every device.
  const { rows: registry } = await db.query<{
    device_id: string;
    state: string;
    labels: Record<string, string>;
    revision: number;
    view_revision: number | null;
    view_labels: Record<string, string> | null;
  }>(
    `SELECT d.device_id, d.state, d.labels, d.revision, v.revision AS view_revision, v.labels AS view_labels
     FROM device d LEFT JOIN device_view v USING (device_id) WHERE d.device_id LIKE ANY($1)`,
    [devicePatterns],
  );
  const byId = new Map(registry.map((r) => [r.device_id, r]));
  const mismatched = registry.filter((r) => r.view_revision !== r.revision);

  const enrolled = [...new Set(refs(calls, 'enrol').map((c) => c.ref))];
  const registered = [...new Set(refs(calls, 'register').map((c) => c.ref))];
  const approved = refs(calls, 'approve');
  const labelled = refs(calls, 'label');
  const edits = refs(calls, 'workload');

  const { rows: audit } = await db.query<{ correlation_id: string }>(
    `SELECT correlation_id FROM audit_entry WHERE correlation_id = ANY($1) AND outcome = 'succeeded'`,
    [[...approved, ...labelled, ...edits].map((c) => c.ref)],
  );
  const audited = new Set(audit.map((r) => r.correlation_id));

  // Workload edits: the stored tag is the last acknowledged one, or one sent after it whose answer never came
  // (it may have been applied); then every targeted device renders it.
  const { rows: stored } = await db.query<{ content: string }>(
    `SELECT spec::text AS content FROM workload WHERE namespace = $1 AND name = 'app-c0'`,
    [FLEET_NAMESPACE],
  );
  const storedTag = /edge-app-c0:([0-9.]+)/.exec(stored[0]?.content ?? '')?.[1] ?? null;
  const lastAcked = edits.reduce<Call | undefined>(
    (last, c) => (!last || c.at > last.at ? c : last),
    undefined,
  );
  const allowed = new Set(
    calls
      .filter(
        (c) =>
          c.kind === 'workload' &&
          (c === lastAcked ||
            ((c.status === TIMEOUT || c.status === REFUSED || c.status >= 500) &&
              c.at >= (lastAcked?.at ?? 0))),
      )
      .map((c) => c.detail),
  );
  const targeted = Array.from({ length: devices }, (_, i) => deviceId(i));
  const { rows: rendered } = await db.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM device_configuration WHERE device_id = ANY($1) AND content::text LIKE $2`,
    [targeted, `%edge-app-c0:${storedTag ?? 'none'}%`],
  );

  const missing = (ids: string[], ok: (id: string) => boolean) => ids.filter((id) => !ok(id));
  const enrolMissing = missing(enrolled, (id) => byId.has(id));
  const regMissing = missing(registered, (id) => byId.get(id)?.state === 'registered');
  const approvalMissing = missing(
    approved.map((c) => c.detail ?? ''),
    (id) => ['approved', 'registered'].includes(byId.get(id)?.state ?? ''),
  );
  const labelKey = (c: Call) => `faults-${c.ref.slice(c.ref.lastIndexOf('-') + 1)}`;
  const labelMissing = labelled
    .filter((c) => {
      const d = byId.get(c.detail ?? '');
      return d?.labels?.[labelKey(c)] !== 'set' || d.view_labels?.[labelKey(c)] !== 'set';
    })
    .map((c) => `${c.detail}:${labelKey(c)}`);

  const result: Accounting = {
    heartbeats: hb,
    enrolments: {
      answered2xx: enrolled.length,
      inRegistry: enrolled.length - enrolMissing.length,
      missing: enrolMissing.slice(0, SAMPLE),
    },
    registrations: {
      answered2xx: registered.length,
      registered: registered.length - regMissing.length,
      missing: regMissing.slice(0, SAMPLE),
    },
    approvals: {
      answered2xx: approved.length,
      approved: approved.length - approvalMissing.length,
      audited: approved.filter((c) => audited.has(c.ref)).length,
      missing: approvalMissing.slice(0, SAMPLE),
    },
    labels: {
      answered2xx: labelled.length,
      inRegistry: labelled.filter((c) => byId.get(c.detail ?? '')?.labels?.[labelKey(c)] === 'set').length,
      inReadModel: labelled.filter((c) => byId.get(c.detail ?? '')?.view_labels?.[labelKey(c)] === 'set')
        .length,
      audited: labelled.filter((c) => audited.has(c.ref)).length,
      missing: labelMissing.slice(0, SAMPLE),
    },
    workloads: {
      answered2xx: edits.length,
      audited: edits.filter((c) => audited.has(c.ref)).length,
      storedTag,
      storedTagExpected: lastAcked === undefined || (storedTag !== null && allowed.has(storedTag)),
      devicesTargeted: targeted.length,
      devicesRendered: Number(rendered[0].n),
    },
    readModel: {
      devices: registry.length,
      revisionMismatches: mismatched.length,
      missing: mismatched.slice(0, SAMPLE).map((r) => `${r.device_id} ${r.revision}/${r.view_revision}`),
    },
    ok: false,
  };
  result.ok =
    hb.lost === 0 &&
    hb.doubledInDb === 0 &&
    hb.missingOnTopic === 0 &&
    hb.duplicatesWithOtherEventId === 0 &&
    enrolMissing.length === 0 &&
    regMissing.length === 0 &&
    approvalMissing.length === 0 &&
    result.approvals.audited === approved.length &&
    labelMissing.length === 0 &&
    result.labels.audited === labelled.length &&
    result.workloads.audited === edits.length &&
    result.workloads.storedTagExpected &&
    (edits.length === 0 || result.workloads.devicesRendered === targeted.length) &&
    mismatched.length === 0;
  return result;
}
