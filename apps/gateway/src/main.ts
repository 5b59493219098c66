import { loadAppConfig } from '@lib/config';
import { runMain, startHttpApp } from '@lib/platform';
import { GatewayModule } from './gateway.module';

runMain(async () => {
  const config = loadAppConfig('gateway');
  await startHttpApp(GatewayModule.forRoot(config), config, { tls: true });
});
