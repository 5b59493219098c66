import { HEADERS, newEnvelope, TOPICS } from '@lib/contracts';
import { RegistryCommandOutboxEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { auditInTransaction } from '../../access';
import { RegistryCommandRelay } from './registry-command.relay';

type CommandTopic =
  | typeof TOPICS.enrolmentDecided
  | typeof TOPICS.labelsChangeRequested
  | typeof TOPICS.decommissionRequested
  | typeof TOPICS.deviceImportRequested;

/** Key space of the per-device lock (the two-key form: apart from ADVISORY_LOCKS' single keys). */
const DEVICE_LOCK_SPACE = 4_242_006;

/**
 * Operators' decisions go to the registration worker as commands: one writer owns the registry. A command is
 * written to the outbox in the caller's transaction, with the request's audit entry; the relay publishes it once
 * that committed, so the broker is not in the answer's path and a crash loses neither.
 */
@Injectable()
export class RegistryCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: RegistryCommandRelay,
  ) {}

  /**
   * A management request's command: it and the request's audit entry (`202`, in `namespace` where the route has
   * none) commit together, then the relay is nudged. Returns the command's eventId.
   */
  async accept(
    topic: CommandTopic,
    payload: { deviceId: string } & Record<string, unknown>,
    correlationId: string,
    namespace?: string,
  ): Promise<string> {
    const commandId = await this.dataSource.transaction(async (m) => {
      // Commands of one device are accepted one transaction at a time: their ids, hence the relay's order, are
      // the order of their commits.
      await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DEVICE_LOCK_SPACE, payload.deviceId]);
      const id = await this.send(m, topic, payload, correlationId);
      await auditInTransaction(m, 202, namespace);
      return id;
    });
    this.committed();
    return commandId;
  }

  /**
   * In the caller's transaction; returns the command's eventId (the same on every delivery). Unlocked: the apply
   * imports devices the read model does not know, which no other command can be about.
   */
  async send(
    manager: EntityManager,
    topic: CommandTopic,
    payload: { deviceId: string } & Record<string, unknown>,
    correlationId: string,
  ): Promise<string> {
    const event = { ...newEnvelope(), ...payload };
    await manager.insert(RegistryCommandOutboxEntity, {
      eventId: event.eventId,
      topic,
      messageKey: payload.deviceId,
      payload: event,
      headers: { [HEADERS.correlationId]: correlationId, [HEADERS.eventType]: topic },
    });
    return event.eventId;
  }

  /** After the caller's transaction committed: sooner than the relay's next poll. */
  committed(): void {
    this.relay.nudge();
  }
}
