import { AppConfig, AppConfigModule } from '@lib/config';
import { KafkaModule } from '@lib/kafka';
import { ObservabilityModule } from '@lib/observability';
import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigurationRoute } from './configuration/configuration.route';
import { DeviceAccess } from './edge-api/device-access';
import { DeviceEvents } from './edge-api/device-events';
import { EDGE_HOT_ROUTES } from './edge-api/edge-route';
import { EnrolmentController } from './enrolment/enrolment.controller';
import { EnrolmentService } from './enrolment/enrolment.service';
import { HeartbeatRoute } from './heartbeat/heartbeat.route';
import { HeartbeatService } from './heartbeat/heartbeat.service';
import { RecordingPolicyCache } from './heartbeat/recording-policy-cache';
import { PlaybookExecutionsController } from './playbook-executions/playbook-executions.controller';
import { RegistrationController } from './registration/registration.controller';
import { RegistrationService } from './registration/registration.service';
import { RegistryCacheModule } from './registry-cache/registry-cache.module';
import { RegistryCacheReadiness } from './registry-cache/registry-cache.readiness';
import { RegistryClientModule } from './registry-client/registry-client.module';

/** HTTP in, Kafka out. Stateless: no database; reads go to the config service. */
@Module({})
export class GatewayModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        AppConfigModule.forRoot(config),
        // Not the broker: it is shared, so an outage would take every replica out of the Service at once, and
        // devices would meet refused connections instead of a 503 with Retry-After (writes) and their configuration
        // (reads, which need no broker). Only what one replica lacks alone, its caught-up registry copy, counts.
        ObservabilityModule.forRoot({
          readiness: [RegistryCacheReadiness],
          sampledLogRoutes: EDGE_HOT_ROUTES,
        }),
        KafkaModule,
        RegistryClientModule,
        RegistryCacheModule,
      ],
      controllers: [EnrolmentController, RegistrationController, PlaybookExecutionsController],
      providers: [
        DeviceAccess,
        DeviceEvents,
        EnrolmentService,
        RegistrationService,
        HeartbeatService,
        HeartbeatRoute,
        ConfigurationRoute,
        RecordingPolicyCache,
      ],
    };
  }
}
