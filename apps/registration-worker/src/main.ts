import { loadAppConfig } from '@lib/config';
import { runMain, startConsumerApp } from '@lib/platform';
import { RegistrationWorkerModule } from './registration-worker.module';

runMain(async () => {
  const config = loadAppConfig('registration-worker');
  await startConsumerApp(RegistrationWorkerModule.forRoot(config), config);
});
