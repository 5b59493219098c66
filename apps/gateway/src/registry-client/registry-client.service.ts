import { AppConfig } from '@lib/config';
import {
  type ConfigurationReply,
  type DeviceRef,
  type PlaybookExecutionsReply,
  type RecordingPoliciesReply,
  READS,
} from '@lib/contracts';
import { DomainError } from '@lib/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';

export const CONFIG_SERVICE_CLIENT = Symbol('CONFIG_SERVICE_CLIENT');

/** The gateway's reads, answered by the config service over Nest's TCP transport. */
@Injectable()
export class RegistryClient {
  private readonly logger = new Logger(RegistryClient.name);

  constructor(
    @Inject(CONFIG_SERVICE_CLIENT) private readonly client: ClientProxy,
    private readonly config: AppConfig,
  ) {}

  configuration(ref: DeviceRef): Promise<ConfigurationReply> {
    return this.ask<ConfigurationReply>(READS.configuration, ref);
  }

  playbookExecutions(ref: DeviceRef): Promise<PlaybookExecutionsReply> {
    return this.ask<PlaybookExecutionsReply>(READS.playbookExecutions, ref);
  }

  recordingPolicies(): Promise<RecordingPoliciesReply> {
    return this.ask<RecordingPoliciesReply>(READS.recordingPolicies, {});
  }

  private async ask<T>(pattern: string, payload: DeviceRef | Record<string, never>): Promise<T> {
    try {
      return await firstValueFrom(
        this.client
          .send<T, typeof payload>(pattern, payload)
          .pipe(timeout(this.config.configService.timeoutMs)),
      );
    } catch (error) {
      this.logger.error({ err: error, msg: 'Config service read failed', pattern });
      throw new DomainError(
        'UPSTREAM_UNAVAILABLE',
        'The configuration service is not reachable; retry later',
      );
    }
  }
}
