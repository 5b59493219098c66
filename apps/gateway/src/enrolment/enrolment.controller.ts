import { enrolmentInfoShape, type EnrolmentInfo } from '@lib/contracts';
import { CorrelationId } from '@lib/platform';
import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DevicePathPipe, EDGE_API_DEVICE_PATH, type DevicePathParams } from '../edge-api/device-path.params';
import { FlottaBodyPipe } from '../edge-api/flotta-body.pipe';
import { EnrolmentService } from './enrolment.service';

@Controller(EDGE_API_DEVICE_PATH)
export class EnrolmentController {
  constructor(private readonly enrolments: EnrolmentService) {}

  /** 200 = approved ("already exists", the device goes on to register); 201 = pending or rejected. */
  @Post('enrolment')
  async enrol(
    @Param(DevicePathPipe) params: DevicePathParams,
    @Body(new FlottaBodyPipe(enrolmentInfoShape, 'enrolment-info')) body: EnrolmentInfo,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, never>> {
    const approved = await this.enrolments.enrol(params, body, correlationId);
    void reply.status(approved ? 200 : 201);
    return {};
  }
}
