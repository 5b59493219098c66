import { Global, Module } from '@nestjs/common';
import { RegistryCache } from './registry-cache';

/** Global so that the readiness check, which lives in the observability module, can see the cache. */
@Global()
@Module({ providers: [RegistryCache], exports: [RegistryCache] })
export class RegistryCacheModule {}
