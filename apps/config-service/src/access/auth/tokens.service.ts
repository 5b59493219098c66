import { ApiTokenEntity } from '@lib/database';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { auditInTransaction } from '../audit-scope';
import type { TokenGrant } from './token-file';
import { sha256Hex, toGrant, TokenStore } from './token-store';
import type { CreatedTokenDto, CreateTokenDto, TokenDto } from './tokens.dto';

const toDto = (g: TokenGrant, createdBy?: string): TokenDto => ({
  name: g.name,
  roles: g.roles,
  namespaces: g.namespaces,
  source: g.source,
  expiresAt: g.expiresAt ? g.expiresAt.toISOString() : null,
  ...(createdBy ? { createdBy } : {}),
});

/** Tokens minted, listed and revoked through the API; those of the token file are listed, never changed. */
@Injectable()
export class TokensService {
  constructor(
    @InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>,
    private readonly store: TokenStore,
  ) {}

  async list(): Promise<TokenDto[]> {
    const rows = await this.tokens.find({ order: { name: 'ASC' } });
    return [
      ...this.store.fileGrantList().map((g) => toDto(g)),
      ...rows.map((r) => toDto(toGrant(r), r.createdBy)),
    ];
  }

  async create(name: string, body: CreateTokenDto, actor: string): Promise<CreatedTokenDto> {
    if (this.store.fileGrantNamed(name) || (await this.tokens.existsBy({ name }))) {
      throw new DomainError('RESOURCE_IN_USE', `A token named ${name} exists; revoke it first`);
    }
    const token = `fct_${randomBytes(32).toString('base64url')}`;
    const row = await this.tokens.manager.transaction(async (m) => {
      const saved = await m.save(
        m.create(ApiTokenEntity, {
          name,
          sha256: sha256Hex(token),
          roles: [...new Set(body.roles)],
          namespaces: [...new Set(body.namespaces)],
          createdBy: actor,
          expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        }),
      );
      await auditInTransaction(m, 201);
      return saved;
    });
    return { ...toDto(toGrant(row), actor), token };
  }

  async revoke(name: string): Promise<void> {
    if (this.store.fileGrantNamed(name)) {
      throw new DomainError('RESOURCE_IN_USE', `Token ${name} comes from AUTH_TOKENS_FILE: remove it there`);
    }
    await this.tokens.manager.transaction(async (m) => {
      const result = await m.delete(ApiTokenEntity, { name });
      if (!result.affected) {
        throw new DomainError('RESOURCE_NOT_FOUND', `No token named ${name}`);
      }
      await auditInTransaction(m, 204);
    });
  }
}
