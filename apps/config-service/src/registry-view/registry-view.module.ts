import {
  AutoApprovalRuleEntity,
  DeviceEventEntity,
  DevicePreauthorizationEntity,
  DeviceStatusEntity,
  DeviceViewEntity,
  RecordingPolicyEntity,
  RegistryCommandOutboxEntity,
} from '@lib/database';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access';
import { ServingModule } from '../serving';
import { AutoApprovalRulesController } from './auto-approval-rules/auto-approval-rules.controller';
import { AutoApprovalRulesService } from './auto-approval-rules/auto-approval-rules.service';
import { DeviceLifecycleHandler } from './device-view/device-lifecycle.handler';
import { DeviceViewService } from './device-view/device-view.service';
import { LifecycleProjection } from './device-view/lifecycle-projection';
import { DevicesController } from './devices/devices.controller';
import { DevicesService } from './devices/devices.service';
import { EnrolmentsController } from './enrolments/enrolments.controller';
import { EnrolmentsService } from './enrolments/enrolments.service';
import { FleetSummaryController } from './fleet-summary/fleet-summary.controller';
import { FleetSummaryService } from './fleet-summary/fleet-summary.service';
import { PreauthorizationsController } from './preauthorizations/preauthorizations.controller';
import { PreauthorizationsService } from './preauthorizations/preauthorizations.service';
import { RecordingPoliciesController } from './recording-policies/recording-policies.controller';
import { RecordingPoliciesService } from './recording-policies/recording-policies.service';
import { RegistryCommandRelay } from './registry-commands/registry-command.relay';
import { RegistryCommands } from './registry-commands/registry-commands';

/**
 * The device registry as the config service sees it: the read model projected from `device.lifecycle.v1`, the
 * operators' enrolment decisions and device commands (published to the registration worker, the registry's one
 * writer), auto-approval rules, pre-authorised devices and recording policies.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      DeviceViewEntity,
      DeviceStatusEntity,
      DeviceEventEntity,
      AutoApprovalRuleEntity,
      DevicePreauthorizationEntity,
      RecordingPolicyEntity,
      RegistryCommandOutboxEntity,
    ]),
    AccessModule,
    ServingModule,
  ],
  controllers: [
    EnrolmentsController,
    DevicesController,
    AutoApprovalRulesController,
    RecordingPoliciesController,
    DeviceLifecycleHandler,
    FleetSummaryController,
    PreauthorizationsController,
  ],
  providers: [
    LifecycleProjection,
    DeviceViewService,
    RegistryCommands,
    RegistryCommandRelay,
    EnrolmentsService,
    DevicesService,
    AutoApprovalRulesService,
    RecordingPoliciesService,
    FleetSummaryService,
    PreauthorizationsService,
  ],
  // The apply of EdgeDevices sends its imports to the registry like operators' decisions.
  exports: [RegistryCommands],
})
export class RegistryViewModule {}
