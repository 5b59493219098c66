import { loadAppConfig } from '@lib/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI (migration:run / generate); it reads the same validated config as the apps. */
export default new DataSource(
  dataSourceOptions(loadAppConfig('migrations').db, 'migrations', { boundStatements: false }),
);
