import { type RecordingPolicy, RecordingPolicyEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { decodeCursor, type Page, type PageQuery, toPage } from '../../pagination';
import { DEFAULT_NAMESPACE_KEY, type RecordingPolicyDto, toPolicyDto } from './recording-policy.dto';

const BUILT_IN: RecordingPolicy = 'record';

/** Stores the heartbeat recording policies the heartbeat worker applies (it re-reads them every few seconds). */
@Injectable()
export class RecordingPoliciesService {
  constructor(
    @InjectRepository(RecordingPolicyEntity) private readonly policies: Repository<RecordingPolicyEntity>,
  ) {}

  /** Every stored policy (the gateway's copy). */
  async list(): Promise<RecordingPolicyDto[]> {
    const rows = await this.policies.find({ order: { namespace: 'ASC' } });
    return rows.map((row) => toPolicyDto(row.namespace, row, BUILT_IN));
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
      .map((row) => toPolicyDto(row.namespace, row, BUILT_IN));
    return toPage(dtos.slice(0, query.limit + 1), query.limit, (p) => ({ sort: '', id: p.namespace }));
  }

  /** The policy in effect for a namespace: its own, else the default, else `record`. */
  async get(namespace: string): Promise<RecordingPolicyDto> {
    const own = await this.policies.findOneBy({ namespace });
    if (own || namespace === DEFAULT_NAMESPACE_KEY) {
      return toPolicyDto(namespace, own, BUILT_IN);
    }
    const fallback = await this.policies.findOneBy({ namespace: DEFAULT_NAMESPACE_KEY });
    return toPolicyDto(namespace, null, fallback?.policy ?? BUILT_IN);
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
