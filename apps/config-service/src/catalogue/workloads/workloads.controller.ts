import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../../access';
import { NamespaceParams } from '../../request-params';
import { IfMatch, writeStatus } from '../catalogue-write';
import { ResourceParams } from '../resource-name.params';
import { type WorkloadDto, WorkloadSpecDto } from './workload.dto';
import { WorkloadsService } from './workloads.service';

@ApiTags('workloads')
@Controller('api/v1/namespaces/:ns/workloads')
export class WorkloadsController {
  constructor(private readonly workloads: WorkloadsService) {}

  @Get()
  @Access('viewer')
  @ApiOperation({ summary: 'Workloads of a namespace, by name' })
  async list(@Param() { ns }: NamespaceParams): Promise<{ items: WorkloadDto[] }> {
    return { items: await this.workloads.list(ns) };
  }

  @Get(':name')
  @Access('viewer')
  get(@Param() { ns, name }: ResourceParams): Promise<WorkloadDto> {
    return this.workloads.get(ns, name);
  }

  @Put(':name')
  @Access('operator')
  @ApiOperation({ summary: 'Create (201) or replace (200) an EdgeWorkload spec; targeted devices re-render' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'resourceVersion expected (412 otherwise)' })
  async put(
    @Param() { ns, name }: ResourceParams,
    @Body() body: WorkloadSpecDto,
    @IfMatch() ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkloadDto> {
    const { outcome, workload } = await this.workloads.put(ns, name, body, ifMatch);
    void reply.status(writeStatus(outcome));
    return workload;
  }

  @Delete(':name')
  @Access('operator')
  @HttpCode(204)
  @ApiHeader({ name: 'If-Match', required: false })
  async delete(@Param() { ns, name }: ResourceParams, @IfMatch() ifMatch: string | undefined): Promise<void> {
    await this.workloads.delete(ns, name, ifMatch);
  }

  /** `:name/preview`, not `:name:preview`: find-my-way reads `:preview` as a second parameter. */
  @Post(':name/preview')
  @Access('viewer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dry run: the devices this spec would target; nothing is stored' })
  async preview(
    @Param() { ns }: ResourceParams,
    @Body() body: WorkloadSpecDto,
  ): Promise<{ devices: string[] }> {
    return { devices: await this.workloads.preview(ns, body) };
  }
}
