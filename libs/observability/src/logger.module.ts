import { AppConfig } from '@lib/config';
import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { CORRELATION_HEADER, correlationIdFrom } from './correlation';

/** pino-pretty is a dev dependency: a production image running with NODE_ENV=development logs JSON instead. */
function prettyAvailable(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

const QUIET_ROUTES = ['/health/live', '/health/ready', '/metrics'];

/** JSON logs with pino; pretty only in development. The request log line carries the correlation id. */
@Module({})
export class AppLoggerModule {
  static forRoot(): DynamicModule {
    return {
      module: AppLoggerModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            pinoHttp: {
              level: config.log.level,
              base: { app: config.app },
              transport:
                config.log.pretty && prettyAvailable()
                  ? { target: 'pino-pretty', options: { singleLine: true } }
                  : undefined,
              // The gateway's onRequest hook has already put the id on the header.
              genReqId: (req: IncomingMessage) => correlationIdFrom(req.headers[CORRELATION_HEADER]),
              customAttributeKeys: { reqId: 'correlationId' },
              quietReqLogger: true,
              redact: [
                'req.headers.authorization',
                'req.headers.cookie',
                '*.password',
                '*.token',
                '*.secret',
              ],
              autoLogging: { ignore: (req: IncomingMessage) => QUIET_ROUTES.includes(req.url ?? '') },
            },
          }),
        }),
      ],
    };
  }
}
