import { AppConfig } from '@lib/config';
import { DeviceConfigurationChangedEvent, HeartbeatReceivedEvent, TOPICS } from '@lib/contracts';
import {
  BatchConsumer,
  type ConsumedEvent,
  ConsumerLagMonitor,
  ConsumerReadiness,
  DeadLetterService,
} from '@lib/kafka';
import { MetricsService } from '@lib/observability';
import { Injectable } from '@nestjs/common';
import { DesiredConfigurationsService } from '../desired-configuration/desired-configurations.service';
import { HeartbeatRecorder } from './heartbeat-recorder';

type Consumed = HeartbeatReceivedEvent | DeviceConfigurationChangedEvent;

/**
 * Consumes `device.heartbeat-received.v1` and `device.configuration-changed.v1` a partition batch at a time (one
 * consumer group for the worker: the configuration changes are few next to the heartbeats).
 */
@Injectable()
export class HeartbeatBatchConsumer extends BatchConsumer<Consumed> {
  protected readonly eventClasses = {
    [TOPICS.heartbeatReceived]: HeartbeatReceivedEvent,
    [TOPICS.deviceConfigurationChanged]: DeviceConfigurationChangedEvent,
  };

  constructor(
    config: AppConfig,
    deadLetters: DeadLetterService,
    metrics: MetricsService,
    readiness: ConsumerReadiness,
    lag: ConsumerLagMonitor,
    private readonly recorder: HeartbeatRecorder,
    private readonly configurations: DesiredConfigurationsService,
  ) {
    super(config, deadLetters, metrics, readiness, lag);
  }

  protected handleBatch(events: ConsumedEvent<Consumed>[], topic: string): Promise<void> {
    return topic === TOPICS.deviceConfigurationChanged
      ? this.configurations.apply(events as ConsumedEvent<DeviceConfigurationChangedEvent>[])
      : this.recorder.record(events as ConsumedEvent<HeartbeatReceivedEvent>[]);
  }
}
