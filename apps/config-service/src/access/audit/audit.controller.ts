import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { AuditPageDto, ListAuditQuery } from './audit-entry.dto';
import { AuditTrail } from './audit-trail';

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly trail: AuditTrail) {}

  @Get()
  @Access('admin', 'any')
  @ApiOperation({ summary: 'The audit trail, newest first; admins see the namespaces they administer' })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() query: ListAuditQuery, @Req() request: AuthenticatedRequest): Promise<AuditPageDto> {
    return this.trail.list(query, request.principal!.scope('admin'));
  }
}
