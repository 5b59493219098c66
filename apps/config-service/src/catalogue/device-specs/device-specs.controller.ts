import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../../access';
import { DeviceParams } from '../../request-params';
import { IfMatch, writeStatus } from '../catalogue-write';
import { ConfigSpecDto } from '../device-sets/config-spec.dto';
import { type DeviceSpecDto, DeviceSpecsService } from './device-specs.service';

@ApiTags('devices')
@Controller('api/v1/namespaces/:ns/devices/:deviceId/spec')
export class DeviceSpecsController {
  constructor(private readonly specs: DeviceSpecsService) {}

  @Get()
  @Access('viewer')
  get(@Param() { ns, deviceId }: DeviceParams): Promise<DeviceSpecDto> {
    return this.specs.get(ns, deviceId);
  }

  @Put()
  @Access('operator')
  @ApiOperation({ summary: "The device's own configuration; overrides its device set field by field" })
  @ApiHeader({ name: 'If-Match', required: false })
  async put(
    @Param() { ns, deviceId }: DeviceParams,
    @Body() body: ConfigSpecDto,
    @IfMatch() ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeviceSpecDto> {
    const { outcome, spec } = await this.specs.put(ns, deviceId, body, ifMatch);
    void reply.status(writeStatus(outcome));
    return spec;
  }
}
