import { AppConfig, AppConfigModule } from '@lib/config';
import { DatabaseModule, DatabaseReadiness } from '@lib/database';
import { ConsumerReadiness, KafkaModule, KafkaReadiness } from '@lib/kafka';
import { ObservabilityModule } from '@lib/observability';
import { type DynamicModule, Module } from '@nestjs/common';
import { DeviceStatusService } from './heartbeat-received/device-status.service';
import { HeartbeatReceivedHandler } from './heartbeat-received/heartbeat-received.handler';

/** Owns device status and presence: consumes heartbeats. */
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
      controllers: [HeartbeatReceivedHandler],
      providers: [DeviceStatusService],
    };
  }
}
