import { type AppConfig, loadAppConfig } from '@lib/config';

/** Ports of the system under test; apart from the dev defaults so both can run at once. */
export const TEST_PORTS = {
  gateway: 18080,
  'config-service': 18081,
  'registration-worker': 18082,
  'heartbeat-worker': 18083,
  configServiceTcp: 18091,
} as const;

/** Environment shared by every app under test (database and broker come from scripts/test.sh). */
export function appEnv(): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    CONFIG_SERVICE_HOST: '127.0.0.1',
    CONFIG_SERVICE_TCP_PORT: String(TEST_PORTS.configServiceTcp),
    KAFKA_PUBLISH_TIMEOUT_MS: '3000',
  };
}

/** The configuration the tests themselves use to reach the database and the broker. */
export function testConfig(): AppConfig {
  return loadAppConfig('migrations', appEnv());
}
