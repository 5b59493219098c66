import { IsDeviceId } from '@lib/contracts';
import { CorrelationId } from '@lib/platform';
import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, type AuthenticatedRequest, Caller, type Principal } from '../../access';
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
  @Access('viewer', 'any')
  @ApiOperation({ summary: 'List enrolments by status (pending by default), oldest first' })
  list(
    @Query() query: ListEnrolmentsQuery,
    @Caller() caller: Principal,
  ): ReturnType<EnrolmentsService['list']> {
    return this.enrolments.list(query, caller.scope('viewer'));
  }

  @Post(':deviceId/approve')
  @Access('operator', 'any')
  @ApiOperation({ summary: 'Approve an enrolment: 202 when queued, 200 when already approved' })
  async approve(
    @Param() { deviceId }: DeviceIdParams,
    @Body() body: ApproveEnrolmentDto,
    @Caller() caller: Principal,
    @CorrelationId() correlationId: string,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DecisionResult> {
    const result = await this.enrolments.approve(deviceId, body, caller, correlationId);
    request.auditNamespace = result.namespace;
    void reply.status(result.queued ? 202 : 200);
    return result;
  }

  @Post(':deviceId/reject')
  @Access('operator', 'any')
  @ApiOperation({ summary: 'Reject an enrolment: 202 when queued, 200 when already rejected' })
  async reject(
    @Param() { deviceId }: DeviceIdParams,
    @Body() body: RejectEnrolmentDto,
    @Caller() caller: Principal,
    @CorrelationId() correlationId: string,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DecisionResult> {
    const result = await this.enrolments.reject(deviceId, body, caller, correlationId);
    request.auditNamespace = result.namespace;
    void reply.status(result.queued ? 202 : 200);
    return result;
  }
}
