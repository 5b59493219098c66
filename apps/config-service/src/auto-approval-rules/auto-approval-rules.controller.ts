import { Body, Controller, Delete, Get, HttpCode, Param, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AutoApprovalRuleDto, PutAutoApprovalRuleDto, RuleNameParams } from './auto-approval-rule.dto';
import { AutoApprovalRulesService } from './auto-approval-rules.service';

@ApiTags('auto-approval-rules')
@Controller('api/v1/auto-approval-rules')
export class AutoApprovalRulesController {
  constructor(private readonly rules: AutoApprovalRulesService) {}

  @Get()
  @ApiOperation({ summary: 'All rules in evaluation order' })
  list(): Promise<AutoApprovalRuleDto[]> {
    return this.rules.list();
  }

  @Get(':name')
  get(@Param() { name }: RuleNameParams): Promise<AutoApprovalRuleDto> {
    return this.rules.get(name);
  }

  @Put(':name')
  @ApiOperation({ summary: 'Create (201) or replace (200) a rule' })
  async put(
    @Param() { name }: RuleNameParams,
    @Body() body: PutAutoApprovalRuleDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AutoApprovalRuleDto> {
    const { created, rule } = await this.rules.put(name, body);
    void reply.status(created ? 201 : 200);
    return rule;
  }

  @Delete(':name')
  @HttpCode(204)
  async delete(@Param() { name }: RuleNameParams): Promise<void> {
    await this.rules.delete(name);
  }
}
