import { loadAppConfig } from '@lib/config';
import { runMain, startHttpApp } from '@lib/platform';
import { HeartbeatWorkerModule } from './heartbeat-worker.module';

runMain(async () => {
  const config = loadAppConfig('heartbeat-worker');
  // The batch consumer starts with the app (onApplicationBootstrap): no Nest microservice here.
  await startHttpApp(HeartbeatWorkerModule.forRoot(config), config);
});
