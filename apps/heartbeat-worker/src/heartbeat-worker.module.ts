import { AppConfig, AppConfigModule } from '@lib/config';
import { DatabaseModule, DatabaseReadiness } from '@lib/database';
import { ConsumerReadiness, KafkaBatchServer, KafkaModule, KafkaReadiness } from '@lib/kafka';
import { ObservabilityModule } from '@lib/observability';
import { type DynamicModule, Module } from '@nestjs/common';
import { DesiredConfigurationHandler } from './desired-configuration/desired-configuration.handler';
import { DesiredConfigurationsService } from './desired-configuration/desired-configurations.service';
import { HeartbeatBatchHandler } from './heartbeat-received/heartbeat-batch.handler';
import { HeartbeatRecorder } from './heartbeat-received/heartbeat-recorder';
import { EventRetention } from './presence/event-retention';
import { PresenceEvents } from './presence/presence-events';
import { PresenceMonitor } from './presence/presence-monitor';
import { RecordingPolicies } from './recording-policy/recording-policies';

/** Owns device status and presence: consumes heartbeats in batches, publishes them downstream. */
@Module({})
export class HeartbeatWorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: HeartbeatWorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot({ readiness: [DatabaseReadiness, KafkaReadiness, ConsumerReadiness] }),
        DatabaseModule.forRoot(),
        KafkaModule,
      ],
      controllers: [HeartbeatBatchHandler, DesiredConfigurationHandler],
      providers: [
        KafkaBatchServer,
        HeartbeatRecorder,
        DesiredConfigurationsService,
        RecordingPolicies,
        PresenceEvents,
        PresenceMonitor,
        EventRetention,
      ],
    };
  }
}
