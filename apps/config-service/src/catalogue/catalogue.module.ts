import { Module } from '@nestjs/common';
import { AccessModule } from '../access';
import { RegistryViewModule } from '../registry-view';
import { SecretBoxModule } from '../secret-box';
import { ServingModule } from '../serving';
import { ApplyController } from './apply/apply.controller';
import { ApplyService } from './apply/apply.service';
import { DeviceImports } from './apply/device-imports.service';
import { ConfigMapsController } from './configmaps/configmaps.controller';
import { ConfigMapsService } from './configmaps/configmaps.service';
import { DeviceSetsController } from './device-sets/device-sets.controller';
import { DeviceSetsService } from './device-sets/device-sets.service';
import { DeviceSpecsController } from './device-specs/device-specs.controller';
import { DeviceSpecsService } from './device-specs/device-specs.service';
import { PlaybookExecutionsController } from './playbook-executions/playbook-executions.controller';
import { PlaybookExecutionsService } from './playbook-executions/playbook-executions.service';
import { References } from './references';
import { SecretsController } from './secrets/secrets.controller';
import { SecretsService } from './secrets/secrets.service';
import { WorkloadsController } from './workloads/workloads.controller';
import { WorkloadsService } from './workloads/workloads.service';

/**
 * The configuration catalogue of each namespace: workloads, device sets, device specs, secrets, configmaps,
 * playbook executions, and `apply` of Flotta manifests. Every write re-renders the devices it changes, in its
 * transaction (ServingModule's ConfigurationStore).
 */
@Module({
  imports: [ServingModule, SecretBoxModule, AccessModule, RegistryViewModule],
  controllers: [
    WorkloadsController,
    DeviceSetsController,
    DeviceSpecsController,
    SecretsController,
    ConfigMapsController,
    PlaybookExecutionsController,
    ApplyController,
  ],
  providers: [
    References,
    WorkloadsService,
    DeviceSetsService,
    DeviceSpecsService,
    SecretsService,
    ConfigMapsService,
    PlaybookExecutionsService,
    ApplyService,
    DeviceImports,
  ],
})
export class CatalogueModule {}
