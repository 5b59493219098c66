import { Body, Controller, Delete, Get, HttpCode, Param, Put, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from './access.decorator';
import type { AuthenticatedRequest } from './access.guard';
import { Actor } from './actor.decorator';
import { CreatedTokenDto, CreateTokenDto, TokenDto, TokenNameParams } from './tokens.dto';
import { TokensService } from './tokens.service';

@ApiTags('tokens')
@Controller('api/v1')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get('whoami')
  @Access('authenticated', 'any')
  @ApiOperation({ summary: 'The caller as the service sees it: name, roles, namespaces' })
  whoami(@Req() request: AuthenticatedRequest): Record<string, unknown> {
    const p = request.principal!;
    return { actor: p.actor, name: p.name, kind: p.kind, roles: p.roles, namespaces: p.namespaces };
  }

  @Get('tokens')
  @Access('admin', 'cluster')
  @ApiOkResponse({ type: [TokenDto] })
  list(): Promise<TokenDto[]> {
    return this.tokens.list();
  }

  @Put('tokens/:name')
  @Access('admin', 'cluster')
  @ApiOperation({ summary: 'Mint a token: the answer holds it once; only its SHA-256 is kept' })
  @ApiCreatedResponse({ type: CreatedTokenDto })
  @HttpCode(201)
  create(
    @Param() { name }: TokenNameParams,
    @Body() body: CreateTokenDto,
    @Actor() actor: string,
  ): Promise<CreatedTokenDto> {
    return this.tokens.create(name, body, actor);
  }

  @Delete('tokens/:name')
  @Access('admin', 'cluster')
  @ApiOperation({ summary: 'Revoke a token minted through the API; it stops working at once' })
  @HttpCode(204)
  async revoke(@Param() { name }: TokenNameParams): Promise<void> {
    await this.tokens.revoke(name);
  }
}
