import { AppConfig } from '@lib/config';
import { CorrelationId, DomainError } from '@lib/platform';
import { Body, Controller, Headers, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, type AuthenticatedRequest, Caller, type Principal } from '../../access';
import { ApplyQueryDto, ApplyResponseDto } from './apply.dto';
import { ApplyService } from './apply.service';
import { jsonStream, parseYamlStream, YAML_CONTENT_TYPES } from './manifest-stream';

const mediaType = (contentType: string | undefined): string =>
  (contentType ?? '').split(';')[0].trim().toLowerCase();

@ApiTags('apply')
@Controller('api/v1/apply')
export class ApplyController {
  constructor(
    private readonly applier: ApplyService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @Access('operator', 'any')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Create or update Flotta manifests (EdgeWorkload, EdgeDeviceSet, PlaybookExecution, Secret, ConfigMap), ' +
      'and import devices (EdgeDevice, EdgeDeviceSignedRequest)',
    description:
      'A YAML stream (---) or JSON (object, array or List). All or nothing: 400/422 with `errors` per object ' +
      'when any object is refused. Secrets and ConfigMaps are applied first, then sets, workloads, executions. ' +
      'Devices go to the registry (answered `imported`; a device known in another state is a `conflict`).',
  })
  @ApiConsumes('application/yaml', 'application/x-yaml', 'text/yaml', 'application/json')
  @ApiBody({
    schema: {
      type: 'string',
      example: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  MODE: night\n',
    },
  })
  @ApiOkResponse({ type: ApplyResponseDto })
  async apply(
    @Body() body: unknown,
    @Query() { namespace, dryRun }: ApplyQueryDto,
    @Headers('content-type') contentType: string | undefined,
    @Caller() caller: Principal,
    @Req() request: AuthenticatedRequest,
    @CorrelationId() correlationId: string,
  ): Promise<ApplyResponseDto> {
    const type = mediaType(contentType);
    const isYaml = (YAML_CONTENT_TYPES as readonly string[]).includes(type);
    if (!isYaml && type !== 'application/json') {
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type must be application/json or ${YAML_CONTENT_TYPES.join(', ')}`,
      );
    }
    const limits = { maxBytes: this.config.http.bodyLimitBytes, maxDepth: this.config.http.maxJsonDepth };
    const stream = isYaml ? parseYamlStream(typeof body === 'string' ? body : '', limits) : jsonStream(body);
    const results = await this.applier.apply(stream, namespace, caller, correlationId, dryRun === 'true');
    // One namespace is the entry's namespace; a stream over several is recorded as cluster-wide.
    const namespaces = new Set(results.map((r) => r.namespace));
    request.auditNamespace = namespaces.size === 1 ? [...namespaces][0] : null;
    return { results };
  }
}
