import { AppConfig } from '@lib/config';
import { type DeviceState, type DeviceStateReply, TOPICS } from '@lib/contracts';
import { createKafka } from '@lib/kafka';
import { DomainError } from '@lib/platform';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Consumer, EachMessagePayload } from 'kafkajs';
import { randomUUID } from 'node:crypto';

const RETRY_DELAY_MS = 2000;
/**
 * A consumer with no fetch for this long has stopped without saying so (seen after a broker restart: its group
 * join failed and it never fetched again, while the replica stayed ready on an ever older copy). A live one
 * fetches at least every 5 s (KafkaJS's maxWaitTimeInMs), even with nothing to read.
 */
const STALLED_AFTER_MS = 30_000;
const STALL_CHECK_MS = 5000;
/** How long shutdown or a restart waits for the old consumer to leave. */
const DISCONNECT_WAIT_MS = 3000;

interface Entry {
  state: DeviceState;
  namespace: string;
  revision: number;
}

interface StateMessage {
  device?: { deviceId?: unknown; state?: unknown; namespace?: unknown; revision?: unknown };
}

/**
 * Every device's registry state, in memory, from the compacted `device.state.v1` topic: the gateway decides
 * who may enrol, register, send heartbeats and read configuration without a database round trip. Each replica
 * reads the whole topic in a consumer group of its own and commits nothing (it always starts from the
 * beginning); it is ready once it has caught up with the end offsets it saw at start.
 */
@Injectable()
export class RegistryCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RegistryCache.name);
  private readonly devices = new Map<string, Entry>();
  private consumer?: Consumer;
  /** Per partition: the offset that must be read before the cache counts as caught up. */
  private pending = new Map<number, bigint>();
  private caughtUp = false;
  private closing = false;
  /** When the consumer last started a fetch (or was started). */
  private lastFetchAt = Date.now();
  private stallCheck?: NodeJS.Timeout;
  /** Callers waiting for a device's entry to change (`changed`). */
  private readonly watchers = new Map<string, Set<() => void>>();

  constructor(private readonly config: AppConfig) {}

  get ready(): boolean {
    return this.caughtUp;
  }

  get size(): number {
    return this.devices.size;
  }

  /**
   * Refuses with 503 REGISTRY_NOT_READY until the cache has caught up: before that, a registered device would be
   * unknown here, and a 404 DEVICE_NOT_FOUND (or a second enrolment) would be a wrong answer.
   */
  lookup(deviceId: string): DeviceStateReply {
    if (!this.caughtUp) {
      throw new DomainError(
        'REGISTRY_NOT_READY',
        'This gateway replica is still reading the device registry; retry later',
      );
    }
    const entry = this.devices.get(deviceId);
    return entry ? { state: entry.state, namespace: entry.namespace } : { state: 'unknown' };
  }

  /** The registry revision of the device this replica knows, if any: changes whenever its entry does. */
  revisionOf(deviceId: string): number | undefined {
    return this.devices.get(deviceId)?.revision;
  }

  /** Resolves when the device's entry next changes here, or after `waitMs` if it does not. */
  changed(deviceId: string, waitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const waiting = this.watchers.get(deviceId) ?? new Set<() => void>();
      const done = () => {
        clearTimeout(timer);
        waiting.delete(done);
        if (waiting.size === 0) {
          this.watchers.delete(deviceId);
        }
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      waiting.add(done);
      this.watchers.set(deviceId, waiting);
    });
  }

  /** Boot does not wait for the broker: the gateway starts, reports not ready, and keeps trying. */
  onApplicationBootstrap(): void {
    void this.start();
    this.stallCheck = setInterval(() => void this.restartIfStalled(Date.now()), STALL_CHECK_MS);
    this.stallCheck.unref();
  }

  /**
   * A consumer that crashed for good or stopped fetching is replaced by a new one, which reads the topic again from
   * the beginning; the copy keeps answering meanwhile (a replay never overwrites a newer revision).
   */
  async restartIfStalled(now: number): Promise<boolean> {
    // No consumer: one is being replaced or started (start() sets lastFetchAt when it makes the next).
    if (this.closing || !this.consumer || now - this.lastFetchAt < STALLED_AFTER_MS) {
      return false;
    }
    this.logger.warn({
      msg: 'Registry cache consumer stalled; starting a new one',
      sinceMs: now - this.lastFetchAt,
    });
    await this.restart();
    return true;
  }

  private async restart(): Promise<void> {
    const stalled = this.consumer;
    this.consumer = undefined;
    await leave(stalled);
    await this.start();
  }

  private async start(): Promise<void> {
    try {
      await this.connect();
    } catch (error) {
      this.logger.warn({ err: error, msg: 'Registry cache cannot start; retrying' });
      await leave(this.consumer);
      this.consumer = undefined;
      if (!this.closing) {
        setTimeout(() => void this.start(), RETRY_DELAY_MS).unref();
      }
    }
  }

  private async connect(): Promise<void> {
    const kafka = createKafka(this.config.kafka, `${this.config.kafka.clientId}-registry-cache`);
    const admin = kafka.admin();
    let ends: Awaited<ReturnType<typeof admin.fetchTopicOffsets>>;
    try {
      await admin.connect();
      ends = await admin.fetchTopicOffsets(TOPICS.deviceState);
    } finally {
      await admin.disconnect();
    }
    this.pending = new Map(
      ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high) - 1n]),
    );
    // A replacement consumer reads everything again; the copy it updates stays ready meanwhile.
    this.caughtUp ||= this.pending.size === 0;
    const consumer = kafka.consumer({
      groupId: `gateway-registry-cache-${randomUUID()}`,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    this.lastFetchAt = Date.now();
    consumer.on(consumer.events.FETCH_START, () => (this.lastFetchAt = Date.now()));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      // KafkaJS restarts itself after retriable errors; after any other the consumer is gone for good.
      if (!payload.restart && this.consumer === consumer && !this.closing) {
        this.logger.error({ err: payload.error, msg: 'Registry cache consumer crashed; starting a new one' });
        void this.restart();
      }
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.deviceState, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: (payload) => Promise.resolve(this.apply(payload)),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.stallCheck);
    await leave(this.consumer);
  }

  private apply({ partition, message }: EachMessagePayload): void {
    const device = this.parse(message.value?.toString());
    if (device) {
      const known = this.devices.get(device.deviceId);
      // A compacted topic can hand over an older value after a newer one only across replays; keep the newest.
      if (!known || known.revision <= device.revision) {
        this.devices.set(device.deviceId, {
          state: device.state,
          namespace: device.namespace,
          revision: device.revision,
        });
        const waiting = this.watchers.get(device.deviceId);
        if (waiting) {
          [...waiting].forEach((done) => done());
        }
      }
    }
    const target = this.pending.get(partition);
    if (target !== undefined && BigInt(message.offset) >= target) {
      this.pending.delete(partition);
      if (this.pending.size === 0 && !this.caughtUp) {
        this.caughtUp = true;
        this.logger.log({ msg: 'Registry cache caught up', devices: this.devices.size });
      }
    }
  }

  private parse(
    value: string | undefined,
  ): { deviceId: string; state: DeviceState; namespace: string; revision: number } | undefined {
    try {
      const { device } = JSON.parse(value ?? 'null') as StateMessage;
      if (
        typeof device?.deviceId === 'string' &&
        typeof device.state === 'string' &&
        typeof device.namespace === 'string' &&
        typeof device.revision === 'number'
      ) {
        return {
          deviceId: device.deviceId,
          state: device.state as DeviceState,
          namespace: device.namespace,
          revision: device.revision,
        };
      }
    } catch {
      // Reported below: the registration worker is the only producer, so this is a bug, not input.
    }
    this.logger.error({ msg: 'Unreadable registry state message ignored' });
    return undefined;
  }
}

/** Disconnects a consumer, waiting at most DISCONNECT_WAIT_MS: a stalled one may never finish leaving. */
async function leave(consumer: Consumer | undefined): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    consumer?.disconnect().catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, DISCONNECT_WAIT_MS))),
  ]);
  clearTimeout(timer);
}
