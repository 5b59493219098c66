import { loadAppConfig } from '@lib/config';
import { createHttpApp, refuseUnstorableBodies, runMain } from '@lib/platform';
import { readTokenFile } from './access';
import { acceptYamlBodies } from './catalogue';
import { ConfigServiceModule } from './config-service.module';
import { serveOpenApi } from './openapi';

runMain(async () => {
  const config = loadAppConfig('config-service');
  if (config.auth.tokensFile) {
    // Read once before Nest starts, so a bad token file stops the service with the same message as a bad variable.
    readTokenFile(config.auth.tokensFile);
  }
  // The lifecycle consumer starts with the app (a batch consumer, onApplicationBootstrap): no Nest Kafka server.
  const app = await createHttpApp(ConfigServiceModule.forRoot(config), config);
  acceptYamlBodies(app);
  refuseUnstorableBodies(app.getHttpAdapter().getInstance());
  serveOpenApi(app);
  await app.listen({ host: config.http.host, port: config.http.port });
});
