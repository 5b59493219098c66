export * from './labels.validator';
export * from './namespace.params';
