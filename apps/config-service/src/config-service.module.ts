import { AppConfig, AppConfigModule } from '@lib/config';
import {
  ApiTokenEntity,
  AuditEntryEntity,
  AutoApprovalRuleEntity,
  DatabaseModule,
  DatabaseReadiness,
  DeviceConfigurationEntity,
  DeviceEventEntity,
  DeviceStatusEntity,
  DeviceViewEntity,
  RecordingPolicyEntity,
} from '@lib/database';
import { ConsumerReadiness, KafkaModule, KafkaReadiness } from '@lib/kafka';
import { ObservabilityModule } from '@lib/observability';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditLog } from './access/audit/audit-log.service';
import { AuditRelay } from './access/audit/audit-relay.service';
import { AuditTrail } from './access/audit/audit-trail.service';
import { AuditController } from './access/audit/audit.controller';
import { AuditInterceptor } from './access/audit/audit.interceptor';
import { AccessGuard } from './access/auth/access.guard';
import { Authenticator } from './access/auth/authenticator.service';
import { OidcVerifier } from './access/auth/oidc-verifier.service';
import { TokenStore } from './access/auth/token-store.service';
import { TokensController } from './access/auth/tokens.controller';
import { TokensService } from './access/auth/tokens.service';
import { ApplyController } from './catalogue/apply/apply.controller';
import { ApplyService } from './catalogue/apply/apply.service';
import { ConfigMapsController } from './catalogue/configmaps/configmaps.controller';
import { ConfigMapsService } from './catalogue/configmaps/configmaps.service';
import { DeviceSetsController } from './catalogue/device-sets/device-sets.controller';
import { DeviceSetsService } from './catalogue/device-sets/device-sets.service';
import { DeviceSpecsController } from './catalogue/device-specs/device-specs.controller';
import { DeviceSpecsService } from './catalogue/device-specs/device-specs.service';
import { PlaybookExecutionsController } from './catalogue/playbook-executions/playbook-executions.controller';
import { PlaybookExecutionsService } from './catalogue/playbook-executions/playbook-executions.service';
import { References } from './catalogue/references.service';
import { SecretBox } from './catalogue/secrets/secret-box';
import { SecretsController } from './catalogue/secrets/secrets.controller';
import { SecretsService } from './catalogue/secrets/secrets.service';
import { WorkloadsController } from './catalogue/workloads/workloads.controller';
import { WorkloadsService } from './catalogue/workloads/workloads.service';
import { AutoApprovalRulesController } from './registry-view/auto-approval-rules/auto-approval-rules.controller';
import { AutoApprovalRulesService } from './registry-view/auto-approval-rules/auto-approval-rules.service';
import { DeviceLifecycleConsumer } from './registry-view/device-view/device-lifecycle.consumer';
import { DeviceViewService } from './registry-view/device-view/device-view.service';
import { LifecycleProjection } from './registry-view/device-view/lifecycle-projection.service';
import { DevicesController } from './registry-view/devices/devices.controller';
import { DevicesService } from './registry-view/devices/devices.service';
import { EnrolmentsController } from './registry-view/enrolments/enrolments.controller';
import { EnrolmentsService } from './registry-view/enrolments/enrolments.service';
import { RecordingPoliciesController } from './registry-view/recording-policies/recording-policies.controller';
import { RecordingPoliciesService } from './registry-view/recording-policies/recording-policies.service';
import { RegistryCommands } from './registry-view/registry-commands/registry-commands.service';
import { ConfigurationAnswers } from './serving/configuration-answers/configuration-answers.service';
import { RegistryReadsServer } from './serving/registry-reads/registry-reads.server';
import { RegistryReads } from './serving/registry-reads/registry-reads.service';
import { CatalogueLoader } from './serving/rendering/catalogue-loader.service';
import { ConfigurationStore } from './serving/rendering/configuration-store.service';

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
          DeviceConfigurationEntity,
          AuditEntryEntity,
          ApiTokenEntity,
        ]),
        KafkaModule,
      ],
      controllers: [
        EnrolmentsController,
        DevicesController,
        AutoApprovalRulesController,
        RecordingPoliciesController,
        WorkloadsController,
        DeviceSetsController,
        DeviceSpecsController,
        SecretsController,
        ConfigMapsController,
        PlaybookExecutionsController,
        ApplyController,
        AuditController,
        TokensController,
      ],
      providers: [
        RegistryReads,
        RegistryReadsServer,
        DeviceLifecycleConsumer,
        LifecycleProjection,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
        TokenStore,
        OidcVerifier,
        Authenticator,
        TokensService,
        AuditLog,
        AuditRelay,
        AuditTrail,
        DeviceViewService,
        {
          provide: SecretBox,
          inject: [AppConfig],
          useFactory: (c: AppConfig) => {
            if (!c.secrets.encryptionKey) {
              throw new Error('SECRETS_ENCRYPTION_KEY is required by the config service');
            }
            return new SecretBox(c.secrets.encryptionKey);
          },
        },
        CatalogueLoader,
        ConfigurationStore,
        ConfigurationAnswers,
        References,
        WorkloadsService,
        DeviceSetsService,
        DeviceSpecsService,
        SecretsService,
        ConfigMapsService,
        PlaybookExecutionsService,
        ApplyService,
        RegistryCommands,
        EnrolmentsService,
        DevicesService,
        AutoApprovalRulesService,
        RecordingPoliciesService,
      ],
    };
  }
}
