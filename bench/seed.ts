import { TOPICS } from '@lib/contracts';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { appWorkload } from './catalogue';
import { COHORT_SIZE, cohortOf, deviceId, FLEET_NAMESPACE, hardware } from './fleet';
import type { Management } from './management';

/**
 * The shortcut for devices beyond the storm's: it writes what the registration worker would have written for a
 * registered device (the `device` row, the read model's `device_view` row, both at revision 3: enrolled,
 * approved by the rule, registered) and publishes each device's snapshot on the compacted `device.state.v1`,
 * exactly as the outbox relay does, so the gateway's registry is built the real way. The configurations are
 * then rendered the real way too: writing each cohort's workload makes the config service render every device
 * it targets (all three workloads of each).
 */
export async function seedRegistered(
  db: Pool,
  brokers: string[],
  management: Management,
  from: number,
  to: number,
): Promise<{ seconds: number; renderSeconds: number }> {
  const started = performance.now();
  const now = new Date().toISOString();
  const BATCH = 5000;
  const kafka = new Kafka({ clientId: 'bench-seed', brokers, logLevel: logLevel.WARN });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  // Each batch is published once written, and not kept: a million devices' snapshots would not fit the heap.
  try {
    for (let start = from; start < to; start += BATCH) {
      const batch = [];
      for (let i = start; i < Math.min(to, start + BATCH); i++) {
        const hw = hardware(i);
        const labels = {
          fleet: 'bench',
          cohort: cohortOf(i),
          'device.hostname': `edge-${i}`,
          'device.cpu-architecture': 'aarch64',
          'device.cpu-model': 'cortex-a72',
          'device.system-manufacturer': 'raspberrypifoundation',
          'device.system-product': 'raspberrypi4modelbrev1.4',
          'device.system-serial': (hw.system_vendor as { serial_number: string }).serial_number,
        };
        const snapshot = {
          deviceId: deviceId(i),
          namespace: FLEET_NAMESPACE,
          requestedNamespace: FLEET_NAMESPACE,
          state: 'registered',
          revision: 3,
          labels,
          hardware: hw,
          enrolledAt: now,
          decidedAt: now,
          decidedBy: 'rule:bench-storm',
          decisionReason: null,
          registeredAt: now,
          decommissionedAt: null,
        };
        batch.push({ device_id: deviceId(i), snapshot });
      }
      const json = JSON.stringify(batch.map((b) => b.snapshot));
      await db.query(
        `INSERT INTO device (device_id, namespace, requested_namespace, state, revision, labels, hardware,
         enrolment_info, enrolled_at, decided_at, decided_by, registered_at)
       SELECT s."deviceId", s.namespace, s."requestedNamespace", s.state, s.revision, s.labels, s.hardware,
         '{"features":{"modelName":"rpi4"},"target_namespace":"${FLEET_NAMESPACE}"}'::jsonb,
         s."enrolledAt", s."decidedAt", s."decidedBy", s."registeredAt"
       FROM jsonb_to_recordset($1::jsonb) AS s("deviceId" text, namespace text, "requestedNamespace" text,
         state text, revision int, labels jsonb, hardware jsonb, "enrolledAt" timestamptz,
         "decidedAt" timestamptz, "decidedBy" text, "registeredAt" timestamptz)`,
        [json],
      );
      await db.query(
        `INSERT INTO device_view (device_id, namespace, requested_namespace, state, revision, labels, hardware,
         enrolled_at, decided_at, decided_by, registered_at, updated_at)
       SELECT device_id, namespace, requested_namespace, state, revision, labels, hardware, enrolled_at,
         decided_at, decided_by, registered_at, now()
       FROM device WHERE device_id = ANY($1)`,
        [batch.map((b) => b.device_id)],
      );
      for (let i = 0; i < batch.length; i += 300) {
        await producer.send({
          topic: TOPICS.deviceState,
          acks: -1,
          messages: batch.slice(i, i + 300).map((r) => ({
            key: r.device_id,
            value: JSON.stringify({
              eventId: randomUUID(),
              occurredAt: now,
              schemaVersion: 1,
              device: r.snapshot,
            }),
          })),
        });
      }
    }
  } finally {
    await producer.disconnect();
  }

  const renderStarted = performance.now();
  const cohorts = new Set<string>();
  for (let i = from; i < to; i += COHORT_SIZE) {
    cohorts.add(cohortOf(i));
  }
  cohorts.add(cohortOf(to - 1));
  for (const cohort of cohorts) {
    // An annotation that devices never see (no `podman/` prefix): the write is a real change of the workload, so
    // the config service renders every device it targets, the seeded ones included, and versions move only
    // where the rendered content changed.
    await management.put(`/namespaces/${FLEET_NAMESPACE}/workloads/app-${cohort}`, {
      ...appWorkload(cohort),
      annotations: { 'bench/seeded-through': String(to) },
    });
  }
  const end = performance.now();
  return {
    seconds: Math.round((end - started) / 100) / 10,
    renderSeconds: Math.round((end - renderStarted) / 100) / 10,
  };
}
