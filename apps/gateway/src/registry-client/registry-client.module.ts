import { Module } from '@nestjs/common';
import { RegistryClient } from './registry-client.service';

@Module({
  providers: [RegistryClient],
  exports: [RegistryClient],
})
export class RegistryClientModule {}
