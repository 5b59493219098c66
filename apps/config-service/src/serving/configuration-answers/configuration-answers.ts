import { AppConfig } from '@lib/config';
import { dedicatedConnection } from '@lib/database';
import { MetricsService } from '@lib/observability';
import { isDatabaseUnavailable } from '@lib/platform';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Client } from 'pg';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { SecretBox } from '../../secret-box';
import { ConfigurationChangedRelay } from '../rendering/configuration-changed.relay';
import { CONFIGURATION_CHANNEL } from '../rendering/configuration-changes';
import { SERVED_STATES } from '../rendering/configuration-store';
import { openConfiguration } from '../rendering/seal-configuration';
import { type Answer, AnswerCache, type LoadToken } from './answer-cache';

const RELISTEN_DELAY_MS = 1000;
/**
 * Devices read back per statement when their answers are refilled after a change. Opening a batch's answers holds
 * the event loop (decryption, the answer's text) while reads wait: smaller batches keep each hold short. In a fan-out
 * to 10,000 devices, reads meanwhile went from 4,684/s (p99 84 ms) with 500 to 5,437/s (p99 70 ms) with 100, one
 * quiet run each (bench/results/NOTES.md).
 */
const REFILL_BATCH = 100;
/** A refill that failed (the database restarting) is tried again after this long, while listening. */
const REFILL_RETRY_MS = 1000;

type AnswerRow = { device_id: string; namespace: string; version: number; content: Record<string, unknown> };

// The served document of each device, when its configuration is served under its namespace's rules.
const SERVED_ANSWERS = `
  SELECT c.device_id, c.namespace, c.version, c.content FROM device_configuration c
  JOIN device_view v ON v.device_id = c.device_id
  WHERE c.device_id = ANY($1) AND c.content IS NOT NULL AND v.namespace = c.namespace AND v.state = ANY($2)`;

/**
 * The gateway's configuration reads: the served document of a device, secrets opened, as JSON text. Answers are
 * kept in memory (AnswerCache) while this replica listens to CONFIGURATION_CHANNEL, and evicted by its
 * notifications, so a served answer is behind the database by at most the notification's delivery (milliseconds)
 * and a device's version never goes back on a replica. Without the listening connection nothing is served from
 * memory while the database answers: every read goes to it (and refreshes the copy in memory).
 *
 * When the database does not answer either, what is in memory is served, for at most
 * CONFIG_ANSWER_OUTAGE_MAX_AGE_MS after the listener was lost: while no replica can write, nothing can have
 * changed it, so a database outage costs devices nothing (docs/operations.md#failure-behaviour). When listening
 * resumes, evictions may have been missed: the copy is distrusted (no longer served while the database answers) and
 * read again at once; until that is done it is still served when the database does not answer, as during the outage
 * (a database just restarted refuses connections for a while, and the pool may not have reconnected yet).
 *
 * A change's answers are read back into memory at once (refilled), for the devices that had one, and so is all
 * that was kept when listening resumes: a fleet at rest keeps every answer in memory, so a database outage right
 * after a change, or right after another outage, costs the devices nothing either. A device this replica has not
 * been asked for since it started is not in memory, and is not read ahead either (see the notification handler).
 */
@Injectable()
export class ConfigurationAnswers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConfigurationAnswers.name);
  private readonly cache: AnswerCache;
  private listener?: Client;
  private listening = false;
  /**
   * When the listener was lost (Date.now()), until what was kept then has been read again after it came back;
   * undefined otherwise.
   */
  private lostSince?: number;
  private closing = false;
  /** Devices whose evicted answers are to be read back, and whether that is under way. */
  private readonly toRefill = new Set<string>();
  private refilling = false;
  /** Answers read back into memory after a change, so far. */
  refilled = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    private readonly config: AppConfig,
    private readonly relay: ConfigurationChangedRelay,
    metrics: MetricsService,
  ) {
    this.cache = new AnswerCache(config.configService.answerCacheMb * 1024 * 1024);
    const cache = this.cache;
    // prom-client calls collect() with the gauge as `this`.
    const refilled = () => this.refilled;
    new Gauge({
      name: 'configuration_answers_cache',
      help: 'Configuration answers in memory: entries, bytes (shared text and per entry), hits, misses and refilled so far',
      labelNames: ['measure'] as const,
      registers: [metrics.registry],
      collect() {
        this.set({ measure: 'entries' }, cache.size);
        this.set({ measure: 'bytes' }, cache.usedBytes);
        this.set({ measure: 'hits' }, cache.hits);
        this.set({ measure: 'misses' }, cache.misses);
        this.set({ measure: 'refilled' }, refilled());
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.listener?.end().catch(() => undefined);
  }

  /** The device's answer when its configuration is served under `namespace`'s rules; undefined otherwise. */
  async get(deviceId: string): Promise<Answer | undefined> {
    if (this.listening) {
      const cached = this.cache.get(deviceId);
      if (cached) {
        return cached;
      }
    }
    try {
      return await this.read(deviceId);
    } catch (error) {
      const kept = isDatabaseUnavailable(error) ? this.keptDuringOutage(deviceId) : undefined;
      if (kept) {
        return kept;
      }
      throw error;
    }
  }

  /** The answer in memory, while the listener has been lost for no longer than the configured bound. */
  private keptDuringOutage(deviceId: string): Answer | undefined {
    const maxAge = this.config.configService.answerOutageMaxAgeMs;
    if (this.lostSince === undefined || Date.now() - this.lostSince > maxAge) {
      return undefined;
    }
    return this.cache.kept(deviceId);
  }

  private async read(deviceId: string): Promise<Answer | undefined> {
    const token = this.cache.begin(deviceId);
    let rows: AnswerRow[];
    try {
      rows = await this.dataSource.query<AnswerRow[]>(SERVED_ANSWERS, [[deviceId], SERVED_STATES]);
    } catch (error) {
      // Ends the load without touching what is kept: a failed read says nothing about the device.
      this.cache.complete(token, undefined);
      throw error;
    }
    return this.keep(token, rows[0]);
  }

  /** Completes a load with its row; a device with none is no longer served, and no copy may be served in an outage. */
  private keep(token: LoadToken, row: AnswerRow | undefined): Answer | undefined {
    const content = row ? openConfiguration(row.content, this.box, token.deviceId) : undefined;
    const meta = row ? { namespace: row.namespace, version: Number(row.version) } : undefined;
    if (!content || !meta) {
      this.cache.evict([token.deviceId]);
    }
    return this.cache.complete(token, content, meta);
  }

  /** Reads the devices' answers back into memory, a batch per statement, one batch at a time. */
  private refill(deviceIds: string[]): void {
    deviceIds.forEach((id) => this.toRefill.add(id));
    if (this.refilling || this.toRefill.size === 0) {
      return;
    }
    this.refilling = true;
    void this.refillBatches().finally(() => (this.refilling = false));
  }

  private async refillBatches(): Promise<void> {
    while (this.toRefill.size > 0 && this.listening) {
      // Taken from the set's front without copying it: after a reconnect it may hold every device of the fleet.
      const ids: string[] = [];
      for (const id of this.toRefill) {
        ids.push(id);
        if (ids.length === REFILL_BATCH) {
          break;
        }
      }
      ids.forEach((id) => this.toRefill.delete(id));
      // Begun before the read: an eviction arriving meanwhile spoils the load, as for a device's own read.
      const tokens = ids.map((id) => this.cache.begin(id));
      try {
        const rows = await this.dataSource.query<AnswerRow[]>(SERVED_ANSWERS, [ids, SERVED_STATES]);
        const byDevice = new Map(rows.map((row) => [row.device_id, row]));
        tokens.forEach((token) => this.keep(token, byDevice.get(token.deviceId)));
        this.refilled += byDevice.size;
      } catch (error) {
        // Kept to be tried again: dropped, they would be missing from memory at the next outage. While the
        // listener is lost they wait for it (listening resumes with a refill that adds to them).
        tokens.forEach((token) => this.cache.complete(token, undefined));
        ids.forEach((id) => this.toRefill.add(id));
        this.logger.warn({ err: error, msg: 'Refilling configuration answers failed; trying again' });
        await new Promise((resolve) => setTimeout(resolve, REFILL_RETRY_MS));
      }
    }
    if (this.listening && this.toRefill.size === 0) {
      // Everything kept from before the listener was lost has been read again: nothing distrusted is left.
      this.lostSince = undefined;
    }
  }

  private async listen(): Promise<void> {
    const client = dedicatedConnection(this.config, 'configuration-listener', {
      // A frozen or vanished server sends no FIN: keepalive is how the listener notices it is gone.
      keepAlive: true,
      keepAliveInitialDelayMillis: 5000,
    });
    const lost = (error?: unknown) => {
      if (this.listener !== client) {
        return;
      }
      this.listener = undefined;
      this.stoppedListening();
      if (!this.closing) {
        this.logger.warn({
          err: error,
          msg: 'Configuration change listener lost; answers are read from the database, or memory while it is down',
        });
        setTimeout(() => void this.listen(), RELISTEN_DELAY_MS).unref();
      }
      void client.end().catch(() => undefined);
    };
    this.listener = client;
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (n) => {
      if (n.channel === CONFIGURATION_CHANNEL && n.payload) {
        // Only what this replica held: reading back every device a change names (a storm's new devices, which it
        // was never asked for) took enough of the machine to slow an enrolment storm by a quarter (bench storm: 133
        // registrations answered 503 against none).
        this.refill(this.cache.evict(n.payload.split(',')));
        // Committed changes to publish: sooner than the relay's next poll.
        this.relay.nudge();
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CONFIGURATION_CHANNEL}`);
      this.startedListening();
    } catch (error) {
      lost(error);
    }
  }

  private startedListening(): void {
    // Changes committed before LISTEN took effect were never announced to us: what was kept is read again.
    const kept = this.cache.distrust();
    this.listening = true;
    if (kept.length === 0) {
      this.lostSince = undefined;
    }
    this.refill(kept);
  }

  private stoppedListening(): void {
    // Evictions may be missed from now on: what is in memory is served only while the database is unreachable.
    if (this.listening) {
      // Lost again before what was kept had been read again: the age still counts from the first loss.
      this.lostSince ??= Date.now();
    }
    this.listening = false;
  }
}
