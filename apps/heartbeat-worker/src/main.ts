import { loadAppConfig } from '@lib/config';
import { runMain, startConsumerApp } from '@lib/platform';
import { HeartbeatWorkerModule } from './heartbeat-worker.module';

runMain(async () => {
  const config = loadAppConfig('heartbeat-worker');
  await startConsumerApp(HeartbeatWorkerModule.forRoot(config), config);
});
