import { DomainError } from '@lib/platform';
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, type AuthenticatedRequest, Caller, type Principal } from '../../access';
import { type Page, PageQuery } from '../../pagination';
import { CSV_CONTENT_TYPE } from './csv-body';
import { parseCsv, parseJson } from './preauthorization-import';
import {
  ImportResultDto,
  type PreauthorizationDto,
  PreauthorizationParams,
  PutPreauthorizationDto,
} from './preauthorization.dto';
import { PreauthorizationsService } from './preauthorizations.service';

const mediaType = (contentType: string | undefined): string =>
  (contentType ?? '').split(';')[0].trim().toLowerCase();

@ApiTags('preauthorizations')
@Controller('api/v1/preauthorizations')
export class PreauthorizationsController {
  constructor(private readonly preauthorizations: PreauthorizationsService) {}

  @Get()
  @Access('viewer', 'any')
  @ApiOperation({
    summary: 'Pre-authorised devices by device ID, with their state (active, used, expired), paged',
  })
  list(@Caller() caller: Principal, @Query() query: PageQuery): Promise<Page<PreauthorizationDto>> {
    return this.preauthorizations.list(caller.scope('viewer'), query);
  }

  // Declared before `:deviceId` routes only for readability: a POST never matches them.
  @Post('import')
  @Access('operator', 'any')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create or replace many pre-authorisations, all or nothing',
    description:
      'A JSON array of {deviceId, namespace, labels?, expiresAt?}, or text/csv lines ' +
      '`deviceId,namespace,labels[,expiresAt]` with labels as `k=v;k2=v2` (a first line naming the columns is a ' +
      'header). Any bad row refuses the import: `errors` names each by `line` (CSV) or `index` (JSON).',
  })
  @ApiConsumes('application/json', CSV_CONTENT_TYPE)
  @ApiBody({
    schema: { type: 'string', example: 'deviceId,namespace,labels\nrpi-0001,fleet,site=lab;rack=3\n' },
  })
  @ApiOkResponse({ type: ImportResultDto })
  async import(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Caller() caller: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<ImportResultDto> {
    const type = mediaType(contentType);
    if (type !== 'application/json' && type !== CSV_CONTENT_TYPE) {
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type must be application/json or ${CSV_CONTENT_TYPE}`,
      );
    }
    const { rows, problems } =
      type === CSV_CONTENT_TYPE ? parseCsv(typeof body === 'string' ? body : '') : parseJson(body);
    // One namespace is the entry's namespace; an import over several is recorded as cluster-wide.
    const namespaces = new Set(rows.map(({ row }) => row.namespace));
    request.auditNamespace = namespaces.size === 1 ? [...namespaces][0] : null;
    return this.preauthorizations.import(rows, problems, caller);
  }

  @Get(':deviceId')
  @Access('viewer', 'any')
  get(
    @Param() { deviceId }: PreauthorizationParams,
    @Caller() caller: Principal,
  ): Promise<PreauthorizationDto> {
    return this.preauthorizations.get(deviceId, caller);
  }

  @Put(':deviceId')
  @Access('operator', 'any')
  @ApiOperation({
    summary: 'Pre-authorise a device: create (201) or replace (200); 409 when it already enrolled',
  })
  async put(
    @Param() { deviceId }: PreauthorizationParams,
    @Body() body: PutPreauthorizationDto,
    @Caller() caller: Principal,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PreauthorizationDto> {
    request.auditNamespace = body.namespace;
    const { created, preauthorization } = await this.preauthorizations.put(deviceId, body, caller);
    void reply.status(created ? 201 : 200);
    return preauthorization;
  }

  @Delete(':deviceId')
  @Access('operator', 'any')
  @HttpCode(204)
  async delete(
    @Param() { deviceId }: PreauthorizationParams,
    @Caller() caller: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<void> {
    request.auditNamespace = await this.preauthorizations.delete(deviceId, caller);
  }
}
