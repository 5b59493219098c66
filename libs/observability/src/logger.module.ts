import { AppConfig } from '@lib/config';
import { type DynamicModule, Module } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
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
/** Devices' routine calls (polls and heartbeats, thousands a second in a large fleet). */
const DEVICE_TRAFFIC = '/api/flotta-backend/';

/**
 * As pino-http does by default (errors at error, the rest at info), except the devices' own routine traffic, whose
 * successes are logged at debug: at fleet scale one line per poll costs more CPU than answering it, and the
 * request metrics (`http_request_duration_seconds`) count and time every one of them anyway.
 */
function requestLogLevel(req: IncomingMessage, res: ServerResponse, err?: Error): 'error' | 'info' | 'debug' {
  if (err || res.statusCode >= 500) {
    return 'error';
  }
  return res.statusCode < 400 && (req.url ?? '').startsWith(DEVICE_TRAFFIC) ? 'debug' : 'info';
}

/**
 * JSON logs with pino; pretty only in development. The request log line carries the correlation id.
 * `sampledRoutes` are skipped by the per-request logger: they log through sampledRequestLog() instead.
 */
@Module({})
export class AppLoggerModule {
  static forRoot(sampledRoutes: RouteInfo[] = []): DynamicModule {
    return {
      module: AppLoggerModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...(sampledRoutes.length > 0 ? { exclude: sampledRoutes } : {}),
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
              customLogLevel: requestLogLevel,
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
