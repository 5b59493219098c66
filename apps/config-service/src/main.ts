import { loadAppConfig } from '@lib/config';
import { refuseUnstorableBodies, runMain, startConsumerApp } from '@lib/platform';
import { Transport } from '@nestjs/microservices';
import { acceptYamlBodies } from './apply/yaml-body';
import { readTokenFile } from './auth/token-file';
import { ConfigServiceModule } from './config-service.module';
import { serveOpenApi } from './openapi';

runMain(async () => {
  const config = loadAppConfig('config-service');
  if (config.auth.tokensFile) {
    // Read once before Nest starts, so a bad token file stops the service with the same message as a bad variable.
    readTokenFile(config.auth.tokensFile);
  }
  await startConsumerApp(ConfigServiceModule.forRoot(config), config, (app) => {
    // The gateway's reads: request/response over TCP, never Kafka request-reply (no timeouts, rebalances).
    app.connectMicroservice({
      transport: Transport.TCP,
      options: { host: config.configService.tcpHost, port: config.configService.tcpPort },
    });
    acceptYamlBodies(app);
    refuseUnstorableBodies(app.getHttpAdapter().getInstance());
    serveOpenApi(app);
  });
});
