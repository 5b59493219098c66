import { type AppConfig, loadAppConfig } from '@lib/config';
import { ensureTokenFile } from './auth';

const base = Number(process.env.TEST_PORT_BASE ?? 18080);

/**
 * Ports of the system under test: apart from the dev defaults so both can run at once, and moved as a block
 * with TEST_PORT_BASE so that two test runs (two work trees) can share a machine.
 */
export const TEST_PORTS = {
  gateway: base,
  'config-service': base + 1,
  'registration-worker': base + 2,
  'heartbeat-worker': base + 3,
  configServiceTcp: base + 11,
  mtlsGateway: base + 20,
  mtlsProbe: base + 21,
  brokerlessGateway: base + 22,
  secondHeartbeatWorker: base + 23,
  /** Outage tests: a private broker (and its controller, + 1) and PostgreSQL, and the apps that use them. */
  privateKafka: base + 40,
  kafkaOutageGateway: base + 42,
  privatePostgres: base + 43,
  dbOutageConfigService: base + 44,
  dbOutageConfigServiceTcp: base + 45,
  /** scripts/stack.sh's test: the embedded PostgreSQL it starts in its own STACK_DIR. */
  stackScriptPostgres: base + 46,
  /** Two more config service replicas (HTTP, then their read ports) of the rate-limit test. */
  replicaA: base + 50,
  replicaB: base + 51,
  replicaATcp: base + 52,
  replicaBTcp: base + 53,
  /** The command-outbox test's config service on the private broker (HTTP, read port). */
  commandOutboxConfigService: base + 54,
  commandOutboxConfigServiceTcp: base + 55,
  /** The OIDC issuer the OIDC test serves (discovery and JWKS), which the config service trusts. */
  oidcIssuer: base + 30,
} as const;

export const TEST_READ_SECRET = 'test-read-port-secret-0123456789abcdef';

export const TEST_SECRETS_KEY = Buffer.alloc(32, 0x5a).toString('base64');

export const TEST_OIDC = {
  issuer: `http://127.0.0.1:${TEST_PORTS.oidcIssuer}/realms/edge`,
  audience: 'flotta-edge-test',
} as const;

/** Environment shared by every app under test (database and broker come from scripts/test.sh). */
export function appEnv(): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    CONFIG_SERVICE_HOST: '127.0.0.1',
    CONFIG_SERVICE_TCP_PORT: String(TEST_PORTS.configServiceTcp),
    // Every test runs the authenticated read port, as compose and k8s do.
    CONFIG_SERVICE_READ_SECRET: TEST_READ_SECRET,
    KAFKA_PUBLISH_TIMEOUT_MS: '3000',
    // Bounds above the production defaults: a machine shared by several test runs is slow, not down. The outage
    // tests set their own.
    CONFIG_SERVICE_TIMEOUT_MS: '3000',
    DB_STATEMENT_TIMEOUT_MS: '20000',
    DB_LOCK_TIMEOUT_MS: '10000',
    // Presence in seconds instead of minutes: late after 4 s, offline after 10 s without a heartbeat.
    PRESENCE_DEFAULT_PERIOD_SECONDS: '2',
    PRESENCE_CHECK_INTERVAL_MS: '250',
    RECORDING_POLICY_REFRESH_MS: '100',
    // A fixed test key: the tests read the database to check that secrets are stored encrypted.
    SECRETS_ENCRYPTION_KEY: TEST_SECRETS_KEY,
    AUTH_TOKENS_FILE: ensureTokenFile(),
    OIDC_ISSUER: TEST_OIDC.issuer,
    OIDC_AUDIENCE: TEST_OIDC.audience,
    OIDC_ROLES_CLAIM: 'realm_access.roles',
    OIDC_ROLE_MAP: 'flotta-admins=admin,flotta-operators=operator,flotta-viewers=viewer',
    // High enough that no test is throttled by accident; the rate-limit test has a token with its own limits.
    MANAGEMENT_RATE_LIMIT_PER_SECOND: '10000',
    MANAGEMENT_RATE_LIMIT_BURST: '10000',
  };
}

/** The configuration the tests themselves use to reach the database and the broker. */
export function testConfig(): AppConfig {
  return loadAppConfig('migrations', appEnv());
}
