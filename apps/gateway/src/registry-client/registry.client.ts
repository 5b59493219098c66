import {
  READ_STATUS,
  READS,
  type ConfigurationReply,
  type DeviceRef,
  type PlaybookExecution,
  type PlaybookExecutionsReply,
  type ReadAnswer,
  type ReadData,
  type ReadOperation,
  type RecordingPoliciesReply,
} from '@lib/contracts';
import { DomainError } from '@lib/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

/** The injection token of the gateway's RegistryReadsClient (ClientsModule). */
export const REGISTRY_READS = 'REGISTRY_READS';

const NO_DEVICE: ReadData = {};

/** The gateway's reads, answered by the config service over a TCP connection (READS in @lib/contracts). */
@Injectable()
export class RegistryClient {
  private readonly logger = new Logger(RegistryClient.name);

  constructor(@Inject(REGISTRY_READS) private readonly reads: ClientProxy) {}

  async configuration(ref: DeviceRef): Promise<ConfigurationReply> {
    const answer = await this.ask(READS.configuration, ref);
    return answer.status === READ_STATUS.ok ? { found: true, document: answer.payload } : { found: false };
  }

  async playbookExecutions(ref: DeviceRef): Promise<PlaybookExecutionsReply> {
    const answer = await this.ask(READS.playbookExecutions, ref);
    return answer.status === READ_STATUS.ok
      ? { found: true, executions: JSON.parse(answer.payload) as PlaybookExecution[] }
      : { found: false };
  }

  async recordingPolicies(): Promise<RecordingPoliciesReply> {
    return JSON.parse((await this.ask(READS.recordingPolicies)).payload) as RecordingPoliciesReply;
  }

  /** An answer `ok` or `notFound`; anything else (no connection, no answer in time, a failed read) is a 503. */
  private async ask(op: ReadOperation, ref?: DeviceRef): Promise<ReadAnswer> {
    let answer: ReadAnswer;
    try {
      const data: ReadData = ref ? { namespace: ref.namespace, deviceId: ref.deviceId } : NO_DEVICE;
      answer = await lastValueFrom(this.reads.send<ReadAnswer, ReadData>(op, data));
    } catch (error) {
      return this.unavailable(op, error);
    }
    if (answer.status !== READ_STATUS.ok && answer.status !== READ_STATUS.notFound) {
      return this.unavailable(op, new Error('The config service could not answer the read'));
    }
    return answer;
  }

  private unavailable(op: ReadOperation, error: unknown): never {
    this.logger.error({ err: error, msg: 'Config service read failed', pattern: op });
    throw new DomainError('UPSTREAM_UNAVAILABLE', 'The configuration service is not reachable; retry later');
  }
}
