import { READ_STATUS, READS, type DeviceRef, type ReadAnswer, type ReadData } from '@lib/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RegistryReads } from './registry-reads';

const NOT_FOUND: ReadAnswer = { status: READ_STATUS.notFound, payload: '' };

const ok = (payload: string): ReadAnswer => ({ status: READ_STATUS.ok, payload });

/** A request's device as the framing carries it (any JSON); the reads compare it with stored text. */
const refOf = (data: ReadData): DeviceRef => ({
  namespace: String(data.namespace),
  deviceId: String(data.deviceId),
});

/** The gateway's reads (RegistryReadsServer): each answer a status and the payload's text. */
@Controller()
export class RegistryReadsController {
  constructor(private readonly reads: RegistryReads) {}

  /** The configuration's JSON text as rendered and stored: never parsed or serialised again on the way. */
  @MessagePattern(READS.configuration)
  async configuration(@Payload() data: ReadData): Promise<ReadAnswer> {
    const reply = await this.reads.configuration(refOf(data));
    return reply.found ? ok(reply.document) : NOT_FOUND;
  }

  @MessagePattern(READS.playbookExecutions)
  async playbookExecutions(@Payload() data: ReadData): Promise<ReadAnswer> {
    const reply = await this.reads.playbookExecutions(refOf(data));
    return reply.found ? ok(JSON.stringify(reply.executions)) : NOT_FOUND;
  }

  @MessagePattern(READS.recordingPolicies)
  async recordingPolicies(): Promise<ReadAnswer> {
    return ok(JSON.stringify(await this.reads.recordingPolicies()));
  }
}
