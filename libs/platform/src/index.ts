export * from './correlation-id.decorator';
export * from './create-http-app';
export * from './domain-error';
export * from './domain-exception.filter';
export * from './start-app';
