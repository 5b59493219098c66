import { type AppConfig, InvalidConfigError } from '@lib/config';
import type { DynamicModule } from '@nestjs/common';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from './create-http-app';
import { serveProbes } from './probe-server';

/**
 * Starts the app's Nest transports (a hybrid app: its Kafka consumer, the config service's read port) after the
 * app's own start hooks ran, so that no handler runs before the providers it calls are initialised.
 */
export async function startTransports(
  app: NestFastifyApplication,
  strategies: CustomTransportStrategy[],
): Promise<void> {
  for (const strategy of strategies) {
    app.connectMicroservice({ strategy });
  }
  await app.init();
  await app.startAllMicroservices();
}

/** Serves HTTP (the API, or just health and metrics) on the configured port, once `transports` are started. */
export async function startHttpApp(
  module: DynamicModule,
  config: AppConfig,
  options: { tls?: boolean; transports?: (app: NestFastifyApplication) => CustomTransportStrategy[] } = {},
): Promise<NestFastifyApplication> {
  const app = await createHttpApp(module, config, options);
  await startTransports(app, options.transports?.(app) ?? []);
  await app.listen({ host: config.http.host, port: config.http.port });
  if (options.tls && config.http.tls) {
    await serveProbes(app, config.http.host, config.http.probePort);
  }
  return app;
}

/** Runs an app's main; a bad configuration or a failed start ends the process with a clear message. */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    const text =
      error instanceof InvalidConfigError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`${text}\n`);
    process.exit(1);
  });
}
