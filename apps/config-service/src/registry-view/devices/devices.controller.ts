import { CorrelationId } from '@lib/platform';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Actor } from '../../access';
import type { Page } from '../../pagination';
import { DeviceParams, NamespaceParams } from '../../request-params';
import type { DeviceEventDto } from './device-event.dto';
import type { DeviceDto } from './device.dto';
import { DeviceEventsQuery, ListDevicesQuery, PatchDeviceDto } from './devices.dto';
import { type CommandAccepted, DevicesService } from './devices.service';

@ApiTags('devices')
@Controller('api/v1/namespaces/:ns/devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: 'List devices of a namespace, optionally by label selector' })
  list(@Param() { ns }: NamespaceParams, @Query() query: ListDevicesQuery): Promise<Page<DeviceDto>> {
    return this.devices.list(ns, query);
  }

  @Get(':deviceId')
  @Access('viewer')
  @ApiOperation({ summary: 'A device: state, labels, hardware, registration and last heartbeat' })
  get(@Param() params: DeviceParams): Promise<DeviceDto> {
    return this.devices.get(params);
  }

  @Get(':deviceId/events')
  @Access('viewer')
  @ApiOperation({
    summary: 'Events the device reported in its heartbeats, newest first (kept for the retention period)',
  })
  events(@Param() params: DeviceParams, @Query() query: DeviceEventsQuery): Promise<Page<DeviceEventDto>> {
    return this.devices.events(params, query);
  }

  @Patch(':deviceId')
  @Access('operator')
  @HttpCode(202)
  @ApiOperation({ summary: 'Set or remove (null) labels; applied asynchronously by the registry' })
  patch(
    @Param() params: DeviceParams,
    @Body() body: PatchDeviceDto,
    @Actor() actor: string,
    @CorrelationId() correlationId: string,
  ): Promise<CommandAccepted> {
    return this.devices.patchLabels(params, body, actor, correlationId);
  }

  @Delete(':deviceId')
  @Access('operator')
  @HttpCode(202)
  @ApiOperation({ summary: 'Decommission: the device is then told `unregistered` and wipes itself' })
  decommission(
    @Param() params: DeviceParams,
    @Actor() actor: string,
    @CorrelationId() correlationId: string,
  ): Promise<CommandAccepted> {
    return this.devices.decommission(params, actor, correlationId);
  }
}
