import { Body, Controller, Delete, Get, HttpCode, Param, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../../access';
import { NamespaceParams } from '../../request-params';
import { IfMatch, writeStatus } from '../catalogue-write';
import { ResourceParams } from '../resource-name.params';
import { ConfigSpecDto } from './config-spec.dto';
import { type DeviceSetDto, DeviceSetsService } from './device-sets.service';

@ApiTags('device-sets')
@Controller('api/v1/namespaces/:ns/device-sets')
export class DeviceSetsController {
  constructor(private readonly sets: DeviceSetsService) {}

  @Get()
  @Access('viewer')
  async list(@Param() { ns }: NamespaceParams): Promise<{ items: DeviceSetDto[] }> {
    return { items: await this.sets.list(ns) };
  }

  @Get(':name')
  @Access('viewer')
  get(@Param() { ns, name }: ResourceParams): Promise<DeviceSetDto> {
    return this.sets.get(ns, name);
  }

  @Put(':name')
  @Access('operator')
  @ApiOperation({
    summary:
      'Create (201) or replace (200) an EdgeDeviceSet spec; members (label flotta/member-of) re-render',
  })
  @ApiHeader({ name: 'If-Match', required: false })
  async put(
    @Param() { ns, name }: ResourceParams,
    @Body() body: ConfigSpecDto,
    @IfMatch() ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeviceSetDto> {
    const { outcome, set } = await this.sets.put(ns, name, body, ifMatch);
    void reply.status(writeStatus(outcome));
    return set;
  }

  @Delete(':name')
  @Access('operator')
  @HttpCode(204)
  @ApiHeader({ name: 'If-Match', required: false })
  async delete(@Param() { ns, name }: ResourceParams, @IfMatch() ifMatch: string | undefined): Promise<void> {
    await this.sets.delete(ns, name, ifMatch);
  }
}
