export * from './ahead-of-fastify';
export * from './correlation-id.decorator';
export * from './create-http-app';
export * from './database-unavailable';
export * from './domain-error';
export * from './domain-exception.filter';
export { MAX_OBJECT_KEYS, findUnstorable, nestsDeeperThan, refuseUnstorableBodies } from './input-limits';
export * from './start-app';
