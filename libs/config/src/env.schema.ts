import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'production', 'test'] as const;

// Reads the raw string: implicit conversion has already turned any non-empty string into `true`.
const toBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }): unknown =>
  obj[key] === 'true' ? true : obj[key] === 'false' ? false : obj[key];

/**
 * Every environment variable the apps read. Values arrive as strings; implicit conversion turns numbers
 * into numbers, and a value that does not convert fails validation with its variable's name.
 */
export class EnvVars {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'production';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /**
   * The devices' hot routes (GET configuration, PUT heartbeat) log no line per success: a success slower than
   * this is logged (at warn), as is every failure (docs/operations.md#request-logs).
   */
  @IsInt()
  @Min(1)
  LOG_SLOW_REQUEST_MS: number = 1000;

  /** Share (0..1) of the hot routes' successes logged all the same, at info; 0 logs none. */
  @IsNumber()
  @Min(0)
  @Max(1)
  LOG_SAMPLE_RATE: number = 0;

  @IsString()
  HTTP_HOST: string = '0.0.0.0';

  /** Each app has its own default port (see APP_DEFAULTS); the variable overrides it. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT?: number;

  /**
   * Plain-HTTP port for /health/* and /metrics when the gateway serves mutual TLS: probes and scrapers
   * have no client certificate, and the mTLS port refuses the handshake without one.
   */
  @IsInt()
  @Min(1)
  @Max(65535)
  PROBE_PORT: number = 9080;

  /**
   * On SIGTERM an app goes unready, stops accepting, finishes its requests and batches and exits; past this bound
   * it exits all the same (keep Kubernetes' terminationGracePeriodSeconds above it).
   */
  @IsInt()
  @Min(1000)
  @Max(300_000)
  SHUTDOWN_TIMEOUT_MS: number = 10_000;

  /** Longest request URL the HTTP apps accept (414 beyond). */
  @IsInt()
  @Min(256)
  HTTP_MAX_URL_LENGTH: number = 2048;

  /** Deepest JSON nesting the HTTP apps accept (400 beyond). */
  @IsInt()
  @Min(8)
  @Max(1000)
  HTTP_MAX_JSON_DEPTH: number = 64;

  /** Largest request body the HTTP apps accept, in bytes. */
  @IsInt()
  @Min(1024)
  HTTP_BODY_LIMIT_BYTES: number = 1_048_576;

  @IsString()
  @IsNotEmpty()
  DB_HOST: string = '127.0.0.1';

  @IsInt()
  @Min(1)
  @Max(65535)
  DB_PORT: number = 5432;

  @IsString()
  @IsNotEmpty()
  DB_USER: string = 'postgres';

  @IsString()
  DB_PASSWORD: string = '';

  @IsString()
  @IsNotEmpty()
  DB_NAME: string = 'flotta';

  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE: number = 10;

  @Transform(toBoolean)
  @IsBoolean()
  DB_SSL: boolean = false;

  /** How long getting a pool connection (connecting included) may take before the request answers 503. */
  @IsInt()
  @Min(100)
  @Max(60_000)
  DB_CONNECT_TIMEOUT_MS: number = 2000;

  /**
   * Bound of one statement, on the server (statement_timeout) and in the client (query_timeout, which also ends
   * the wait on a frozen server that answers nothing).
   */
  @IsInt()
  @Min(100)
  @Max(600_000)
  DB_STATEMENT_TIMEOUT_MS: number = 5000;

  /** A statement waiting for a row or table lock gives up after this (lock_timeout) instead of queueing. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  DB_LOCK_TIMEOUT_MS: number = 3000;

  /** The server ends a session idle inside an open transaction after this (idle_in_transaction_session_timeout). */
  @IsInt()
  @Min(100)
  @Max(600_000)
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: number = 10_000;

  /** Comma-separated host:port list. */
  @Matches(/^[^,\s:]+:\d{1,5}(,[^,\s:]+:\d{1,5})*$/, {
    message: 'must be a comma-separated list of host:port',
  })
  KAFKA_BROKERS: string = '127.0.0.1:9092';

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  KAFKA_CLIENT_ID?: string;

  /** Consumer group of the app; defaults to the app's name so that no two apps share a group. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  KAFKA_GROUP_ID?: string;

  /**
   * How long a publish may wait for the broker's acknowledgement before it fails (the gateway then answers 503).
   * Default 600 on the gateway, so every Edge API answer comes within 1 s even while the broker is frozen or has just
   * come back (its answer then still waits for the timer, and a saturated machine fires timers late: 1,040-1,120 ms
   * were measured with 800); 5000 elsewhere, where no client waits and a publish given up makes a worker handle its
   * whole batch again.
   */
  @IsOptional()
  @IsInt()
  @Min(100)
  KAFKA_PUBLISH_TIMEOUT_MS?: number;

  /**
   * Producers an app publishes through, each an idempotent producer with one batch in flight; a message's key
   * picks its producer, so one key's messages keep their order. Default 3 on the gateway (heartbeats), 1 elsewhere.
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(16)
  KAFKA_PRODUCER_LANES?: number;

  /**
   * A consumer replica that sends no heartbeat for this long leaves its group and its partitions move to the
   * others: the bound on how long a killed replica's events wait. The broker's minimum is 6000 by default.
   */
  @IsInt()
  @Min(1000)
  @Max(300_000)
  KAFKA_SESSION_TIMEOUT_MS: number = 6000;

  @IsInt()
  @Min(100)
  @Max(60_000)
  KAFKA_HEARTBEAT_INTERVAL_MS: number = 1000;

  /** How long a rebalance waits for every member to rejoin (a replica busy with a batch finishes it first). */
  @IsInt()
  @Min(1000)
  @Max(300_000)
  KAFKA_REBALANCE_TIMEOUT_MS: number = 10_000;

  /** Partitions of each topic created by `topics:create` (scale-out is partitions plus consumer replicas). */
  @IsInt()
  @Min(1)
  @Max(1000)
  KAFKA_TOPIC_PARTITIONS: number = 3;

  @IsInt()
  @Min(1)
  @Max(7)
  KAFKA_REPLICATION_FACTOR: number = 1;

  /** Partitions one consumer replica works on at once. */
  @IsInt()
  @Min(1)
  @Max(64)
  KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY: number = 3;

  /** A heartbeat identical to the device's previous one within this window is an Edge API retry. */
  @IsInt()
  @Min(0)
  @Max(60_000)
  HEARTBEAT_RETRY_WINDOW_MS: number = 10_000;

  /** How long the events devices report in heartbeats are kept. */
  @IsInt()
  @Min(1)
  HEARTBEAT_EVENT_RETENTION_HOURS: number = 168;

  /** How often the heartbeat worker re-reads the recording policies: a change takes effect within it. */
  @IsInt()
  @Min(100)
  RECORDING_POLICY_REFRESH_MS: number = 5000;

  /** Heartbeat period assumed for presence until a device's configuration says otherwise. */
  @IsInt()
  @Min(1)
  PRESENCE_DEFAULT_PERIOD_SECONDS: number = 60;

  /** A device is late after this many missed periods, offline after PRESENCE_OFFLINE_PERIODS. */
  @IsInt()
  @Min(1)
  PRESENCE_LATE_PERIODS: number = 2;

  @IsInt()
  @Min(1)
  PRESENCE_OFFLINE_PERIODS: number = 5;

  /** How often the heartbeat worker looks for devices that turned late or offline. */
  @IsInt()
  @Min(100)
  PRESENCE_CHECK_INTERVAL_MS: number = 5000;

  @IsString()
  @IsNotEmpty()
  CONFIG_SERVICE_HOST: string = '127.0.0.1';

  @IsInt()
  @Min(1)
  @Max(65535)
  CONFIG_SERVICE_TCP_PORT: number = 8091;

  /** The gateway's wait for a configuration read; below 1 s so that every Edge API answer comes within 1 s. */
  @IsInt()
  @Min(50)
  CONFIG_SERVICE_TIMEOUT_MS: number = 900;

  /**
   * Config service: memory for configuration answers kept ready to serve (devices sharing their content share
   * one copy). 0 turns the cache off: every read then goes to the database.
   */
  @IsInt()
  @Min(0)
  @Max(4096)
  CONFIG_ANSWER_CACHE_MB: number = 64;

  /**
   * Config service: while the database is unreachable, configuration answers held in memory keep being served for
   * this long after the database was lost (nothing can change them meanwhile); 0 answers 503 instead.
   */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  CONFIG_ANSWER_OUTAGE_MAX_AGE_MS: number = 600_000;

  /**
   * Namespace the Edge API puts in the path of a device's first registration
   * (docs/contract.md#namespaces-in-the-path).
   */
  @Matches(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { message: 'must be a DNS-1123 label' })
  INITIAL_NAMESPACE: string = 'default';

  /**
   * Key of the config service's secret store: base64 of 32 random bytes (AES-256-GCM), e.g.
   * `openssl rand -base64 32`. Required by the config service only; losing it makes stored secrets unreadable.
   */
  @IsOptional()
  @ValidateBy({
    name: 'isAes256Key',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        /^[A-Za-z0-9+/]+={0,2}$/.test(value) &&
        Buffer.from(value, 'base64').length === 32,
      defaultMessage: () => 'must be the base64 encoding of exactly 32 bytes',
    },
  })
  SECRETS_ENCRYPTION_KEY?: string;

  /**
   * Management API bearer tokens: a YAML or JSON file `tokens: [{name, sha256, roles, namespaces}]` holding the
   * SHA-256 of each token, never the token. The config service needs this or OIDC_ISSUER (or both).
   */
  @IsOptional()
  @IsString()
  AUTH_TOKENS_FILE?: string;

  /** OIDC issuer whose JWTs the management API accepts (`iss`); its JWKS is discovered unless OIDC_JWKS_URL is set. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  OIDC_ISSUER?: string;

  /** Required with OIDC_ISSUER: the `aud` the tokens must carry, so tokens minted for other services are refused. */
  @ValidateIf((env: EnvVars) => Boolean(env.OIDC_ISSUER))
  @IsString()
  @IsNotEmpty({ message: 'OIDC_AUDIENCE is required with OIDC_ISSUER' })
  OIDC_AUDIENCE?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  OIDC_JWKS_URL?: string;

  /** The public client the operator console signs in as (authorization code + PKCE); default OIDC_AUDIENCE. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  OIDC_CONSOLE_CLIENT_ID?: string;

  @IsInt()
  @Min(0)
  @Max(600)
  OIDC_CLOCK_SKEW_SECONDS: number = 30;

  /** Claims (dotted paths, e.g. `realm_access.roles`) naming the caller, its roles and its namespaces. */
  @IsString()
  @IsNotEmpty()
  OIDC_SUBJECT_CLAIM: string = 'sub';

  @IsString()
  @IsNotEmpty()
  OIDC_ROLES_CLAIM: string = 'roles';

  @IsString()
  @IsNotEmpty()
  OIDC_NAMESPACES_CLAIM: string = 'namespaces';

  /** Maps the issuer's role names to ours, e.g. `flotta-admins=admin,flotta-ops=operator`; unset = same names. */
  @IsOptional()
  @Matches(/^[^=,\s]+=(viewer|operator|admin)(,[^=,\s]+=(viewer|operator|admin))*$/, {
    message: 'must be a comma-separated list of claim=role with role viewer, operator or admin',
  })
  OIDC_ROLE_MAP?: string;

  /** Management API requests each caller may make per second on average (token bucket refill; 0.1 = one per 10 s). */
  @IsNumber()
  @Min(0.001)
  MANAGEMENT_RATE_LIMIT_PER_SECOND: number = 20;

  /** Requests a caller may make in a burst above the average (bucket size). */
  @IsInt()
  @Min(1)
  MANAGEMENT_RATE_LIMIT_BURST: number = 100;

  /** Server certificate (PEM). Setting the three TLS_* files switches the gateway to HTTPS with mTLS. */
  @ValidateIf((env: EnvVars) => Boolean(env.TLS_KEY_FILE || env.TLS_CA_FILE || env.TLS_CERT_FILE))
  @IsString()
  @IsNotEmpty({ message: 'TLS_CERT_FILE, TLS_KEY_FILE and TLS_CA_FILE must be set together' })
  TLS_CERT_FILE?: string;

  @ValidateIf((env: EnvVars) => Boolean(env.TLS_KEY_FILE || env.TLS_CA_FILE || env.TLS_CERT_FILE))
  @IsString()
  @IsNotEmpty({ message: 'TLS_CERT_FILE, TLS_KEY_FILE and TLS_CA_FILE must be set together' })
  TLS_KEY_FILE?: string;

  /**
   * Common names a client certificate must carry, comma-separated. Devices' certificates are signed by the same
   * Flotta CA as the Edge API's, whose own certificate has CN `*` (docs/contract.md#mtls): only that one may call.
   */
  @IsString()
  @IsNotEmpty()
  TLS_CLIENT_COMMON_NAMES: string = '*';

  /**
   * Address the config service's TCP read port binds to. It answers configurations with secrets opened, so it
   * listens on loopback unless the deployment opens it to the gateway (compose, k8s with a NetworkPolicy).
   */
  @IsString()
  @IsNotEmpty()
  CONFIG_SERVICE_TCP_HOST: string = '127.0.0.1';

  /**
   * The shared secret of the read port (CONFIG_SERVICE_TCP_PORT): the gateway sends it once per connection, the
   * config service closes connections without it. Required on both sides whenever the port is reachable from
   * anything but loopback. Set this or CONFIG_SERVICE_READ_SECRET_FILE, not both.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters (e.g. openssl rand -base64 32)' })
  CONFIG_SERVICE_READ_SECRET?: string;

  /** A file holding CONFIG_SERVICE_READ_SECRET (read at boot; surrounding whitespace ignored). */
  @IsOptional()
  @IsString()
  CONFIG_SERVICE_READ_SECRET_FILE?: string;

  /** CA bundle that client certificates must chain to: the Flotta CA (`flotta-ca` secret, `ca.crt`). */
  @ValidateIf((env: EnvVars) => Boolean(env.TLS_KEY_FILE || env.TLS_CA_FILE || env.TLS_CERT_FILE))
  @IsString()
  @IsNotEmpty({ message: 'TLS_CERT_FILE, TLS_KEY_FILE and TLS_CA_FILE must be set together' })
  TLS_CA_FILE?: string;
}
