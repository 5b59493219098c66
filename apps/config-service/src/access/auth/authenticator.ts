import { DomainError } from '@lib/platform';
import { Injectable, Logger } from '@nestjs/common';
import { OidcVerifier } from './oidc-verifier';
import { Principal } from './principal';
import { TokenStore } from './token-store';

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Turns an Authorization header into a Principal, or a 401 that says why without helping a guesser. */
@Injectable()
export class Authenticator {
  private readonly logger = new Logger(Authenticator.name);

  constructor(
    private readonly tokens: TokenStore,
    private readonly oidc: OidcVerifier,
  ) {}

  async authenticate(header: string | undefined): Promise<Principal> {
    const match = /^Bearer[ ]+(\S{1,8192})$/i.exec(header ?? '');
    if (!match) {
      throw new DomainError('UNAUTHENTICATED', 'A bearer token is required (Authorization: Bearer <token>)');
    }
    const token = match[1];
    if (this.oidc.enabled && JWT.test(token)) {
      try {
        return await this.oidc.verify(token);
      } catch (error) {
        this.logger.warn({ msg: 'OIDC token refused', reason: (error as Error).message });
        throw new DomainError('UNAUTHENTICATED', `The OIDC token is not valid: ${(error as Error).message}`);
      }
    }
    const grant = await this.tokens.find(token);
    if (!grant) {
      throw new DomainError('UNAUTHENTICATED', 'Unknown, expired or revoked token');
    }
    return new Principal(grant.name, 'token', grant.roles, grant.namespaces, grant.rateLimit);
  }
}
