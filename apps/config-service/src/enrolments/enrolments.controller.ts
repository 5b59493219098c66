import { IsDeviceId } from '@lib/contracts';
import { CorrelationId } from '@lib/platform';
import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../registry-commands/actor.decorator';
import { ApproveEnrolmentDto, ListEnrolmentsQuery, RejectEnrolmentDto } from './enrolment.dto';
import { type DecisionResult, EnrolmentsService } from './enrolments.service';

export class DeviceIdParams {
  @IsDeviceId()
  deviceId!: string;
}

@ApiTags('enrolments')
@Controller('api/v1/enrolments')
export class EnrolmentsController {
  constructor(private readonly enrolments: EnrolmentsService) {}

  @Get()
  @ApiOperation({ summary: 'List enrolments by status (pending by default), oldest first' })
  list(@Query() query: ListEnrolmentsQuery): ReturnType<EnrolmentsService['list']> {
    return this.enrolments.list(query);
  }

  @Post(':deviceId/approve')
  @ApiOperation({ summary: 'Approve an enrolment: 202 when queued, 200 when already approved' })
  async approve(
    @Param() { deviceId }: DeviceIdParams,
    @Body() body: ApproveEnrolmentDto,
    @Actor() actor: string,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DecisionResult> {
    const result = await this.enrolments.approve(deviceId, body, actor, correlationId);
    void reply.status(result.queued ? 202 : 200);
    return result;
  }

  @Post(':deviceId/reject')
  @ApiOperation({ summary: 'Reject an enrolment: 202 when queued, 200 when already rejected' })
  async reject(
    @Param() { deviceId }: DeviceIdParams,
    @Body() body: RejectEnrolmentDto,
    @Actor() actor: string,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DecisionResult> {
    const result = await this.enrolments.reject(deviceId, body, actor, correlationId);
    void reply.status(result.queued ? 202 : 200);
    return result;
  }
}
