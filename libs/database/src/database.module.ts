import { AppConfig } from '@lib/config';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options';
import { PoolMetrics } from './pool-metrics';

@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config.db, config.app),
            // Fail fast at boot when the database is unreachable; readiness reports later outages.
            retryAttempts: 3,
            retryDelay: 1000,
          }),
        }),
      ],
      providers: [PoolMetrics],
    };
  }
}
