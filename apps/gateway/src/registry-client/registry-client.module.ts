import { AppConfig } from '@lib/config';
import { Module } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { CONFIG_SERVICE_CLIENT, RegistryClient } from './registry-client.service';

@Module({
  providers: [
    {
      provide: CONFIG_SERVICE_CLIENT,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        ClientProxyFactory.create({
          transport: Transport.TCP,
          options: { host: config.configService.host, port: config.configService.tcpPort },
        }),
    },
    RegistryClient,
  ],
  exports: [RegistryClient],
})
export class RegistryClientModule {}
