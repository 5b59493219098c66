import { AppConfig, AppConfigModule } from '@lib/config';
import {
  AutoApprovalRuleEntity,
  DatabaseModule,
  DatabaseReadiness,
  DeviceEventEntity,
  DeviceStatusEntity,
  DeviceViewEntity,
  RecordingPolicyEntity,
} from '@lib/database';
import { ConsumerReadiness, KafkaModule, KafkaReadiness } from '@lib/kafka';
import { ObservabilityModule } from '@lib/observability';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AutoApprovalRulesController } from './auto-approval-rules/auto-approval-rules.controller';
import { AutoApprovalRulesService } from './auto-approval-rules/auto-approval-rules.service';
import { ConfigurationRenderer } from './configuration/configuration-renderer.service';
import { DeviceLifecycleHandler } from './device-view/device-lifecycle.handler';
import { DeviceViewService } from './device-view/device-view.service';
import { DevicesController } from './devices/devices.controller';
import { DevicesService } from './devices/devices.service';
import { EnrolmentsController } from './enrolments/enrolments.controller';
import { EnrolmentsService } from './enrolments/enrolments.service';
import { RecordingPoliciesController } from './recording-policies/recording-policies.controller';
import { RecordingPoliciesService } from './recording-policies/recording-policies.service';
import { RegistryCommands } from './registry-commands/registry-commands.service';
import { RegistryReadsController } from './registry-reads/registry-reads.controller';

/** Owns the configuration catalogue and the read model; serves the gateway's reads and the management API. */
@Module({})
export class ConfigServiceModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigServiceModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot({ readiness: [DatabaseReadiness, KafkaReadiness, ConsumerReadiness] }),
        DatabaseModule.forRoot(),
        TypeOrmModule.forFeature([
          DeviceViewEntity,
          DeviceStatusEntity,
          AutoApprovalRuleEntity,
          RecordingPolicyEntity,
          DeviceEventEntity,
        ]),
        KafkaModule,
      ],
      controllers: [
        DeviceLifecycleHandler,
        RegistryReadsController,
        EnrolmentsController,
        DevicesController,
        AutoApprovalRulesController,
        RecordingPoliciesController,
      ],
      providers: [
        DeviceViewService,
        ConfigurationRenderer,
        RegistryCommands,
        EnrolmentsService,
        DevicesService,
        AutoApprovalRulesService,
        RecordingPoliciesService,
      ],
    };
  }
}
