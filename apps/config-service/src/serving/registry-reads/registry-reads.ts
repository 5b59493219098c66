import type {
  ConfigurationReply,
  DeviceRef,
  PlaybookExecutionsReply,
  RecordingPoliciesReply,
} from '@lib/contracts';
import { DeviceViewEntity, PlaybookExecutionEntity, RecordingPolicyEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfigurationAnswers } from '../configuration-answers/configuration-answers';
import { unfinished } from '../playbook-status/reported-statuses';
import { SERVED_STATES } from '../rendering/configuration-store';

/**
 * Go's zero time: upstream never sets last_data_upload, and the Edge API always emits it
 * (docs/contract.md#other-answer-bodies).
 */
const ZERO_TIME = '0001-01-01T00:00:00.000Z';

/**
 * The gateway's reads (served by RegistryReadsServer): rendered configurations, playbook executions, policies.
 * Like rendering, it reads the tables the other features write, so serving depends on none of them.
 */
@Injectable()
export class RegistryReads {
  constructor(
    private readonly dataSource: DataSource,
    private readonly answers: ConfigurationAnswers,
  ) {}

  /** The gateway drops heartbeats of `ignore` namespaces before Kafka: nothing stored, nothing published. */
  async recordingPolicies(): Promise<RecordingPoliciesReply> {
    const rows = await this.dataSource.manager.find(RecordingPolicyEntity);
    return { policies: Object.fromEntries(rows.map((r) => [r.namespace, r.policy])) };
  }

  /** The document rendered when the catalogue or the device changed, never an assembly here. */
  async configuration(ref: DeviceRef): Promise<ConfigurationReply> {
    const answer = await this.answers.get(ref.deviceId);
    return answer?.namespace === ref.namespace
      ? { found: true, document: answer.document }
      : { found: false };
  }

  async playbookExecutions(ref: DeviceRef): Promise<PlaybookExecutionsReply> {
    const device = await this.dataSource.manager.findOneBy(DeviceViewEntity, { deviceId: ref.deviceId });
    if (!device || !SERVED_STATES.includes(device.state) || device.namespace !== ref.namespace) {
      return { found: false };
    }
    // What GET playbookexecutions answers for a device (docs/contract.md#playbook-executions): those it has not
    // finished.
    const all = await this.dataSource.manager.find(PlaybookExecutionEntity, {
      where: { namespace: device.namespace, deviceId: device.deviceId },
      order: { name: 'ASC' },
    });
    const rows = await unfinished(this.dataSource.manager, all);
    const executions = rows.map((p) => ({
      name: p.name,
      ansible_playbook_string: p.playbook,
      last_data_upload: ZERO_TIME,
    }));
    return { found: true, executions };
  }
}
