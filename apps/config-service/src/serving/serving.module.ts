import { DeviceConfigurationEntity } from '@lib/database';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecretBoxModule } from '../secret-box';
import { ConfigurationAnswers } from './configuration-answers/configuration-answers';
import { RegistryReads } from './registry-reads/registry-reads';
import { RegistryReadsController } from './registry-reads/registry-reads.controller';
import { RegistryReadsServer } from './registry-reads/registry-reads.server';
import { RenderedConfigurationController } from './rendered-configuration/rendered-configuration.controller';
import { RenderedConfigurations } from './rendered-configuration/rendered-configurations';
import { CatalogueLoader } from './rendering/catalogue-loader';
import { ConfigurationChangedRelay } from './rendering/configuration-changed.relay';
import { ConfigurationStore } from './rendering/configuration-store';

/**
 * Rendering and serving: each served device's configuration rendered at write time (ConfigurationStore), the
 * answers kept in memory (ConfigurationAnswers), and the gateway's reads over TCP (RegistryReadsController's
 * `@MessagePattern`s, served by RegistryReadsServer, which main.ts connects). It reads the tables the catalogue
 * and the registry view write, and imports neither.
 */
@Module({
  imports: [TypeOrmModule.forFeature([DeviceConfigurationEntity]), SecretBoxModule],
  // The gateway's reads (message patterns), and what a device is served, secrets masked, for the console.
  controllers: [RegistryReadsController, RenderedConfigurationController],
  providers: [
    CatalogueLoader,
    ConfigurationStore,
    ConfigurationChangedRelay,
    ConfigurationAnswers,
    RegistryReads,
    RegistryReadsServer,
    RenderedConfigurations,
  ],
  // Every catalogue and registry write re-renders the devices it changes; secrets are re-sealed on load.
  exports: [ConfigurationStore, CatalogueLoader],
})
export class ServingModule {}
