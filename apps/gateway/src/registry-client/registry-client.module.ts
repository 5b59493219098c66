import { Module } from '@nestjs/common';
import { RegistryClient } from './registry.client';

@Module({
  providers: [RegistryClient],
  exports: [RegistryClient],
})
export class RegistryClientModule {}
