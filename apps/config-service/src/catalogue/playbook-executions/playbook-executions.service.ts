import { PlaybookExecutionEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { lockNamespace, reportedStatuses } from '../../serving';
import type { WriteOutcome } from '../catalogue-write';
import { NamespacedResources } from '../namespaced-resources';
import { writeResource } from '../namespaced-writer';
import type { PlaybookExecutionStatusDto } from './playbook-execution-status';
import type { PlaybookExecutionDto, PutPlaybookExecutionDto } from './playbook-execution.dto';

const toDto = (
  p: PlaybookExecutionEntity,
  status: PlaybookExecutionStatusDto | null = null,
): PlaybookExecutionDto => ({
  namespace: p.namespace,
  name: p.name,
  device: p.deviceId,
  playbook: { content: p.playbook },
  resourceVersion: String(p.resourceVersion),
  status,
});

@Injectable()
export class PlaybookExecutionsService {
  private readonly resources = new NamespacedResources(
    this.dataSource,
    PlaybookExecutionEntity,
    'playbook execution',
  );

  constructor(private readonly dataSource: DataSource) {}

  put(
    ns: string,
    name: string,
    body: PutPlaybookExecutionDto,
    ifMatch?: string,
  ): Promise<{ outcome: WriteOutcome; execution: PlaybookExecutionDto }> {
    return this.dataSource.transaction((m) => this.putIn(m, ns, name, body, ifMatch));
  }

  async putIn(
    m: EntityManager,
    ns: string,
    name: string,
    body: PutPlaybookExecutionDto,
    ifMatch?: string,
  ): Promise<{ outcome: WriteOutcome; execution: PlaybookExecutionDto }> {
    // Serialised like every catalogue write: two first PUTs of one name must not race into the unique index.
    await lockNamespace(m, ns);
    const { saved, outcome } = await writeResource(m, {
      entity: PlaybookExecutionEntity,
      where: { namespace: ns, name },
      what: `playbook execution ${name}`,
      ifMatch,
      values: { deviceId: body.device, playbook: body.playbook.content },
      same: (existing) => existing.deviceId === body.device && existing.playbook === body.playbook.content,
    });
    return { outcome, execution: toDto(saved) };
  }

  async get(ns: string, name: string): Promise<PlaybookExecutionDto> {
    return (await this.withStatus([await this.resources.get(ns, name)]))[0];
  }

  async list(ns: string): Promise<PlaybookExecutionDto[]> {
    return this.withStatus(await this.resources.list(ns));
  }

  private async withStatus(rows: PlaybookExecutionEntity[]): Promise<PlaybookExecutionDto[]> {
    const statuses = await reportedStatuses(this.dataSource.manager, rows);
    return rows.map((p) => toDto(p, statuses.get(p.id) ?? null));
  }

  delete(ns: string, name: string, ifMatch?: string): Promise<void> {
    return this.resources.delete(ns, name, ifMatch);
  }
}
