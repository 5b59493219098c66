import type { EntityManager } from 'typeorm';

/** PostgreSQL channel on which every change of a device's served configuration is announced, at commit. */
export const CONFIGURATION_CHANNEL = 'device_configuration_changed';
const NOTIFY_PAYLOAD_LIMIT = 7900;

/**
 * Announces, inside the transaction that changes them, the devices whose served configuration changed. PostgreSQL
 * delivers the notification to every listening replica when (and only if) the transaction commits.
 */
export async function announceConfigurationChanges(
  manager: EntityManager,
  deviceIds: string[],
): Promise<void> {
  let chunk: string[] = [];
  let length = 0;
  const flush = async () => {
    if (chunk.length > 0) {
      await manager.query('SELECT pg_notify($1, $2)', [CONFIGURATION_CHANNEL, chunk.join(',')]);
      chunk = [];
      length = 0;
    }
  };
  for (const id of deviceIds) {
    if (length + id.length + 1 > NOTIFY_PAYLOAD_LIMIT) {
      await flush();
    }
    chunk.push(id);
    length += id.length + 1;
  }
  await flush();
}
