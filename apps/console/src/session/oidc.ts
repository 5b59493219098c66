import type { ConsoleSettings } from './settings';

// The PKCE verifier and state wait in sessionStorage for the redirect back; both are single-use.
const PENDING_KEY = 'flotta.console.oidc';

interface Pending {
  state: string;
  verifier: string;
  next: string;
  tokenEndpoint: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const randomString = (): string => base64url(crypto.getRandomValues(new Uint8Array(32)));

/** The redirect URI registered for the console's client: the sign-in page itself. */
export const redirectUri = (): string => `${window.location.origin}/console/sign-in`;

async function discover(issuer: string): Promise<Discovery> {
  const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, {
    credentials: 'omit',
  });
  if (!res.ok) {
    throw new Error(`The OIDC issuer's discovery answered ${res.status}`);
  }
  return (await res.json()) as Discovery;
}

/** Authorization code + PKCE (S256): leaves for the issuer's sign-in page. */
export async function startOidcSignIn(
  oidc: NonNullable<ConsoleSettings['oidc']>,
  next: string,
): Promise<void> {
  const discovery = await discover(oidc.issuer);
  const verifier = randomString();
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const pending: Pending = { state: randomString(), verifier, next, tokenEndpoint: discovery.token_endpoint };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri(),
    scope: oidc.scope,
    state: pending.state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
}

/** Back from the issuer with ?code&state: trades the code for an access token; returns it and where to go. */
export async function completeOidcSignIn(
  oidc: NonNullable<ConsoleSettings['oidc']>,
  params: URLSearchParams,
): Promise<{ token: string; next: string }> {
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  const pending = raw ? (JSON.parse(raw) as Pending) : undefined;
  const error = params.get('error');
  if (error) {
    throw new Error(
      `The OIDC issuer refused the sign-in: ${error} ${params.get('error_description') ?? ''}`.trim(),
    );
  }
  if (!pending || pending.state !== params.get('state')) {
    throw new Error(
      'The OIDC answer does not belong to a sign-in started here (state mismatch); sign in again',
    );
  }
  const res = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    credentials: 'omit',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code') ?? '',
      redirect_uri: redirectUri(),
      client_id: oidc.clientId,
      code_verifier: pending.verifier,
    }).toString(),
  });
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; error?: string };
  if (!res.ok || !body.access_token) {
    throw new Error(`The OIDC token endpoint answered ${res.status}${body.error ? `: ${body.error}` : ''}`);
  }
  return { token: body.access_token, next: pending.next };
}
