import { TOPICS } from '@lib/contracts';
import { createKafka } from '@lib/kafka';
import type { Admin } from 'kafkajs';
import type { Pool } from 'pg';
import { testPool } from './db';
import { testConfig } from './test-env';
import { waitFor } from './wait-for';

/**
 * Tables the two APIs write, directly or through the registration worker. Left out: what changes on its own
 * while tests run (device_status and device_event, written by heartbeats and presence; the outbox, marked by its
 * relay) and the audit trail and API tokens, which record refused writes by design.
 */
const TABLES = [
  'device',
  'device_view',
  'auto_approval_rule',
  'recording_policy',
  'workload',
  'device_set',
  'device_spec',
  'secret',
  'config_map',
  'playbook_execution',
  'device_configuration',
] as const;

/** Every topic a request to either API can publish to; the registry's own topics follow from these. */
const REQUEST_TOPICS = [
  TOPICS.enrolmentRequested,
  TOPICS.registrationRequested,
  TOPICS.heartbeatReceived,
  TOPICS.enrolmentDecided,
  TOPICS.labelsChangeRequested,
  TOPICS.decommissionRequested,
] as const;

export type StateDigest = Record<string, string>;

/**
 * A digest of what a request could have changed: each table's content and each request topic's end offsets. Two
 * equal digests mean nothing was stored and nothing was published in between.
 */
export class SystemState {
  private readonly db: Pool = testPool();
  private readonly admin: Admin = createKafka(testConfig().kafka, 'test-system-state').admin();
  private connected = false;

  async digest(): Promise<StateDigest> {
    if (!this.connected) {
      await this.admin.connect();
      this.connected = true;
    }
    const { rows } = await this.db.query<{ name: string; digest: string }>(
      TABLES.map(
        (t) =>
          `SELECT '${t}' AS name, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS digest FROM ${t} x`,
      ).join(' UNION ALL '),
    );
    const digest: StateDigest = Object.fromEntries(rows.map((r) => [r.name, r.digest]));
    for (const topic of REQUEST_TOPICS) {
      const offsets = await this.admin.fetchTopicOffsets(topic);
      digest[topic] = offsets
        .sort((a, b) => a.partition - b.partition)
        .map((o) => `${o.partition}:${o.high}`)
        .join(',');
    }
    return digest;
  }

  /** The digest once the system is quiet: the same twice in a row, a second apart. */
  settled(): Promise<StateDigest> {
    let previous = '';
    return waitFor(
      async () => {
        const current = await this.digest();
        const same = JSON.stringify(current) === previous;
        previous = JSON.stringify(current);
        return same ? current : undefined;
      },
      { intervalMs: 1000, timeoutMs: 30_000, what: 'a quiet system' },
    );
  }

  async close(): Promise<void> {
    await this.db.end();
    if (this.connected) {
      await this.admin.disconnect();
    }
  }
}
