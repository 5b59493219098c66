import { AppConfig, loadReadSecret } from '@lib/config';
import { Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { RegistryReadsClient } from './registry-reads.client';
import { REGISTRY_READS, RegistryClient } from './registry.client';

@Module({
  imports: [
    ClientsModule.registerAsync([
      {
        name: REGISTRY_READS,
        inject: [AppConfig],
        useFactory: ({ configService: { host, tcpPort, timeoutMs, readSecret } }: AppConfig) => ({
          customClass: RegistryReadsClient,
          options: { host, port: tcpPort, timeoutMs, secret: loadReadSecret(readSecret) },
        }),
      },
    ]),
  ],
  providers: [RegistryClient],
  exports: [RegistryClient],
})
export class RegistryClientModule {}
