import { AppConfig, type OidcSettings, type Role, ROLES } from '@lib/config';
import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { Principal } from './principal';

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/** Verifies OIDC access tokens (JWTs) against the issuer's published keys, and maps their claims to roles. */
@Injectable()
export class OidcVerifier {
  private keys?: Promise<KeySet>;
  private readonly settings?: OidcSettings;

  constructor(config: AppConfig) {
    this.settings = config.auth.oidc;
  }

  get enabled(): boolean {
    return this.settings !== undefined;
  }

  /** Throws jose's errors (expired, wrong audience, bad signature...) for the caller to turn into a 401. */
  async verify(token: string): Promise<Principal> {
    const s = this.settings!;
    const { payload } = await jwtVerify(token, await this.keySet(), {
      issuer: s.issuer,
      audience: s.audience,
      clockTolerance: s.clockSkewSeconds,
      // Only asymmetric algorithms: a shared-secret JWT would mean the issuer's key is known to us.
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
      requiredClaims: ['exp'],
    });
    const subject = claim(payload, s.subjectClaim);
    if (typeof subject !== 'string' || subject === '') {
      throw new Error(`the token has no ${s.subjectClaim} claim`);
    }
    return new Principal(subject, 'oidc', this.roles(payload, s), strings(claim(payload, s.namespacesClaim)));
  }

  private roles(payload: JWTPayload, s: OidcSettings): Role[] {
    const names = strings(claim(payload, s.rolesClaim));
    const mapped = Object.keys(s.roleMap).length > 0 ? names.map((n) => s.roleMap[n]) : names;
    return mapped.filter((r): r is Role => ROLES.includes(r as Role));
  }

  /** Discovery once, lazily: the config service starts even while the issuer is briefly down. */
  private keySet(): Promise<KeySet> {
    this.keys ??= this.discover().catch((error: unknown) => {
      this.keys = undefined;
      throw error;
    });
    return this.keys;
  }

  private async discover(): Promise<KeySet> {
    const s = this.settings!;
    let url = s.jwksUrl;
    if (!url) {
      const res = await fetch(`${s.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(5000),
      });
      const document = (await res.json()) as { jwks_uri?: string };
      if (!res.ok || !document.jwks_uri) {
        throw new Error(`OIDC discovery at ${s.issuer} gave no jwks_uri (HTTP ${res.status})`);
      }
      url = document.jwks_uri;
    }
    return createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  }
}

/** A claim by dotted path, e.g. `realm_access.roles`. */
function claim(payload: JWTPayload, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], payload);
}

/** Claims come as arrays or as space- or comma-separated strings depending on the issuer. */
function strings(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.filter((v): v is string => typeof v === 'string');
  }
  return typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : [];
}
