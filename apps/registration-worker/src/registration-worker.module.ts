import { AppConfig, AppConfigModule } from '@lib/config';
import { DatabaseModule, DatabaseReadiness } from '@lib/database';
import { ConsumerReadiness, KafkaModule, KafkaReadiness } from '@lib/kafka';
import { ObservabilityModule } from '@lib/observability';
import { type DynamicModule, Module } from '@nestjs/common';
import { OutboxRelay } from './outbox/outbox.relay';
import { DeviceRegistry } from './registry/device-registry';
import { RegistryEventsConsumer } from './registry/registry-events.consumer';

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
      providers: [RegistryEventsConsumer, DeviceRegistry, OutboxRelay],
    };
  }
}
