import type { AppConfig } from '@lib/config';
import { MetricsService } from '@lib/observability';
import type { INestMicroservice } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import type { EachBatchPayload } from 'kafkajs';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchHandler } from './batch-handler.decorator';
import type { ConsumerLagMonitor } from './consumer-lag-monitor';
import type { ConsumerReadiness } from './consumer-readiness';
import type { DeadLetterOrigin, DeadLetterService } from './dead-letter.service';
import { PermanentEventError } from './errors';
import { KafkaBatchServer, type ParsedBatch, type RejectedEvent } from './kafka-batch.server';

/** A KafkaJS consumer's surface as KafkaBatchServer uses it; `crash` emits what KafkaJS emits. */
class FakeConsumer extends EventEmitter {
  readonly events = { GROUP_JOIN: 'join', REBALANCING: 'rebalancing', CRASH: 'crash', STOP: 'stop' };
  readonly connect = vi.fn(() => Promise.resolve());
  readonly subscribe = vi.fn((_: { topics: string[] }) => Promise.resolve());
  readonly run = vi.fn((_: { eachBatch: (payload: EachBatchPayload) => Promise<void> }) => Promise.resolve());
  readonly disconnect = vi.fn(() => Promise.resolve());
  readonly commitOffsets = vi.fn((_: unknown[]) => Promise.resolve());
  crash(restart: boolean): void {
    this.emit('crash', { payload: { error: new Error('boom'), restart } });
  }
  /** Hands the server one partition batch, as KafkaJS's eachBatch does, and what it resolved. */
  async deliver(topic: string, values: string[]): Promise<string[]> {
    const resolved: string[] = [];
    const messages = values.map((value, i) => ({ offset: String(10 + i), value: Buffer.from(value) }));
    const batch = { topic, partition: 0, messages, lastOffset: () => String(9 + values.length) };
    const { eachBatch } = this.run.mock.calls[0][0];
    await eachBatch({
      batch,
      heartbeat: () => Promise.resolve(),
      resolveOffset: (offset: string) => resolved.push(offset),
    } as unknown as EachBatchPayload);
    return resolved;
  }
}

const consumers: FakeConsumer[] = [];
vi.mock('./kafka-client', () => ({
  createKafka: () => ({
    consumer: () => {
      const consumer = new FakeConsumer();
      consumers.push(consumer);
      return consumer;
    },
  }),
}));

class NoteTaken {
  @IsString()
  text!: string;
}

const TOPIC = 'note.taken.v1';

/** What the handler does with the next batch; it records every batch it is given. */
const handling = {
  batches: [] as string[][],
  next: (_batch: ParsedBatch<NoteTaken>): Promise<RejectedEvent<NoteTaken>[] | void> => Promise.resolve(),
};

@BatchHandler()
class NotesHandler {
  @EventPattern(TOPIC, { eventClass: NoteTaken })
  handle(@Payload() batch: ParsedBatch<NoteTaken>): Promise<RejectedEvent<NoteTaken>[] | void> {
    handling.batches.push(batch.events.map((e) => e.event.text));
    return handling.next(batch);
  }
}

const note = (text: string): string => JSON.stringify({ text });

describe(KafkaBatchServer.name, () => {
  let app: INestMicroservice;
  let sut: KafkaBatchServer;
  let deadLetters: { origin: DeadLetterOrigin; code?: string }[];

  beforeEach(async () => {
    consumers.length = 0;
    deadLetters = [];
    handling.batches = [];
    handling.next = () => Promise.resolve();
    const deadLetterService = {
      send: (origin: DeadLetterOrigin, error: Error & { code?: string }) => {
        deadLetters.push({ origin, code: error.code });
        return Promise.resolve();
      },
    } as DeadLetterService;
    const metrics = new MetricsService();
    sut = new KafkaBatchServer(
      { kafka: { groupId: 'g', partitionsConsumedConcurrently: 1 } } as AppConfig,
      deadLetterService,
      metrics,
      { watch: vi.fn() } as unknown as ConsumerReadiness,
      { start: vi.fn() } as unknown as ConsumerLagMonitor,
    );
    const moduleRef = await Test.createTestingModule({ controllers: [NotesHandler] }).compile();
    app = moduleRef.createNestMicroservice({ strategy: sut, logger: false });
    await app.listen();
  });

  afterEach(async () => {
    vi.useRealTimers();
    await app.close();
  });

  it('subscribes to the topics of its @EventPattern handlers', () => {
    expect(consumers[0].subscribe).toHaveBeenCalledWith({ topics: [TOPIC], fromBeginning: true });
  });

  it('gives the handler the batch parsed, then resolves and commits past its last offset', async () => {
    const resolved = await consumers[0].deliver(TOPIC, [note('a'), note('b')]);

    expect(handling.batches).toEqual([['a', 'b']]);
    expect(resolved).toEqual(['11']);
    expect(consumers[0].commitOffsets).toHaveBeenCalledWith([{ topic: TOPIC, partition: 0, offset: '12' }]);
  });

  it('dead-letters invalid messages and the events the handler refused, without failing the batch', async () => {
    handling.next = (batch) =>
      Promise.resolve([{ consumed: batch.events[1], error: new PermanentEventError('NOPE', 'refused') }]);

    await consumers[0].deliver(TOPIC, ['{not json', note('a'), JSON.stringify({ text: 1 }), note('b')]);

    expect(handling.batches).toEqual([['a', 'b']]);
    expect(deadLetters.map((d) => [d.origin.offset, d.code])).toEqual([
      ['10', 'INVALID_EVENT'],
      ['12', 'INVALID_EVENT'],
      ['13', 'NOPE'],
    ]);
    expect(consumers[0].commitOffsets).toHaveBeenCalledWith([{ topic: TOPIC, partition: 0, offset: '14' }]);
  });

  it('does not commit a batch whose handler failed transiently: KafkaJS gets the error and redelivers', async () => {
    const down = new Error('connection terminated');
    handling.next = () => Promise.reject(down);

    await expect(consumers[0].deliver(TOPIC, [note('a')])).rejects.toBe(down);
    expect(consumers[0].commitOffsets).not.toHaveBeenCalled();
    expect(deadLetters).toEqual([]);
  });

  it('runs a batch that failed on bad data again one event at a time, and dead-letters only the bad one', async () => {
    const dataError = Object.assign(new Error('invalid byte sequence'), { driverError: { code: '22021' } });
    handling.next = (batch) =>
      batch.events.some((e) => e.event.text === 'bad') ? Promise.reject(dataError) : Promise.resolve();

    await consumers[0].deliver(TOPIC, [note('a'), note('bad'), note('c')]);

    expect(handling.batches).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
    expect(deadLetters.map((d) => [d.origin.offset, d.code])).toEqual([['11', 'SQLSTATE_22021']]);
    expect(consumers[0].commitOffsets).toHaveBeenCalledWith([{ topic: TOPIC, partition: 0, offset: '13' }]);
  });

  it('starts a new consumer after a crash KafkaJS does not restart from', async () => {
    vi.useFakeTimers();
    consumers[0].emit('join');
    consumers[0].crash(false);
    expect(sut.state).toBe('crashed');

    await vi.advanceTimersByTimeAsync(5000);
    expect(consumers).toHaveLength(2);
    expect(consumers[0].disconnect).toHaveBeenCalled();
    expect(consumers[1].run).toHaveBeenCalledTimes(1);
    consumers[1].emit('join');
    expect(sut.state).toBe('joined');
  });

  it('leaves a crash KafkaJS restarts from to KafkaJS, and starts nothing once closed', async () => {
    vi.useFakeTimers();
    consumers[0].crash(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(consumers).toHaveLength(1);

    await sut.close();
    consumers[0].crash(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(consumers).toHaveLength(1);
  });
});
