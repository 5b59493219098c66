import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { APP_DEFAULT_HTTP_PORTS, AppConfig, type AppName, type Role } from './app-config';
import { EnvVars } from './env.schema';
import { InvalidConfigError } from './invalid-config.error';
import { readSecretProblems } from './read-secret';

export { InvalidConfigError } from './invalid-config.error';

function describe(errors: ValidationError[], raw: Record<string, unknown>): string[] {
  return errors.map((e) => {
    const value = raw[e.property];
    const shown = value === undefined ? '(unset)' : typeof value === 'string' ? value : JSON.stringify(value);
    return `${e.property}=${shown}: ${Object.values(e.constraints ?? {}).join('; ')}`;
  });
}

/** Validates the environment; unset variables keep the schema's defaults, empty strings count as unset. */
export function parseEnv(raw: Record<string, string | undefined>): EnvVars {
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(EnvVars, present, {
    enableImplicitConversion: true,
    exposeDefaultValues: true,
  });
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new InvalidConfigError(describe(errors, present));
  }
  return env;
}

export function toAppConfig(app: AppName, env: EnvVars): AppConfig {
  // Every bad variable in one error.
  const problems = [
    ...readSecretProblems(app, env),
    ...(app === 'config-service' ? configServiceProblems(env) : []),
  ];
  if (problems.length > 0) {
    throw new InvalidConfigError(problems);
  }
  const tls =
    env.TLS_CERT_FILE && env.TLS_KEY_FILE && env.TLS_CA_FILE
      ? {
          certFile: env.TLS_CERT_FILE,
          keyFile: env.TLS_KEY_FILE,
          caFile: env.TLS_CA_FILE,
          clientCommonNames: env.TLS_CLIENT_COMMON_NAMES.split(',').map((n) => n.trim()),
        }
      : undefined;
  return Object.assign(new AppConfig(), {
    app,
    env: env.NODE_ENV,
    log: {
      level: env.LOG_LEVEL,
      pretty: env.NODE_ENV === 'development',
      slowRequestMs: env.LOG_SLOW_REQUEST_MS,
      sampleRate: env.LOG_SAMPLE_RATE,
    },
    http: {
      host: env.HTTP_HOST,
      port: env.HTTP_PORT ?? APP_DEFAULT_HTTP_PORTS[app],
      probePort: env.PROBE_PORT,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES,
      maxUrlLength: env.HTTP_MAX_URL_LENGTH,
      maxJsonDepth: env.HTTP_MAX_JSON_DEPTH,
      tls,
    },
    db: {
      host: env.DB_HOST,
      port: env.DB_PORT,
      user: env.DB_USER,
      password: env.DB_PASSWORD,
      name: env.DB_NAME,
      poolSize: env.DB_POOL_SIZE,
      ssl: env.DB_SSL,
      connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: env.DB_LOCK_TIMEOUT_MS,
      idleInTransactionTimeoutMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    kafka: {
      brokers: env.KAFKA_BROKERS.split(','),
      clientId: env.KAFKA_CLIENT_ID ?? app,
      groupId: env.KAFKA_GROUP_ID ?? app,
      publishTimeoutMs: env.KAFKA_PUBLISH_TIMEOUT_MS ?? (app === 'gateway' ? 600 : 5000),
      producerLanes: env.KAFKA_PRODUCER_LANES ?? (app === 'gateway' ? 3 : 1),
      topicPartitions: env.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: env.KAFKA_REPLICATION_FACTOR,
      partitionsConsumedConcurrently: env.KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY,
      sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: env.KAFKA_HEARTBEAT_INTERVAL_MS,
      rebalanceTimeoutMs: env.KAFKA_REBALANCE_TIMEOUT_MS,
    },
    configService: {
      host: env.CONFIG_SERVICE_HOST,
      tcpHost: env.CONFIG_SERVICE_TCP_HOST,
      tcpPort: env.CONFIG_SERVICE_TCP_PORT,
      timeoutMs: env.CONFIG_SERVICE_TIMEOUT_MS,
      answerCacheMb: env.CONFIG_ANSWER_CACHE_MB,
      answerOutageMaxAgeMs: env.CONFIG_ANSWER_OUTAGE_MAX_AGE_MS,
      readSecret: { value: env.CONFIG_SERVICE_READ_SECRET, file: env.CONFIG_SERVICE_READ_SECRET_FILE },
    },
    registry: { initialNamespace: env.INITIAL_NAMESPACE },
    heartbeats: {
      retryWindowMs: env.HEARTBEAT_RETRY_WINDOW_MS,
      eventRetentionHours: env.HEARTBEAT_EVENT_RETENTION_HOURS,
      policyRefreshMs: env.RECORDING_POLICY_REFRESH_MS,
    },
    presence: {
      defaultPeriodSeconds: env.PRESENCE_DEFAULT_PERIOD_SECONDS,
      latePeriods: env.PRESENCE_LATE_PERIODS,
      offlinePeriods: env.PRESENCE_OFFLINE_PERIODS,
      checkIntervalMs: env.PRESENCE_CHECK_INTERVAL_MS,
    },
    auth: {
      tokensFile: env.AUTH_TOKENS_FILE,
      oidc: env.OIDC_ISSUER
        ? {
            issuer: env.OIDC_ISSUER,
            audience: env.OIDC_AUDIENCE ?? '',
            jwksUrl: env.OIDC_JWKS_URL,
            clockSkewSeconds: env.OIDC_CLOCK_SKEW_SECONDS,
            subjectClaim: env.OIDC_SUBJECT_CLAIM,
            rolesClaim: env.OIDC_ROLES_CLAIM,
            namespacesClaim: env.OIDC_NAMESPACES_CLAIM,
            roleMap: parseRoleMap(env.OIDC_ROLE_MAP),
            consoleClientId: env.OIDC_CONSOLE_CLIENT_ID,
          }
        : undefined,
      rateLimit: { perSecond: env.MANAGEMENT_RATE_LIMIT_PER_SECOND, burst: env.MANAGEMENT_RATE_LIMIT_BURST },
    },
    secrets: {
      encryptionKey:
        app === 'config-service' && env.SECRETS_ENCRYPTION_KEY
          ? Buffer.from(env.SECRETS_ENCRYPTION_KEY, 'base64')
          : undefined,
    },
  });
}

function configServiceProblems(env: EnvVars): string[] {
  return [
    ...(env.SECRETS_ENCRYPTION_KEY
      ? []
      : ['SECRETS_ENCRYPTION_KEY=(unset): required by the config service (base64 of 32 bytes)']),
    ...(env.AUTH_TOKENS_FILE || env.OIDC_ISSUER
      ? []
      : [
          'AUTH_TOKENS_FILE=(unset): the config service needs AUTH_TOKENS_FILE or OIDC_ISSUER (or both) to authenticate the management API',
        ]),
  ];
}

function parseRoleMap(raw: string | undefined): Record<string, Role> {
  if (!raw) {
    return {};
  }
  return Object.fromEntries(raw.split(',').map((pair) => pair.split('=') as [string, Role]));
}

/** The one place that reads process.env. */
export function loadAppConfig(app: AppName, overrides: Record<string, string> = {}): AppConfig {
  return toAppConfig(app, parseEnv({ ...process.env, ...overrides }));
}
