import { CreateRegistryTables1795814341401 } from './1795814341401-CreateRegistryTables';

/** In order. Generated from the entities, reviewed, never edited after release. */
export const MIGRATIONS = [CreateRegistryTables1795814341401];
