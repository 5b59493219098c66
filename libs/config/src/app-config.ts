import type { ReadSecretSource } from './read-secret';

/** The apps of the system; each reads the same schema with its own defaults. */
export type AppName =
  'gateway' | 'registration-worker' | 'heartbeat-worker' | 'config-service' | 'migrations';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
  caFile: string;
  /** Client certificate common names allowed to call. */
  clientCommonNames: string[];
}

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface OidcSettings {
  issuer: string;
  audience: string;
  /** Unset: discovered from the issuer's `/.well-known/openid-configuration`. */
  jwksUrl?: string;
  clockSkewSeconds: number;
  subjectClaim: string;
  rolesClaim: string;
  namespacesClaim: string;
  /** Issuer role name → our role; empty means the claim already uses our names. */
  roleMap: Record<string, Role>;
  /** The operator console's OIDC client; unset means the audience doubles as the client ID. */
  consoleClientId?: string;
}

/** Typed, nested configuration built once from the validated environment. */
export class AppConfig {
  app!: AppName;
  env!: 'development' | 'production' | 'test';
  log!: { level: string; pretty: boolean; slowRequestMs: number; sampleRate: number };
  http!: {
    host: string;
    port: number;
    probePort: number;
    /** SIGTERM to exit, at most (graceful shutdown). */
    shutdownTimeoutMs: number;
    bodyLimitBytes: number;
    maxUrlLength: number;
    maxJsonDepth: number;
    tls?: TlsFiles;
  };
  db!: {
    host: string;
    port: number;
    user: string;
    password: string;
    name: string;
    poolSize: number;
    ssl: boolean;
    connectTimeoutMs: number;
    statementTimeoutMs: number;
    lockTimeoutMs: number;
    idleInTransactionTimeoutMs: number;
  };
  kafka!: {
    brokers: string[];
    clientId: string;
    groupId: string;
    publishTimeoutMs: number;
    producerLanes: number;
    topicPartitions: number;
    replicationFactor: number;
    partitionsConsumedConcurrently: number;
    sessionTimeoutMs: number;
    heartbeatIntervalMs: number;
    rebalanceTimeoutMs: number;
  };
  configService!: {
    host: string;
    tcpHost: string;
    tcpPort: number;
    timeoutMs: number;
    /** Memory for ready configuration answers in the config service; 0 = no cache. */
    answerCacheMb: number;
    /** How long answers in memory are served while the database is unreachable; 0 = not at all. */
    answerOutageMaxAgeMs: number;
    /** The read port's shared secret (loadReadSecret opens it at boot). */
    readSecret: ReadSecretSource;
  };
  registry!: { initialNamespace: string };
  heartbeats!: { retryWindowMs: number; eventRetentionHours: number; policyRefreshMs: number };
  presence!: {
    defaultPeriodSeconds: number;
    latePeriods: number;
    offlinePeriods: number;
    checkIntervalMs: number;
  };
  /** The management API's callers (config service only). */
  auth!: {
    tokensFile?: string;
    oidc?: OidcSettings;
    rateLimit: { perSecond: number; burst: number };
  };
  /** Set for the config service (required there), absent elsewhere: no other app touches secrets. */
  secrets!: { encryptionKey?: Buffer };
}

export const APP_DEFAULT_HTTP_PORTS: Record<AppName, number> = {
  gateway: 8080,
  'config-service': 8081,
  'registration-worker': 8082,
  'heartbeat-worker': 8083,
  migrations: 0,
};
