import { loadAppConfig } from '@lib/config';
import { KafkaBatchServer } from '@lib/kafka';
import { runMain, startHttpApp } from '@lib/platform';
import { RegistrationWorkerModule } from './registration-worker.module';

runMain(async () => {
  const config = loadAppConfig('registration-worker');
  // A hybrid app: the Kafka batch handlers behind KafkaBatchServer, /health and /metrics over HTTP.
  await startHttpApp(RegistrationWorkerModule.forRoot(config), config, {
    transports: (app) => [app.get(KafkaBatchServer)],
  });
});
