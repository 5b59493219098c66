import { PlaybookExecutionEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { reportedStatuses } from '../../serving';
import type { WriteOutcome } from '../catalogue-write';
import { NamespacedResources } from '../namespaced-resources';
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

  /** Creates or replaces; the device reads its executions on its next poll, nothing is rendered. */
  async put(
    ns: string,
    name: string,
    body: PutPlaybookExecutionDto,
    ifMatch?: string,
    manager?: EntityManager,
  ): Promise<{ outcome: WriteOutcome; execution: PlaybookExecutionDto }> {
    const { saved, outcome } = await this.resources.write({
      namespace: ns,
      name,
      ifMatch,
      manager,
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
