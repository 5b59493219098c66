import { AppConfig, type Role } from '@lib/config';
import { ApiTokenEntity } from '@lib/database';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { Repository } from 'typeorm';
import { readTokenFile, type TokenGrant } from './token-file';

/** A rotated token file (a remounted Kubernetes secret) is picked up within this. */
const FILE_CHECK_INTERVAL_MS = 2000;

export const sha256Hex = (token: string): string => createHash('sha256').update(token).digest('hex');

export function toGrant(row: ApiTokenEntity): TokenGrant {
  return {
    name: row.name,
    sha256: row.sha256,
    roles: row.roles as Role[],
    namespaces: row.namespaces,
    source: 'api',
    expiresAt: row.expiresAt,
  };
}

/** Bearer tokens: the bootstrap ones of AUTH_TOKENS_FILE, and those minted through the API (kept hashed). */
@Injectable()
export class TokenStore implements OnModuleInit {
  private readonly logger = new Logger(TokenStore.name);
  private fileGrants = new Map<string, TokenGrant>();
  private fileMtimeMs = 0;
  private checkedAt = 0;

  constructor(
    private readonly config: AppConfig,
    @InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>,
  ) {}

  onModuleInit(): void {
    const path = this.config.auth.tokensFile;
    if (path) {
      this.fileMtimeMs = statSync(path).mtimeMs;
      this.fileGrants = readTokenFile(path);
      this.logger.log(`${this.fileGrants.size} management token(s) read from ${path}`);
    }
  }

  async find(token: string): Promise<TokenGrant | undefined> {
    this.reloadIfChanged();
    const digest = sha256Hex(token);
    const fromFile = this.fileGrants.get(digest);
    if (fromFile) {
      return fromFile;
    }
    const row = await this.tokens.findOneBy({ sha256: digest });
    return row && (!row.expiresAt || row.expiresAt > new Date()) ? toGrant(row) : undefined;
  }

  fileGrantNamed(name: string): TokenGrant | undefined {
    return [...this.fileGrants.values()].find((g) => g.name === name);
  }

  fileGrantList(): TokenGrant[] {
    return [...this.fileGrants.values()];
  }

  /** A file that turns bad keeps the last good grants: a typo must not lock every operator out. */
  private reloadIfChanged(): void {
    const path = this.config.auth.tokensFile;
    const now = Date.now();
    if (!path || now - this.checkedAt < FILE_CHECK_INTERVAL_MS) {
      return;
    }
    this.checkedAt = now;
    try {
      const mtimeMs = statSync(path).mtimeMs;
      if (mtimeMs !== this.fileMtimeMs) {
        this.fileGrants = readTokenFile(path);
        this.fileMtimeMs = mtimeMs;
        this.logger.log(`Token file ${path} reloaded: ${this.fileGrants.size} token(s)`);
      }
    } catch (error) {
      this.logger.error({ err: error, msg: `Token file ${path} unreadable; keeping the previous tokens` });
    }
  }
}
