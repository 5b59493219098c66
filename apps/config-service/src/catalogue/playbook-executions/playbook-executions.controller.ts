import { Body, Controller, Delete, Get, HttpCode, Param, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../../access';
import { NamespaceParams } from '../../request-params';
import { IfMatch, writeStatus } from '../catalogue-write';
import { ResourceParams } from '../resource-name.params';
import { type PlaybookExecutionDto, PutPlaybookExecutionDto } from './playbook-execution.dto';
import { PlaybookExecutionsService } from './playbook-executions.service';

@ApiTags('playbook-executions')
@Controller('api/v1/namespaces/:ns/playbook-executions')
export class PlaybookExecutionsController {
  constructor(private readonly executions: PlaybookExecutionsService) {}

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: 'Playbook executions of a namespace' })
  async list(@Param() { ns }: NamespaceParams): Promise<{ items: PlaybookExecutionDto[] }> {
    return { items: await this.executions.list(ns) };
  }

  @Get(':name')
  @Access('viewer')
  @ApiOperation({ summary: 'A playbook execution' })
  get(@Param() { ns, name }: ResourceParams): Promise<PlaybookExecutionDto> {
    return this.executions.get(ns, name);
  }

  @Put(':name')
  @Access('operator')
  @ApiOperation({ summary: 'Create (201) or replace (200); served on GET playbookexecutions of the device' })
  @ApiHeader({ name: 'If-Match', required: false })
  async put(
    @Param() { ns, name }: ResourceParams,
    @Body() body: PutPlaybookExecutionDto,
    @IfMatch() ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlaybookExecutionDto> {
    const { outcome, execution } = await this.executions.put(ns, name, body, ifMatch);
    void reply.status(writeStatus(outcome));
    return execution;
  }

  @Delete(':name')
  @Access('operator')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete' })
  @ApiHeader({ name: 'If-Match', required: false })
  async delete(@Param() { ns, name }: ResourceParams, @IfMatch() ifMatch: string | undefined): Promise<void> {
    await this.executions.delete(ns, name, ifMatch);
  }
}
