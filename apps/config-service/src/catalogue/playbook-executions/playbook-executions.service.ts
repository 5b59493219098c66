import { PlaybookExecutionEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { lockNamespace } from '../../serving';
import type { WriteOutcome } from '../catalogue-write';
import { NamespacedResources } from '../namespaced-resources';
import { writeResource } from '../namespaced-writer';
import type { PlaybookExecutionDto, PutPlaybookExecutionDto } from './playbook-execution.dto';

const toDto = (p: PlaybookExecutionEntity): PlaybookExecutionDto => ({
  namespace: p.namespace,
  name: p.name,
  device: p.deviceId,
  playbook: { content: p.playbook },
  resourceVersion: String(p.resourceVersion),
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
    return toDto(await this.resources.get(ns, name));
  }

  async list(ns: string): Promise<PlaybookExecutionDto[]> {
    return (await this.resources.list(ns)).map(toDto);
  }

  delete(ns: string, name: string, ifMatch?: string): Promise<void> {
    return this.resources.delete(ns, name, ifMatch);
  }
}
