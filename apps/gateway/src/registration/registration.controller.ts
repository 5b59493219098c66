import {
  type DeviceRegistrationStatusResponse,
  type RegistrationInfo,
  registrationInfoShape,
} from '@lib/contracts';
import { CorrelationId } from '@lib/platform';
import { Body, Controller, Get, HttpCode, Param, Put } from '@nestjs/common';
import { type DevicePathParams, DevicePathPipe, EDGE_API_DEVICE_PATH } from '../edge-api/device-path.params';
import { FlottaBodyPipe } from '../edge-api/flotta-body.pipe';
import { RegistrationService } from './registration.service';

@Controller(EDGE_API_DEVICE_PATH)
export class RegistrationController {
  constructor(private readonly registrations: RegistrationService) {}

  @Get('registration')
  status(@Param(DevicePathPipe) params: DevicePathParams): DeviceRegistrationStatusResponse {
    return this.registrations.status(params);
  }

  @Put('registration')
  @HttpCode(200)
  async register(
    @Param(DevicePathPipe) params: DevicePathParams,
    @Body(new FlottaBodyPipe(registrationInfoShape, 'registration-info')) body: RegistrationInfo,
    @CorrelationId() correlationId: string,
  ): Promise<Record<string, never>> {
    await this.registrations.register(params, body, correlationId);
    return {};
  }
}
