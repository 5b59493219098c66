import { ADVISORY_LOCKS, RegistrationOutboxEntity } from '@lib/database';
import { EventPublisher, OutboxTableRelay } from '@lib/kafka';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Publishes the registry's outbox (lifecycle events and state snapshots) in insertion order; a republished row
 * is absorbed by readers (lifecycle snapshots carry a revision).
 */
@Injectable()
export class OutboxRelay extends OutboxTableRelay {
  constructor(dataSource: DataSource, publisher: EventPublisher) {
    super(dataSource, publisher, ADVISORY_LOCKS.registrationOutboxRelay, RegistrationOutboxEntity);
  }
}
