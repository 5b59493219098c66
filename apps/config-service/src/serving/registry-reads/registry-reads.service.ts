import type {
  ConfigurationReply,
  DeviceRef,
  PlaybookExecutionsReply,
  RecordingPoliciesReply,
} from '@lib/contracts';
import { Injectable } from '@nestjs/common';
import { PlaybookExecutionsService } from '../../catalogue/playbook-executions/playbook-executions.service';
import { DeviceViewService } from '../../registry-view/device-view/device-view.service';
import { RecordingPoliciesService } from '../../registry-view/recording-policies/recording-policies.service';
import { ConfigurationAnswers } from '../configuration-answers/configuration-answers.service';
import { SERVED_STATES } from '../rendering/configuration-store.service';

/** The gateway's reads (served by RegistryReadsServer): rendered configurations, playbook executions, policies. */
@Injectable()
export class RegistryReads {
  constructor(
    private readonly views: DeviceViewService,
    private readonly answers: ConfigurationAnswers,
    private readonly playbooks: PlaybookExecutionsService,
    private readonly policies: RecordingPoliciesService,
  ) {}

  /** The gateway drops heartbeats of `ignore` namespaces before Kafka: nothing stored, nothing published. */
  async recordingPolicies(): Promise<RecordingPoliciesReply> {
    const rows = await this.policies.list();
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
    const device = await this.views.find(ref.deviceId);
    if (!device || !SERVED_STATES.includes(device.state) || device.namespace !== ref.namespace) {
      return { found: false };
    }
    return { found: true, executions: await this.playbooks.forDevice(device.namespace, device.deviceId) };
  }
}
