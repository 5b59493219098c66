import { AppConfig, AppConfigModule } from '@lib/config';
import { DatabaseModule, DatabaseReadiness } from '@lib/database';
import { ConsumerReadiness, KafkaModule, KafkaReadiness } from '@lib/kafka';
import { ObservabilityModule } from '@lib/observability';
import { type DynamicModule, Module } from '@nestjs/common';
import { DecommissionRequestedHandler } from './decommission-requested/decommission-requested.handler';
import { EnrolmentDecidedHandler } from './enrolment-decided/enrolment-decided.handler';
import { EnrolmentRequestedHandler } from './enrolment-requested/enrolment-requested.handler';
import { LabelsChangeRequestedHandler } from './labels-change-requested/labels-change-requested.handler';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { RegistrationRequestedHandler } from './registration-requested/registration-requested.handler';
import { AutoApprovalService } from './registry/auto-approval.service';
import { DeviceRegistry } from './registry/device-registry.service';

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
      controllers: [
        EnrolmentRequestedHandler,
        RegistrationRequestedHandler,
        EnrolmentDecidedHandler,
        LabelsChangeRequestedHandler,
        DecommissionRequestedHandler,
      ],
      providers: [DeviceRegistry, AutoApprovalService, OutboxRelay],
    };
  }
}
