import { loadAppConfig } from '@lib/config';
import { KafkaBatchServer } from '@lib/kafka';
import { createHttpApp, refuseUnstorableBodies, runMain, startTransports } from '@lib/platform';
import { readTokenFile } from './access';
import { acceptYamlBodies } from './catalogue';
import { ConfigServiceModule } from './config-service.module';
import { serveConsole } from './console-assets';
import { serveOpenApi } from './openapi';
import { acceptCsvBodies } from './registry-view';
import { RegistryReadsServer } from './serving';

runMain(async () => {
  const config = loadAppConfig('config-service');
  if (config.auth.tokensFile) {
    // Read once before Nest starts, so a bad token file stops the service with the same message as a bad variable.
    readTokenFile(config.auth.tokensFile);
  }
  const app = await createHttpApp(ConfigServiceModule.forRoot(config), config);
  acceptYamlBodies(app);
  acceptCsvBodies(app);
  refuseUnstorableBodies(app.getHttpAdapter().getInstance());
  serveOpenApi(app);
  serveConsole(app, config);
  // A hybrid app: the lifecycle handler behind KafkaBatchServer, the gateway's reads behind RegistryReadsServer.
  await startTransports(app, [app.get(KafkaBatchServer), app.get(RegistryReadsServer)]);
  await app.listen({ host: config.http.host, port: config.http.port });
});
