import { ADVISORY_LOCKS, RegistryCommandOutboxEntity } from '@lib/database';
import { EventPublisher, OutboxTableRelay } from '@lib/kafka';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Publishes accepted registry commands in acceptance order, keyed by device (one partition per device: the
 * worker reads a device's commands of one topic in that order). A republished command keeps its eventId; the
 * worker's transitions absorb it.
 */
@Injectable()
export class RegistryCommandRelay extends OutboxTableRelay {
  constructor(dataSource: DataSource, publisher: EventPublisher) {
    super(dataSource, publisher, ADVISORY_LOCKS.registryCommandRelay, RegistryCommandOutboxEntity);
  }
}
