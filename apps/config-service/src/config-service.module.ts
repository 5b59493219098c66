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
import { ApplyController } from './apply/apply.controller';
import { ApplyService } from './apply/apply.service';
import { AuditLog } from './audit/audit-log.service';
import { AuditRelay } from './audit/audit-relay.service';
import { AuditTrail } from './audit/audit-trail.service';
import { AuditController } from './audit/audit.controller';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AccessGuard } from './auth/access.guard';
import { Authenticator } from './auth/authenticator.service';
import { OidcVerifier } from './auth/oidc-verifier.service';
import { TokenStore } from './auth/token-store.service';
import { TokensController } from './auth/tokens.controller';
import { TokensService } from './auth/tokens.service';
import { AutoApprovalRulesController } from './auto-approval-rules/auto-approval-rules.controller';
import { AutoApprovalRulesService } from './auto-approval-rules/auto-approval-rules.service';
import { References } from './catalogue/references.service';
import { ConfigMapsController } from './configmaps/configmaps.controller';
import { ConfigMapsService } from './configmaps/configmaps.service';
import { ConfigurationAnswers } from './configuration-answers/configuration-answers.service';
import { DeviceSetsController } from './device-sets/device-sets.controller';
import { DeviceSetsService } from './device-sets/device-sets.service';
import { DeviceSpecsController } from './device-specs/device-specs.controller';
import { DeviceSpecsService } from './device-specs/device-specs.service';
import { DeviceLifecycleConsumer } from './device-view/device-lifecycle.consumer';
import { DeviceViewService } from './device-view/device-view.service';
import { LifecycleProjection } from './device-view/lifecycle-projection.service';
import { DevicesController } from './devices/devices.controller';
import { DevicesService } from './devices/devices.service';
import { EnrolmentsController } from './enrolments/enrolments.controller';
import { EnrolmentsService } from './enrolments/enrolments.service';
import { PlaybookExecutionsController } from './playbook-executions/playbook-executions.controller';
import { PlaybookExecutionsService } from './playbook-executions/playbook-executions.service';
import { RecordingPoliciesController } from './recording-policies/recording-policies.controller';
import { RecordingPoliciesService } from './recording-policies/recording-policies.service';
import { RegistryCommands } from './registry-commands/registry-commands.service';
import { RegistryReadsServer } from './registry-reads/registry-reads.server';
import { RegistryReads } from './registry-reads/registry-reads.service';
import { CatalogueLoader } from './rendering/catalogue-loader.service';
import { ConfigurationStore } from './rendering/configuration-store.service';
import { SecretBox } from './secrets/secret-box';
import { SecretsController } from './secrets/secrets.controller';
import { SecretsService } from './secrets/secrets.service';
import { WorkloadsController } from './workloads/workloads.controller';
import { WorkloadsService } from './workloads/workloads.service';

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
