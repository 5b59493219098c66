import { AppConfig } from '@lib/config';
import { HEADERS, type HeartbeatReceivedEvent, type HeartbeatRecordedEvent, TOPICS } from '@lib/contracts';
import { withoutNul } from '@lib/database';
import { type ConsumedEvent, EventPublisher, headerOf } from '@lib/kafka';
import { MetricsService } from '@lib/observability';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Counter, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { PresenceEvents, type PresenceTransition, type SyncTransition } from '../presence/presence-events';
import { RecordingPolicies } from '../recording-policy/recording-policies';
import { loadProfiles, mergeProfiles, publishLabelsReports } from './hardware-profiles';
import { writePlaybookStatuses } from './playbook-statuses';
import { type Candidate, type LastRecorded, selectRecorded } from './select-recorded';
import { type SyncRow, writeLate, writeRecorded } from './status-writer';

interface KnownDevice extends LastRecorded {
  presence: string;
  inSync: boolean | null;
}

/**
 * Records a batch of heartbeats: applies each namespace's recording policy, drops Edge API retries, stale and
 * redelivered heartbeats, publishes the recorded ones downstream, then writes them with set-based statements.
 * Downstream records go out before the database commit: a failure after publishing re-publishes the same
 * `eventId`s (at least once), never loses one.
 */
@Injectable()
export class HeartbeatRecorder {
  private readonly outcomes: Counter<'outcome'>;
  private readonly batchSizes: Histogram;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly policies: RecordingPolicies,
    private readonly presenceEvents: PresenceEvents,
    private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.outcomes = new Counter({
      name: 'heartbeats_total',
      help: 'Consumed heartbeats by outcome: recorded, status-only, late (events only), ignored (policy), retry, stale',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
    this.batchSizes = new Histogram({
      name: 'heartbeat_batch_size',
      help: 'Heartbeats handled per batch (each batch is one transaction of at most three statements)',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
      registers: [metrics.registry],
    });
  }

  async record(events: ConsumedEvent<HeartbeatReceivedEvent>[]): Promise<void> {
    await this.recordBatch(events);
    // Observed once the batch is written: a batch that fails is retried and counted when it succeeds.
    this.batchSizes.observe(events.length);
  }

  private async recordBatch(events: ConsumedEvent<HeartbeatReceivedEvent>[]): Promise<void> {
    const policyOf = await this.policies.forNamespaces();
    const candidates: Candidate[] = [];
    for (const { event, message } of events) {
      const policy = policyOf(event.namespace);
      if (policy === 'ignore') {
        this.outcomes.inc({ outcome: 'ignored' });
        continue;
      }
      const text = JSON.stringify(event.heartbeat);
      candidates.push({
        eventId: event.eventId,
        deviceId: event.deviceId,
        namespace: event.namespace,
        receivedAt: new Date(event.receivedAt),
        digest: createHash('sha256').update(text).digest('hex'),
        // JSON writes every NUL, in a key or a value, as \u0000: without one there is nothing to drop, and the
        // deep copy withoutNul makes is skipped (a literal "\\u0000" only costs that copy).
        heartbeat: text.includes('\\u0000') ? withoutNul(event.heartbeat) : event.heartbeat,
        policy,
        correlationId: headerOf(message, HEADERS.correlationId),
      });
    }
    if (candidates.length === 0) {
      return;
    }
    const known = await this.loadKnown([...new Set(candidates.map((c) => c.deviceId))]);
    const { recorded, late, skipped } = selectRecorded(
      candidates,
      known,
      this.config.heartbeats.retryWindowMs,
    );
    this.outcomes.inc({ outcome: 'retry' }, skipped.retry);
    this.outcomes.inc({ outcome: 'stale' }, skipped.stale);
    if (late.length > 0) {
      await this.recordLate(late);
    }
    if (recorded.length === 0) {
      return;
    }
    const full = recorded.filter((c) => c.policy === 'record');
    // Deltas merged into the known profile before writing; labels it derives anew go to the registry.
    const labelsReports = mergeProfiles(full, await loadProfiles(this.dataSource.manager, full));
    await this.publishDownstream(recorded);
    // Presence, sync and label changes are published before the commit: if a publish fails, the batch rolls back
    // and comes again with the same changes (at least once); after a commit they could never be detected again.
    await this.dataSource.transaction(async (manager) => {
      const synced = await writeRecorded(manager, recorded, this.config.presence);
      await writePlaybookStatuses(manager, full);
      await this.presenceEvents.publish(this.cameOnline(recorded, known));
      await this.presenceEvents.publishSync(this.syncChanges(synced, known));
      await publishLabelsReports(this.publisher, labelsReports);
    });
    for (const c of recorded) {
      this.outcomes.inc({ outcome: c.policy === 'record' ? 'recorded' : 'status-only' });
    }
  }

  /**
   * Heartbeats older than the device's last recorded one: acknowledged, so their events are stored and published
   * downstream (before the commit, as the others), but the status stays the newer heartbeat's.
   */
  private async recordLate(late: Candidate[]): Promise<void> {
    const fresh = await this.dataSource.transaction(async (manager) => {
      const toPublish = await writeLate(manager, late);
      await this.publishDownstream(toPublish);
      return toPublish;
    });
    this.outcomes.inc({ outcome: 'late' }, fresh.length);
    this.outcomes.inc({ outcome: 'stale' }, late.length - fresh.length);
  }

  private syncChanges(synced: SyncRow[], known: ReadonlyMap<string, KnownDevice>): SyncTransition[] {
    return synced
      .filter((row) => row.in_sync !== null && row.in_sync !== (known.get(row.device_id)?.inSync ?? null))
      .map((row) => ({
        deviceId: row.device_id,
        namespace: row.namespace,
        inSync: row.in_sync === true,
        reportedVersion: row.config_version,
        desiredVersion: row.desired_version,
      }));
  }

  private async loadKnown(deviceIds: string[]): Promise<Map<string, KnownDevice>> {
    const rows = await this.dataSource.query<
      {
        device_id: string;
        last_seen_at: Date;
        last_digest: string | null;
        last_event_id: string | null;
        period_seconds: number;
        presence: string;
        in_sync: boolean | null;
      }[]
    >(
      `SELECT device_id, last_seen_at, last_digest, last_event_id::text, period_seconds, presence, in_sync
       FROM device_status WHERE device_id = ANY($1)`,
      [deviceIds],
    );
    return new Map(
      rows.map((r) => [
        r.device_id,
        {
          lastSeenAt: r.last_seen_at,
          digest: r.last_digest,
          lastEventId: r.last_event_id,
          periodSeconds: r.period_seconds,
          presence: r.presence,
          inSync: r.in_sync,
        },
      ]),
    );
  }

  private async publishDownstream(recorded: Candidate[]): Promise<void> {
    await Promise.all(
      recorded.map((c) => {
        const event: HeartbeatRecordedEvent = {
          eventId: c.eventId,
          occurredAt: c.receivedAt.toISOString(),
          schemaVersion: 1,
          deviceId: c.deviceId,
          namespace: c.namespace,
          receivedAt: c.receivedAt.toISOString(),
          heartbeat: c.heartbeat,
        };
        return this.publisher.publish(TOPICS.deviceHeartbeat, {
          key: `${c.namespace}/${c.deviceId}`,
          value: JSON.stringify(event),
          headers: c.correlationId ? { [HEADERS.correlationId]: c.correlationId } : {},
        });
      }),
    );
  }

  private cameOnline(recorded: Candidate[], known: ReadonlyMap<string, KnownDevice>): PresenceTransition[] {
    const latest = new Map<string, Candidate>();
    recorded.forEach((c) => latest.set(c.deviceId, c));
    return [...latest.values()]
      .filter((c) => known.get(c.deviceId)?.presence !== 'online')
      .map((c) => ({
        deviceId: c.deviceId,
        namespace: c.namespace,
        presence: 'online',
        lastSeenAt: c.receivedAt,
        periodSeconds: known.get(c.deviceId)?.periodSeconds ?? this.config.presence.defaultPeriodSeconds,
      }));
  }
}
