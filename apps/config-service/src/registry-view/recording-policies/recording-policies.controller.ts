import { DEFAULT_POLICY_NAMESPACE } from '@lib/contracts';
import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Caller, inScope, type Principal } from '../../access';
import { type Page, PageQuery } from '../../pagination';
import { NamespaceParams } from '../../request-params';
import { RecordingPoliciesService } from './recording-policies.service';
import { PutRecordingPolicyDto, type RecordingPolicyDto } from './recording-policy.dto';

@ApiTags('recording-policies')
@Controller('api/v1')
export class RecordingPoliciesController {
  constructor(private readonly policies: RecordingPoliciesService) {}

  @Get('recording-policies')
  @Access('viewer', 'any')
  @ApiOperation({ summary: 'Every stored policy (`*` is the default of all namespaces), paged' })
  list(@Caller() caller: Principal, @Query() query: PageQuery): Promise<Page<RecordingPolicyDto>> {
    // The default (`*`) applies everywhere, so every viewer may read it.
    const scope = caller.scope('viewer');
    return this.policies.page(query, (ns) => ns === DEFAULT_POLICY_NAMESPACE || inScope(scope, ns));
  }

  @Get('recording-policy')
  @Access('viewer', 'any')
  @ApiOperation({ summary: 'The default heartbeat recording policy' })
  getDefault(): Promise<RecordingPolicyDto> {
    return this.policies.get(DEFAULT_POLICY_NAMESPACE);
  }

  @Put('recording-policy')
  @Access('admin', 'cluster')
  @ApiOperation({ summary: 'Set the default heartbeat recording policy' })
  putDefault(@Body() body: PutRecordingPolicyDto): Promise<RecordingPolicyDto> {
    return this.policies.put(DEFAULT_POLICY_NAMESPACE, body.policy);
  }

  @Get('namespaces/:ns/recording-policy')
  @Access('viewer')
  @ApiOperation({ summary: 'The heartbeat recording policy in effect for a namespace' })
  get(@Param() { ns }: NamespaceParams): Promise<RecordingPolicyDto> {
    return this.policies.get(ns);
  }

  @Put('namespaces/:ns/recording-policy')
  @Access('admin')
  @ApiOperation({ summary: 'Set a namespace heartbeat recording policy; takes effect within seconds' })
  put(@Param() { ns }: NamespaceParams, @Body() body: PutRecordingPolicyDto): Promise<RecordingPolicyDto> {
    return this.policies.put(ns, body.policy);
  }

  @Delete('namespaces/:ns/recording-policy')
  @Access('admin')
  @ApiOperation({ summary: 'Remove a namespace policy: the default applies again' })
  delete(@Param() { ns }: NamespaceParams): Promise<RecordingPolicyDto> {
    return this.policies.delete(ns);
  }
}
