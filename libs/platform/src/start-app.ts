import { type AppConfig, InvalidConfigError } from '@lib/config';
import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from './create-http-app';
import { serveProbes } from './probe-server';

/** Serves HTTP (the API, or just health and metrics) on the configured port; consumers start with the app. */
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
