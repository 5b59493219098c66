import { AppConfig } from '@lib/config';
import { MetricsService } from '@lib/observability';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { SecretBox } from '../../secret-box';
import { ConfigurationChangedRelay } from '../rendering/configuration-changed.relay';
import { CONFIGURATION_CHANNEL } from '../rendering/configuration-changes';
import { SERVED_STATES } from '../rendering/configuration-store';
import { openConfiguration } from '../rendering/seal-configuration';
import { type Answer, AnswerCache, answerOf } from './answer-cache';

const RELISTEN_DELAY_MS = 1000;

/**
 * The gateway's configuration reads: the served document of a device, secrets opened, as JSON text. Answers are
 * kept in memory (AnswerCache) while this replica listens to CONFIGURATION_CHANNEL, and evicted by its
 * notifications, so a served answer is behind the database by at most the notification's delivery (milliseconds)
 * and a device's version never goes back on a replica. Without the listening connection nothing is cached (and
 * what was is dropped): every read then goes to the database, as before the cache.
 */
@Injectable()
export class ConfigurationAnswers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConfigurationAnswers.name);
  private readonly cache: AnswerCache;
  private listener?: Client;
  private listening = false;
  private closing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    private readonly config: AppConfig,
    private readonly relay: ConfigurationChangedRelay,
    metrics: MetricsService,
  ) {
    this.cache = new AnswerCache(config.configService.answerCacheMb * 1024 * 1024);
    const cache = this.cache;
    new Gauge({
      name: 'configuration_answers_cache',
      help: 'Configuration answers in memory: entries, bytes (shared text and per entry), hits and misses so far',
      labelNames: ['measure'] as const,
      registers: [metrics.registry],
      collect() {
        this.set({ measure: 'entries' }, cache.size);
        this.set({ measure: 'bytes' }, cache.usedBytes);
        this.set({ measure: 'hits' }, cache.hits);
        this.set({ measure: 'misses' }, cache.misses);
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
    const token = this.listening ? this.cache.begin(deviceId) : undefined;
    const rows = await this.dataSource.query<
      { namespace: string; version: number; content: Record<string, unknown> }[]
    >(
      `SELECT c.namespace, c.version, c.content FROM device_configuration c
       JOIN device_view v ON v.device_id = c.device_id
       WHERE c.device_id = $1 AND c.content IS NOT NULL AND v.namespace = c.namespace AND v.state = ANY($2)`,
      [deviceId, SERVED_STATES],
    );
    const row = rows[0];
    const content = row ? openConfiguration(row.content, this.box, deviceId) : undefined;
    const meta = row ? { namespace: row.namespace, version: Number(row.version) } : undefined;
    if (token) {
      return this.cache.complete(token, content, meta);
    }
    return content && meta ? answerOf(deviceId, content, meta) : undefined;
  }

  private async listen(): Promise<void> {
    const { db } = this.config;
    const client = new Client({
      host: db.host,
      port: db.port,
      user: db.user,
      password: db.password,
      database: db.name,
      ssl: db.ssl ? { rejectUnauthorized: true } : false,
      application_name: `${this.config.app}-configuration-listener`,
    });
    const lost = (error?: unknown) => {
      if (this.listener !== client) {
        return;
      }
      this.listener = undefined;
      this.listening = false;
      // Evictions may be missed from now on: nothing cached may be trusted.
      this.cache.clear();
      if (!this.closing) {
        this.logger.warn({
          err: error,
          msg: 'Configuration change listener lost; answers are read uncached',
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
        this.cache.evict(n.payload.split(','));
        // Committed changes to publish: sooner than the relay's next poll.
        this.relay.nudge();
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CONFIGURATION_CHANNEL}`);
      // Changes committed before LISTEN took effect were never announced to us: start from nothing.
      this.cache.clear();
      this.listening = true;
    } catch (error) {
      lost(error);
    }
  }
}
