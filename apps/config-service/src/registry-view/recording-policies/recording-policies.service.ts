import {
  BUILT_IN_RECORDING_POLICY,
  DEFAULT_POLICY_NAMESPACE,
  effectiveRecordingPolicy,
  type RecordingPolicy,
} from '@lib/contracts';
import { RecordingPolicyEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { type RecordingPolicyDto, toPolicyDto } from './recording-policy.dto';

/** Stores the heartbeat recording policies the heartbeat worker applies (it re-reads them every few seconds). */
@Injectable()
export class RecordingPoliciesService {
  constructor(
    @InjectRepository(RecordingPolicyEntity) private readonly policies: Repository<RecordingPolicyEntity>,
  ) {}

  async list(): Promise<RecordingPolicyDto[]> {
    const rows = await this.policies.find({ order: { namespace: 'ASC' } });
    return rows.map((row) => toPolicyDto(row.namespace, row, BUILT_IN_RECORDING_POLICY));
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
    await this.policies.upsert({ namespace, policy }, ['namespace']);
    return this.get(namespace);
  }

  async delete(namespace: string): Promise<RecordingPolicyDto> {
    await this.policies.delete({ namespace });
    return this.get(namespace);
  }
}
