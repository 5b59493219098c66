import { HEADERS, TOPICS } from '@lib/contracts';
import { ADVISORY_LOCKS } from '@lib/database';
import { EventPublisher, PollingRelay } from '@lib/kafka';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AUDIT_ENTRY_COLUMNS, type AuditEntryRow, toAuditEntryDto } from './audit-entry.dto';

const BATCH_SIZE = 500;

/**
 * Publishes new audit entries on `management.audit.v1` and marks them published (the one update the append-only
 * trigger allows). A crash between the broker's ack and the mark republishes: consumers dedupe by eventId.
 */
@Injectable()
export class AuditRelay extends PollingRelay {
  constructor(dataSource: DataSource, publisher: EventPublisher) {
    super(dataSource, publisher, BATCH_SIZE, ADVISORY_LOCKS.auditRelay);
  }

  protected async publishRows(manager: EntityManager): Promise<number> {
    const rows = await manager.query<AuditEntryRow[]>(
      `SELECT ${AUDIT_ENTRY_COLUMNS.join(', ')} FROM audit_entry WHERE published_at IS NULL ORDER BY id LIMIT $1`,
      [BATCH_SIZE],
    );
    if (rows.length === 0) {
      return 0;
    }
    await Promise.all(
      rows.map((row) => {
        const { eventId, ...entry } = toAuditEntryDto(row);
        return this.publisher.publish(TOPICS.managementAudit, {
          key: row.namespace ?? '*',
          value: JSON.stringify({ eventId, occurredAt: entry.recordedAt, schemaVersion: 1, entry }),
          headers: row.correlation_id ? { [HEADERS.correlationId]: row.correlation_id } : {},
        });
      }),
    );
    await manager.query('UPDATE audit_entry SET published_at = now() WHERE id = ANY($1::bigint[])', [
      rows.map((r) => r.id),
    ]);
    return rows.length;
  }
}
