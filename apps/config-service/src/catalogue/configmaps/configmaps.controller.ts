import { Body, Controller, Delete, Get, HttpCode, Param, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../../access';
import { NamespaceParams } from '../../request-params';
import { IfMatch, writeStatus } from '../catalogue-write';
import { ResourceParams } from '../resource-name.params';
import { type ConfigMapDto, PutConfigMapDto } from './configmap.dto';
import { ConfigMapsService } from './configmaps.service';

@ApiTags('configmaps')
@Controller('api/v1/namespaces/:ns/configmaps')
export class ConfigMapsController {
  constructor(private readonly configMaps: ConfigMapsService) {}

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: 'ConfigMaps of a namespace' })
  async list(@Param() { ns }: NamespaceParams): Promise<{ items: ConfigMapDto[] }> {
    return { items: await this.configMaps.list(ns) };
  }

  @Get(':name')
  @Access('viewer')
  @ApiOperation({ summary: 'A ConfigMap' })
  get(@Param() { ns, name }: ResourceParams): Promise<ConfigMapDto> {
    return this.configMaps.get(ns, name);
  }

  @Put(':name')
  @Access('operator')
  @ApiOperation({ summary: 'Create (201) or replace (200); the namespace re-renders' })
  @ApiHeader({ name: 'If-Match', required: false })
  async put(
    @Param() { ns, name }: ResourceParams,
    @Body() body: PutConfigMapDto,
    @IfMatch() ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConfigMapDto> {
    const { outcome, configMap } = await this.configMaps.put(ns, name, body, ifMatch);
    void reply.status(writeStatus(outcome));
    return configMap;
  }

  @Delete(':name')
  @Access('operator')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete; 409 while a workload, device set or device spec references it' })
  @ApiHeader({ name: 'If-Match', required: false })
  async delete(@Param() { ns, name }: ResourceParams, @IfMatch() ifMatch: string | undefined): Promise<void> {
    await this.configMaps.delete(ns, name, ifMatch);
  }
}
