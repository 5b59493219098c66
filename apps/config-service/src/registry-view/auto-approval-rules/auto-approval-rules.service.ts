import { AutoApprovalRuleEntity } from '@lib/database';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import {
  ALL_NAMESPACES,
  auditInTransaction,
  inScope,
  type NamespaceScope,
  type Principal,
} from '../../access';
import { decodeCursor, type Page, type PageQuery, toPage } from '../../pagination';
import { type AutoApprovalRuleDto, type PutAutoApprovalRuleDto, toRuleDto } from './auto-approval-rule.dto';

@Injectable()
export class AutoApprovalRulesService {
  constructor(
    @InjectRepository(AutoApprovalRuleEntity) private readonly rules: Repository<AutoApprovalRuleEntity>,
  ) {}

  /**
   * In evaluation order (priority, then name), paged like every list. A rule belongs to the namespace it approves
   * into; one without a target is cluster-wide.
   */
  async list(scope: NamespaceScope, query: PageQuery): Promise<Page<AutoApprovalRuleDto>> {
    const after = decodeCursor(query.cursor);
    const rules = await this.rules.find({ order: { priority: 'ASC', name: 'ASC' } });
    // Rules are few (each is tried on every enrolment): paged in the process, after the scope's filter.
    const visible = rules.filter(
      (r) =>
        inScope(scope, r.targetNamespace) &&
        (!after ||
          r.priority > Number(after.sort) ||
          (r.priority === Number(after.sort) && r.name > after.id)),
    );
    return toPage(visible.slice(0, query.limit + 1).map(toRuleDto), query.limit, (r) => ({
      sort: String(r.priority),
      id: r.name,
    }));
  }

  async get(name: string, caller: Principal): Promise<AutoApprovalRuleDto> {
    return toRuleDto(await this.require(name, caller));
  }

  /** Creates or replaces the rule; returns whether it was created. */
  async put(
    name: string,
    body: PutAutoApprovalRuleDto,
    caller: Principal,
  ): Promise<{ created: boolean; rule: AutoApprovalRuleDto }> {
    caller.require('admin', body.targetNamespace ?? ALL_NAMESPACES);
    return this.rules.manager.transaction(async (m) => {
      // One writer of the rules at a time: concurrent PUTs neither collide on the name nor lose an update.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['auto-approval-rules']);
      const existing = await m.findOneBy(AutoApprovalRuleEntity, { name });
      if (existing) {
        // Replacing a rule takes it from where it approved into: that needs the admin role there too.
        caller.require('admin', existing.targetNamespace ?? ALL_NAMESPACES);
      }
      const rule = m.create(AutoApprovalRuleEntity, {
        ...(existing ?? {}),
        name,
        deviceIdPattern: body.deviceIdPattern,
        namespacePattern: body.namespacePattern ?? '*',
        targetNamespace: body.targetNamespace ?? null,
        labels: body.labels ?? {},
        priority: body.priority ?? 100,
        enabled: body.enabled ?? true,
        resourceVersion: (existing?.resourceVersion ?? 0) + 1,
      });
      const saved = await m.save(rule);
      await auditInTransaction(m, existing ? 200 : 201);
      return { created: !existing, rule: toRuleDto(saved) };
    });
  }

  async delete(name: string, caller: Principal): Promise<void> {
    const rule = await this.require(name, caller);
    caller.require('admin', rule.targetNamespace ?? ALL_NAMESPACES);
    await this.rules.manager.transaction(async (m) => {
      const result = await m.delete(AutoApprovalRuleEntity, { name });
      if (!result.affected) {
        throw new DomainError('RULE_NOT_FOUND', `No auto-approval rule named ${name}`);
      }
      await auditInTransaction(m, 204);
    });
  }

  /** A rule outside the caller's namespaces is reported missing, as if it were not there. */
  private async require(name: string, caller: Principal): Promise<AutoApprovalRuleEntity> {
    const rule = await this.rules.findOneBy({ name });
    if (!rule || !caller.can('viewer', rule.targetNamespace ?? ALL_NAMESPACES)) {
      throw new DomainError('RULE_NOT_FOUND', `No auto-approval rule named ${name}`);
    }
    return rule;
  }
}
