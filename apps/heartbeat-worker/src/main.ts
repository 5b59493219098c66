import { loadAppConfig } from '@lib/config';
import { KafkaBatchServer } from '@lib/kafka';
import { runMain, startHttpApp } from '@lib/platform';
import { HeartbeatWorkerModule } from './heartbeat-worker.module';

runMain(async () => {
  const config = loadAppConfig('heartbeat-worker');
  // A hybrid app: the Kafka batch handlers behind KafkaBatchServer, /health and /metrics over HTTP.
  await startHttpApp(HeartbeatWorkerModule.forRoot(config), config, {
    transports: (app) => [app.get(KafkaBatchServer)],
  });
});
