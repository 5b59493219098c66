import type { AppConfig } from '@lib/config';

/** What the console reads before sign-in (GET /console/settings.json): nothing secret, only where to sign in. */
export interface ConsoleSettings {
  apiBase: string;
  apiDocs: string;
  /** Authorization code + PKCE against the issuer, as a public client; null when OIDC is not configured. */
  oidc: { issuer: string; clientId: string; scope: string } | null;
}

export function consoleSettings(config: AppConfig): ConsoleSettings {
  const oidc = config.auth.oidc;
  return {
    apiBase: '/api/v1',
    apiDocs: '/api/docs',
    oidc: oidc
      ? { issuer: oidc.issuer, clientId: oidc.consoleClientId ?? oidc.audience, scope: 'openid profile' }
      : null,
  };
}
