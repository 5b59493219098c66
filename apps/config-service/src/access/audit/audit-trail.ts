import { AuditEntryEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ALL_NAMESPACES, type NamespaceScope } from '../auth/principal';
import {
  AUDIT_ENTRY_COLUMNS,
  type AuditEntryRow,
  type AuditPageDto,
  type ListAuditQuery,
  toAuditEntryDto,
} from './audit-entry.dto';

/** Reads of the audit trail, filtered and paged by id (newest first). */
@Injectable()
export class AuditTrail {
  constructor(@InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>) {}

  async list(query: ListAuditQuery, scope: NamespaceScope): Promise<AuditPageDto> {
    const qb = this.entries
      .createQueryBuilder('a')
      .select(AUDIT_ENTRY_COLUMNS.map((c) => `a.${c} AS ${c}`))
      .orderBy('a.id', 'DESC')
      .limit(query.limit + 1);
    if (scope !== ALL_NAMESPACES) {
      // Cluster-wide entries (no namespace) are for admins of all namespaces only.
      qb.andWhere('a.namespace = ANY(:scope)', { scope: [...scope] });
    }
    const filters: [keyof ListAuditQuery, string][] = [
      ['actor', 'a.actor = :actor'],
      ['namespace', 'a.namespace = :namespace'],
      ['action', 'a.action = :action'],
      ['outcome', 'a.outcome = :outcome'],
      ['since', 'a.recorded_at >= :since'],
      ['until', 'a.recorded_at < :until'],
      ['before', 'a.id < :before'],
    ];
    for (const [key, condition] of filters) {
      if (query[key] !== undefined) {
        qb.andWhere(condition, { [key]: query[key] });
      }
    }
    if (query.resource !== undefined) {
      qb.andWhere("a.resource LIKE :resource ESCAPE '\\'", {
        resource: `${query.resource.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    }
    const rows = await qb.getRawMany<AuditEntryRow>();
    const items = rows.slice(0, query.limit).map(toAuditEntryDto);
    return { items, nextBefore: rows.length > query.limit ? items[items.length - 1].id : null };
  }
}
