import { Body, Controller, Delete, Get, HttpCode, Param, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../access';
import { NamespaceParams } from '../request-params';
import { RolloutPoliciesService } from './rollout-policies.service';
import { PutRolloutPolicyDto, type RolloutPolicyDto } from './rollout-policy.dto';

@ApiTags('rollouts')
@Controller('api/v1/namespaces/:ns/rollout-policy')
export class RolloutPolicyController {
  constructor(private readonly policies: RolloutPoliciesService) {}

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: "The namespace's staged-rollout policy (404: changes reach devices at once)" })
  get(@Param() { ns }: NamespaceParams): Promise<RolloutPolicyDto> {
    return this.policies.get(ns);
  }

  @Put()
  @Access('operator')
  @ApiOperation({
    summary: 'Create (201) or replace (200); the next catalogue change rolls out in these batches',
  })
  async put(
    @Param() { ns }: NamespaceParams,
    @Body() body: PutRolloutPolicyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RolloutPolicyDto> {
    const { created, policy } = await this.policies.put(ns, body);
    void reply.status(created ? 201 : 200);
    return policy;
  }

  @Delete()
  @Access('operator')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove the policy (409 while a rollout is active): changes reach devices at once',
  })
  async delete(@Param() { ns }: NamespaceParams): Promise<void> {
    await this.policies.delete(ns);
  }
}
