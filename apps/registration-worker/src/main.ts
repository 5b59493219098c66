import { loadAppConfig } from '@lib/config';
import { runMain, startHttpApp } from '@lib/platform';
import { RegistrationWorkerModule } from './registration-worker.module';

runMain(async () => {
  const config = loadAppConfig('registration-worker');
  // The batch consumer starts with the app (onApplicationBootstrap): no Nest microservice here.
  await startHttpApp(RegistrationWorkerModule.forRoot(config), config);
});
