import { AppConfig } from '@lib/config';
import { HeartbeatReceivedEvent, TOPICS } from '@lib/contracts';
import {
  BatchConsumer,
  type ConsumedEvent,
  ConsumerLagMonitor,
  ConsumerReadiness,
  DeadLetterService,
} from '@lib/kafka';
import { MetricsService } from '@lib/observability';
import { Injectable } from '@nestjs/common';
import { HeartbeatRecorder } from './heartbeat-recorder.service';

/** Consumes `device.heartbeat-received.v1` a partition batch at a time. */
@Injectable()
export class HeartbeatBatchConsumer extends BatchConsumer<HeartbeatReceivedEvent> {
  protected readonly eventClasses = { [TOPICS.heartbeatReceived]: HeartbeatReceivedEvent };

  constructor(
    config: AppConfig,
    deadLetters: DeadLetterService,
    metrics: MetricsService,
    readiness: ConsumerReadiness,
    lag: ConsumerLagMonitor,
    private readonly recorder: HeartbeatRecorder,
  ) {
    super(config, deadLetters, metrics, readiness, lag);
  }

  protected handleBatch(events: ConsumedEvent<HeartbeatReceivedEvent>[]): Promise<void> {
    return this.recorder.record(events);
  }
}
