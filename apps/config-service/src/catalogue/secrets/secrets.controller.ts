import { Body, Controller, Delete, Get, HttpCode, Param, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../../access';
import { NamespaceParams } from '../../request-params';
import { IfMatch, writeStatus } from '../catalogue-write';
import { ResourceParams } from '../resource-name.params';
import { PutSecretDto, type SecretDto } from './secret.dto';
import { SecretsService } from './secrets.service';

@ApiTags('secrets')
@Controller('api/v1/namespaces/:ns/secrets')
export class SecretsController {
  constructor(private readonly secrets: SecretsService) {}

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: 'Secrets of a namespace: keys and resourceVersion, never values' })
  async list(@Param() { ns }: NamespaceParams): Promise<{ items: SecretDto[] }> {
    return { items: await this.secrets.list(ns) };
  }

  @Get(':name')
  @Access('viewer')
  @ApiOperation({ summary: 'Keys and resourceVersion, never values' })
  get(@Param() { ns, name }: ResourceParams): Promise<SecretDto> {
    return this.secrets.get(ns, name);
  }

  @Put(':name')
  @Access('admin')
  @ApiOperation({ summary: 'Create (201) or replace (200); values encrypted at rest' })
  @ApiHeader({ name: 'If-Match', required: false })
  async put(
    @Param() { ns, name }: ResourceParams,
    @Body() body: PutSecretDto,
    @IfMatch() ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SecretDto> {
    const { outcome, secret } = await this.secrets.put(ns, name, body, ifMatch);
    void reply.status(writeStatus(outcome));
    return secret;
  }

  @Delete(':name')
  @Access('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete; 409 while a workload, device set or device spec references it' })
  @ApiHeader({ name: 'If-Match', required: false })
  async delete(@Param() { ns, name }: ResourceParams, @IfMatch() ifMatch: string | undefined): Promise<void> {
    await this.secrets.delete(ns, name, ifMatch);
  }
}
