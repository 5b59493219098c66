import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, type AuthenticatedRequest, Caller, type Principal } from '../../access';
import { type Page, PageQuery } from '../../pagination';
import { type AutoApprovalRuleDto, PutAutoApprovalRuleDto, RuleNameParams } from './auto-approval-rule.dto';
import { AutoApprovalRulesService } from './auto-approval-rules.service';

@ApiTags('auto-approval-rules')
@Controller('api/v1/auto-approval-rules')
export class AutoApprovalRulesController {
  constructor(private readonly rules: AutoApprovalRulesService) {}

  @Get()
  @Access('viewer', 'any')
  @ApiOperation({ summary: 'All rules in evaluation order, paged' })
  list(@Caller() caller: Principal, @Query() query: PageQuery): Promise<Page<AutoApprovalRuleDto>> {
    return this.rules.list(caller.scope('viewer'), query);
  }

  @Get(':name')
  @Access('viewer', 'any')
  get(@Param() { name }: RuleNameParams, @Caller() caller: Principal): Promise<AutoApprovalRuleDto> {
    return this.rules.get(name, caller);
  }

  @Put(':name')
  @Access('admin', 'any')
  @ApiOperation({ summary: 'Create (201) or replace (200) a rule' })
  async put(
    @Param() { name }: RuleNameParams,
    @Body() body: PutAutoApprovalRuleDto,
    @Caller() caller: Principal,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AutoApprovalRuleDto> {
    request.auditNamespace = body.targetNamespace ?? null;
    const { created, rule } = await this.rules.put(name, body, caller);
    void reply.status(created ? 201 : 200);
    return rule;
  }

  @Delete(':name')
  @Access('admin', 'any')
  @HttpCode(204)
  async delete(@Param() { name }: RuleNameParams, @Caller() caller: Principal): Promise<void> {
    await this.rules.delete(name, caller);
  }
}
