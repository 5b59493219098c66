import type { AppConfig } from '@lib/config';
import type { MetricsService } from '@lib/observability';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchConsumer } from './batch-consumer';
import type { ConsumerLagMonitor } from './consumer-lag-monitor';
import type { ConsumerReadiness } from './consumer-readiness';
import type { DeadLetterService } from './dead-letter.service';

/** A KafkaJS consumer's surface as BatchConsumer uses it; `crash` emits what KafkaJS emits. */
class FakeConsumer extends EventEmitter {
  readonly events = { GROUP_JOIN: 'join', REBALANCING: 'rebalancing', CRASH: 'crash', STOP: 'stop' };
  readonly connect = vi.fn(() => Promise.resolve());
  readonly subscribe = vi.fn(() => Promise.resolve());
  readonly run = vi.fn(() => Promise.resolve());
  readonly disconnect = vi.fn(() => Promise.resolve());
  crash(restart: boolean): void {
    this.emit('crash', { payload: { error: new Error('boom'), restart } });
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

class TestConsumer extends BatchConsumer<object> {
  protected readonly eventClasses = { 'some.topic.v1': Object };
  protected handleBatch(): Promise<void> {
    return Promise.resolve();
  }
}

function testConsumer(): TestConsumer {
  const config = { kafka: { groupId: 'g', partitionsConsumedConcurrently: 1 } } as AppConfig;
  const readiness = { watch: vi.fn() } as unknown as ConsumerReadiness;
  const lag = { start: vi.fn() } as unknown as ConsumerLagMonitor;
  return new TestConsumer(config, {} as DeadLetterService, {} as MetricsService, readiness, lag);
}

describe('BatchConsumer', () => {
  beforeEach(() => {
    consumers.length = 0;
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('starts a new consumer after a crash KafkaJS does not restart from', async () => {
    const batches = testConsumer();
    await batches.onApplicationBootstrap();
    consumers[0].crash(false);
    expect(batches.state).toBe('crashed');

    await vi.advanceTimersByTimeAsync(5000);
    expect(consumers).toHaveLength(2);
    expect(consumers[0].disconnect).toHaveBeenCalled();
    expect(consumers[1].run).toHaveBeenCalledTimes(1);
    consumers[1].emit('join');
    expect(batches.state).toBe('joined');
  });

  it('leaves a crash KafkaJS restarts from to KafkaJS, and starts nothing once shutting down', async () => {
    const batches = testConsumer();
    await batches.onApplicationBootstrap();
    consumers[0].crash(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(consumers).toHaveLength(1);

    await batches.onApplicationShutdown();
    consumers[0].crash(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(consumers).toHaveLength(1);
  });
});
