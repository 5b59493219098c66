import {
  BUILT_IN_RECORDING_POLICY,
  DEFAULT_POLICY_NAMESPACE,
  effectiveRecordingPolicy,
  type RecordingPolicy,
} from '@lib/contracts';
import { RecordingPolicyEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThan, Repository } from 'typeorm';
import { auditInTransaction } from '../../access';
import { decodeCursor, type Page, type PageQuery, toPage } from '../../pagination';
import { type RecordingPolicyDto, toPolicyDto } from './recording-policy.dto';

/** Stores the heartbeat recording policies the heartbeat worker applies (it re-reads them every few seconds). */
@Injectable()
export class RecordingPoliciesService {
  constructor(
    @InjectRepository(RecordingPolicyEntity) private readonly policies: Repository<RecordingPolicyEntity>,
  ) {}

  /** Every stored policy (the gateway's copy). */
  async list(): Promise<RecordingPolicyDto[]> {
    const rows = await this.policies.find({ order: { namespace: 'ASC' } });
    return rows.map((row) => toPolicyDto(row.namespace, row, BUILT_IN_RECORDING_POLICY));
  }

  /** By namespace, paged like every list; `visible` is the caller's scope. */
  async page(query: PageQuery, visible: (namespace: string) => boolean): Promise<Page<RecordingPolicyDto>> {
    const after = decodeCursor(query.cursor);
    const rows = await this.policies.find({
      where: after ? { namespace: MoreThan(after.id) } : {},
      order: { namespace: 'ASC' },
    });
    const dtos = rows
      .filter((row) => visible(row.namespace))
      .map((row) => toPolicyDto(row.namespace, row, BUILT_IN_RECORDING_POLICY));
    return toPage(dtos.slice(0, query.limit + 1), query.limit, (p) => ({ sort: '', id: p.namespace }));
  }

  /** The policy in effect for a namespace (effectiveRecordingPolicy), and whether it is the namespace's own. */
  async get(namespace: string): Promise<RecordingPolicyDto> {
    const rows = await this.policies.findBy({ namespace: In([namespace, DEFAULT_POLICY_NAMESPACE]) });
    const stored = new Map(rows.map((r) => [r.namespace, r.policy]));
    const own = rows.find((r) => r.namespace === namespace) ?? null;
    return toPolicyDto(
      namespace,
      own,
      effectiveRecordingPolicy((ns) => stored.get(ns), namespace),
    );
  }

  async put(namespace: string, policy: RecordingPolicy): Promise<RecordingPolicyDto> {
    await this.policies.manager.transaction(async (m) => {
      await m.upsert(RecordingPolicyEntity, { namespace, policy }, ['namespace']);
      await auditInTransaction(m, 200);
    });
    return this.get(namespace);
  }

  async delete(namespace: string): Promise<RecordingPolicyDto> {
    await this.policies.manager.transaction(async (m) => {
      await m.delete(RecordingPolicyEntity, { namespace });
      await auditInTransaction(m, 200);
    });
    return this.get(namespace);
  }
}
