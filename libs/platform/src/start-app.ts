import { type AppConfig, InvalidConfigError } from '@lib/config';
import { ConsumerLagMonitor, ConsumerReadiness, ObservedKafkaServer } from '@lib/kafka';
import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from './create-http-app';
import { serveProbes } from './probe-server';

/** Serves HTTP (the API, or just health and metrics) on the configured port. */
export async function startHttpApp(
  module: DynamicModule,
  config: AppConfig,
  options: { tls?: boolean } = {},
): Promise<NestFastifyApplication> {
  const app = await createHttpApp(module, config, options);
  await app.listen({ host: config.http.host, port: config.http.port });
  if (options.tls && config.http.tls) {
    await serveProbes(app, config.http.host, config.http.probePort);
  }
  return app;
}

/**
 * An app that consumes Kafka with the module's @EventPattern handlers, and serves health and metrics over
 * HTTP. Kafka must be reachable at boot: the consumer cannot start without it, and the orchestrator restarts.
 */
export async function startConsumerApp(
  module: DynamicModule,
  config: AppConfig,
  beforeListen?: (app: NestFastifyApplication) => void,
): Promise<NestFastifyApplication> {
  const app = await createHttpApp(module, config);
  const server = new ObservedKafkaServer(config);
  app.get(ConsumerReadiness).watch(server);
  // Not inheriting the app config: the HTTP error filter and pipes must not run on Kafka messages.
  app.connectMicroservice({ strategy: server });
  beforeListen?.(app);
  await app.startAllMicroservices();
  app.get(ConsumerLagMonitor).start(server.topics);
  await app.listen({ host: config.http.host, port: config.http.port });
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
