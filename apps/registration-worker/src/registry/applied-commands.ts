import { TOPICS } from '@lib/contracts';
import type { ConsumedEvent } from '@lib/kafka';
import type { EntityManager } from 'typeorm';
import type { RegistryEvent } from './registry-events';

/** The topics the config service's command outbox publishes at least once. */
const COMMAND_TOPICS = new Set<string>([
  TOPICS.enrolmentDecided,
  TOPICS.labelsChangeRequested,
  TOPICS.decommissionRequested,
  TOPICS.deviceImportRequested,
]);

/**
 * How long an applied command's eventId is remembered. A command is republished only while its outbox row
 * outlives a relay crash (seconds, or as long as the config service stays down): a week covers any outage.
 */
export const APPLIED_COMMAND_RETENTION_DAYS = 7;

// Duplicates in the same statement conflict with the row the first one inserted, so each id comes back once.
const CLAIM = `
  INSERT INTO applied_command (event_id, applied_at)
  SELECT id, now() FROM unnest($1::uuid[]) AS ids(id)
  ON CONFLICT (event_id) DO NOTHING
  RETURNING event_id`;

const FORGET_OLD = `DELETE FROM applied_command WHERE applied_at < now() - make_interval(days => $1)`;

/**
 * The batch's events less the commands already applied (in an earlier batch, or earlier in this one), each
 * command's eventId recorded in the caller's transaction: it is applied once, or not at all if that rolls back.
 * A concurrent transaction claiming the same id (a rebalance's two consumers) waits for it and then skips.
 * Other topics pass through: their transitions are idempotent by state, and nothing republishes them late.
 */
export async function unappliedEvents(
  manager: EntityManager,
  topic: string,
  events: ConsumedEvent<RegistryEvent>[],
): Promise<ConsumedEvent<RegistryEvent>[]> {
  if (!COMMAND_TOPICS.has(topic) || events.length === 0) {
    return events;
  }
  await manager.query(FORGET_OLD, [APPLIED_COMMAND_RETENTION_DAYS]);
  const claimed: { event_id: string }[] = await manager.query(CLAIM, [
    events.map(({ event }) => event.eventId),
  ]);
  const unclaimed = new Set(claimed.map((row) => row.event_id));
  // The first copy of each claimed id is applied; a later copy in the same batch finds it taken. PostgreSQL
  // hands uuids back in lower case.
  return events.filter(({ event }) => unclaimed.delete(event.eventId.toLowerCase()));
}
