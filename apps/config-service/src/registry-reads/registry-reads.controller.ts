import {
  type ConfigurationReply,
  type DeviceRef,
  type PlaybookExecutionsReply,
  type RecordingPoliciesReply,
  READS,
} from '@lib/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { DeviceViewService } from '../device-view/device-view.service';
import { PlaybookExecutionsService } from '../playbook-executions/playbook-executions.service';
import { RecordingPoliciesService } from '../recording-policies/recording-policies.service';
import { ConfigurationStore, SERVED_STATES } from '../rendering/configuration-store.service';

/** The gateway's reads over TCP: rendered configurations, playbook executions, recording policies. */
@Controller()
export class RegistryReadsController {
  constructor(
    private readonly views: DeviceViewService,
    private readonly configurations: ConfigurationStore,
    private readonly playbooks: PlaybookExecutionsService,
    private readonly policies: RecordingPoliciesService,
  ) {}

  /** The gateway drops heartbeats of `ignore` namespaces before Kafka: nothing stored, nothing published. */
  @MessagePattern(READS.recordingPolicies, Transport.TCP)
  async recordingPolicies(): Promise<RecordingPoliciesReply> {
    const rows = await this.policies.list();
    return { policies: Object.fromEntries(rows.map((r) => [r.namespace, r.policy])) };
  }

  @MessagePattern(READS.configuration, Transport.TCP)
  async configuration(@Payload() ref: DeviceRef): Promise<ConfigurationReply> {
    const device = await this.views.find(ref.deviceId);
    if (!device || !SERVED_STATES.includes(device.state) || device.namespace !== ref.namespace) {
      return { found: false };
    }
    // A lookup of the document rendered when the catalogue or the device changed, never an assembly here.
    const message = await this.configurations.lookup(device.deviceId);
    return message ? { found: true, message } : { found: false };
  }

  @MessagePattern(READS.playbookExecutions, Transport.TCP)
  async playbookExecutions(@Payload() ref: DeviceRef): Promise<PlaybookExecutionsReply> {
    const device = await this.views.find(ref.deviceId);
    if (!device || !SERVED_STATES.includes(device.state) || device.namespace !== ref.namespace) {
      return { found: false };
    }
    return { found: true, executions: await this.playbooks.forDevice(device.namespace, device.deviceId) };
  }
}
