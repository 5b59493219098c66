import { AppConfig, AppConfigModule } from '@lib/config';
import { DatabaseModule, DatabaseReadiness } from '@lib/database';
import { ConsumerReadiness, KafkaBatchServer, KafkaModule, KafkaReadiness } from '@lib/kafka';
import { ObservabilityModule } from '@lib/observability';
import { type DynamicModule, Module } from '@nestjs/common';
import { OutboxRelay } from './outbox/outbox.relay';
import { DeviceRegistry } from './registry/device-registry';
import { RegistryEventsHandler } from './registry/registry-events.handler';

/** Owns the device registry: consumes enrolments, registrations and operators' decisions. */
@Module({})
export class RegistrationWorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RegistrationWorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot({ readiness: [DatabaseReadiness, KafkaReadiness, ConsumerReadiness] }),
        DatabaseModule.forRoot(),
        KafkaModule,
      ],
      controllers: [RegistryEventsHandler],
      providers: [KafkaBatchServer, DeviceRegistry, OutboxRelay],
    };
  }
}
