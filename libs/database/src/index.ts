export * from './advisory-locks';
export * from './data-source-options';
export * from './database-readiness';
export * from './database-watch';
export * from './database.module';
export * from './dedicated-connection';
export * from './entities';
export * from './storable';
