export * from './correlation';
export * from './health.controller';
export * from './http-metrics';
export * from './logger.module';
export * from './metrics.service';
export * from './observability.module';
export * from './sampled-request-log';
export * from './shutdown-state';
