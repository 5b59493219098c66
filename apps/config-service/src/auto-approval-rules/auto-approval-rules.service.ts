import { AutoApprovalRuleEntity } from '@lib/database';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { type AutoApprovalRuleDto, type PutAutoApprovalRuleDto, toRuleDto } from './auto-approval-rule.dto';

@Injectable()
export class AutoApprovalRulesService {
  constructor(
    @InjectRepository(AutoApprovalRuleEntity) private readonly rules: Repository<AutoApprovalRuleEntity>,
  ) {}

  async list(): Promise<AutoApprovalRuleDto[]> {
    const rules = await this.rules.find({ order: { priority: 'ASC', name: 'ASC' } });
    return rules.map(toRuleDto);
  }

  async get(name: string): Promise<AutoApprovalRuleDto> {
    return toRuleDto(await this.require(name));
  }

  /** Creates or replaces the rule; returns whether it was created. */
  async put(
    name: string,
    body: PutAutoApprovalRuleDto,
  ): Promise<{ created: boolean; rule: AutoApprovalRuleDto }> {
    return this.rules.manager.transaction(async (m) => {
      // One writer of the rules at a time: concurrent PUTs neither collide on the name nor lose an update.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['auto-approval-rules']);
      const existing = await m.findOneBy(AutoApprovalRuleEntity, { name });
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
      return { created: !existing, rule: toRuleDto(await m.save(rule)) };
    });
  }

  async delete(name: string): Promise<void> {
    const result = await this.rules.delete({ name });
    if (!result.affected) {
      throw new DomainError('RULE_NOT_FOUND', `No auto-approval rule named ${name}`);
    }
  }

  private async require(name: string): Promise<AutoApprovalRuleEntity> {
    const rule = await this.rules.findOneBy({ name });
    if (!rule) {
      throw new DomainError('RULE_NOT_FOUND', `No auto-approval rule named ${name}`);
    }
    return rule;
  }
}
