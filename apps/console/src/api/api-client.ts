import { navigateToSignIn } from '../routing/router';
import { clearToken, getToken } from '../session/session';

/** The management API's one error shape, `{statusCode, code, message, correlationId}`, plus optional details. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  correlationId?: string;
  problems?: string[];
  usedBy?: string[];
}

export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
  }
  get code(): string {
    return this.body.code;
  }
  get status(): number {
    return this.body.statusCode;
  }
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  etag: string | null;
}

export interface RequestOptions {
  body?: unknown;
  /** A raw body (YAML for /apply) with its content type. */
  text?: string;
  contentType?: string;
  ifMatch?: string;
  /** The sign-in page checks a token itself: a 401 there is its answer, not a reason to leave the page. */
  signingIn?: string;
}

export const API_BASE = '/api/v1';

/** Calls the management API with the session's bearer token; a 401 ends the session and returns to sign-in. */
export async function apiRequest<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const token = options.signingIn ?? getToken();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) {
    headers.authorization = `Bearer ${token}`;
  }
  let payload: string | undefined;
  if (options.text !== undefined) {
    payload = options.text;
    headers['content-type'] = options.contentType ?? 'application/yaml';
  } else if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  if (options.ifMatch) {
    headers['if-match'] = options.ifMatch;
  }
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, { method, headers, body: payload, credentials: 'omit' });
  } catch (error) {
    throw new ApiError({
      statusCode: 0,
      code: 'NETWORK_ERROR',
      message: `The management API did not answer (${error instanceof Error ? error.message : String(error)})`,
    });
  }
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!response.ok) {
    const error = new ApiError(errorBody(response, body));
    if (response.status === 401 && !options.signingIn) {
      clearToken(`${error.code}: ${error.message}`);
      navigateToSignIn();
    }
    throw error;
  }
  return { status: response.status, body: body as T, etag: response.headers.get('etag') };
}

function errorBody(response: Response, body: unknown): ApiErrorBody {
  if (body && typeof body === 'object' && 'code' in body && 'message' in body) {
    return body as ApiErrorBody;
  }
  return {
    statusCode: response.status,
    code: `HTTP_${response.status}`,
    message: typeof body === 'string' && body ? body : response.statusText,
    correlationId: response.headers.get('x-correlation-id') ?? undefined,
  };
}

export const get = <T>(path: string): Promise<T> => apiRequest<T>('GET', path).then((r) => r.body);

/** A list answer: a page `{items, nextCursor}`, or a bare array from endpoints that are not paged (yet). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function asPage<T>(answer: Page<T> | T[]): Page<T> {
  return Array.isArray(answer) ? { items: answer, nextCursor: null } : answer;
}

export const query = (params: Record<string, string | number | undefined | null>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};
