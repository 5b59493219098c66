import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../../access';
import { DeviceParams } from '../../request-params';
import { RenderedConfigurationDto } from './rendered-configuration.dto';
import { RenderedConfigurations } from './rendered-configurations';

@ApiTags('devices')
@Controller('api/v1/namespaces/:ns/devices/:deviceId/configuration')
export class RenderedConfigurationController {
  constructor(private readonly configurations: RenderedConfigurations) {}

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: 'The configuration rendered for the device, secret values masked' })
  @ApiOkResponse({ type: RenderedConfigurationDto })
  get(@Param() { ns, deviceId }: DeviceParams): Promise<RenderedConfigurationDto> {
    return this.configurations.get(ns, deviceId);
  }
}
