import { AppConfig, AppConfigModule } from '@lib/config';
import { DatabaseModule, DatabaseReadiness, DatabaseWatch } from '@lib/database';
import { ConsumerReadiness, KafkaBatchServer, KafkaModule, KafkaReadiness } from '@lib/kafka';
import { ObservabilityModule } from '@lib/observability';
import { type DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from './access';
import { CatalogueModule } from './catalogue';
import { RegistryViewModule } from './registry-view';
import { RolloutsModule } from './rollouts';
import { ServingModule } from './serving';

/**
 * Owns the configuration catalogue and the read model; serves the gateway's reads and the management API. Four
 * feature modules, each importing only the ones below it: access (who may call, what they did), serving
 * (rendering and the gateway's reads), then the registry view and the catalogue, which both write and re-render.
 */
@Module({})
export class ConfigServiceModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigServiceModule,
      imports: [
        AppConfigModule.forRoot(config),
        // Ready through a database or broker outage: it answers configuration reads from memory and the management
        // API 503, which a Service can only deliver to a ready replica (docs/operations.md#failure-behaviour).
        ObservabilityModule.forRoot({
          readiness: [],
          reported: [DatabaseReadiness, KafkaReadiness, ConsumerReadiness],
        }),
        DatabaseModule.forRoot(),
        KafkaModule,
        AccessModule,
        ServingModule,
        RegistryViewModule,
        CatalogueModule,
        RolloutsModule,
      ],
      // The transport of the app's `@EventPattern` handlers (the registry view's lifecycle handler), see main.ts.
      // The watch fails the management API's requests fast when the database freezes.
      providers: [KafkaBatchServer, DatabaseWatch],
    };
  }
}
