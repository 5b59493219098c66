import { CreateRegistryTables1795813377894 } from './1795813377894-CreateRegistryTables';

/** In order. Generated from the entities, reviewed, never edited after release. */
export const MIGRATIONS = [CreateRegistryTables1795813377894];
