import { type DynamicModule, Module, type Type } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';
import { TerminusModule } from '@nestjs/terminus';
import {
  HealthController,
  READINESS_CHECKS,
  type ReadinessCheck,
  REPORTED_CHECKS,
} from './health.controller';
import { AppLoggerModule } from './logger.module';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/**
 * Logging, `/metrics` and `/health/*` for an app; `readiness` lists the checks of its hard dependencies,
 * `reported` those readiness shows without failing on (the app keeps serving through their outage),
 * `sampledLogRoutes` the hot routes that log through sampledRequestLog() rather than a line per request.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(options: {
    readiness: Type<ReadinessCheck>[];
    reported?: Type<ReadinessCheck>[];
    imports?: DynamicModule['imports'];
    sampledLogRoutes?: RouteInfo[];
  }): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      imports: [
        AppLoggerModule.forRoot(options.sampledLogRoutes),
        TerminusModule.forRoot({ logger: false }),
        ...(options.imports ?? []),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        MetricsService,
        ...options.readiness,
        ...(options.reported ?? []),
        {
          provide: READINESS_CHECKS,
          inject: options.readiness,
          useFactory: (...checks: ReadinessCheck[]) => checks,
        },
        {
          provide: REPORTED_CHECKS,
          inject: options.reported ?? [],
          useFactory: (...checks: ReadinessCheck[]) => checks,
        },
      ],
      // The checks are exported so that the dependency they watch can report to them.
      exports: [MetricsService, ...options.readiness, ...(options.reported ?? [])],
    };
  }
}
