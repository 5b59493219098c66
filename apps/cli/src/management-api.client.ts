import { CliError, EXIT, serverError } from './cli-error';

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Raw text sent as is, with `contentType`. */
  text?: string;
  contentType?: string;
  /** Answer 404 as `undefined` instead of an error. */
  allowNotFound?: boolean;
}

type Page<T> = { items: T[]; nextCursor?: string | null };

/** `http://host:8081`, `http://host:8081/` and `http://host:8081/api/v1` all name the same server. */
export function normalizeServer(server: string): string {
  let s = server.trim().replace(/\/+$/, '');
  s = s.replace(/\/api\/v1$/, '');
  if (!/^https?:\/\//.test(s)) {
    throw new CliError(`server "${server}" must be an http:// or https:// URL`, EXIT.usage);
  }
  return s;
}

/** The management API over HTTP; nothing else. */
export class ManagementApi {
  readonly server: string;

  constructor(
    server: string,
    private readonly token: string | undefined,
  ) {
    this.server = normalizeServer(server);
  }

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const answer = await this.send(method, path, options);
    return answer as T;
  }

  /** The parsed body, or undefined for an allowed 404. */
  private async send(method: string, path: string, options: RequestOptions): Promise<unknown> {
    if (!this.token) {
      throw new CliError(
        'no token: log in with `edgectl login <server> --token <token>` or set EDGECTL_TOKEN',
        EXIT.refused,
      );
    }
    const url = new URL(`${this.server}/api/v1${path}`);
    for (const [k, v] of Object.entries(options.query ?? {})) {
      if (v !== undefined && v !== '') {
        url.searchParams.set(k, String(v));
      }
    }
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: 'application/json',
    };
    let body: string | undefined;
    if (options.text !== undefined) {
      body = options.text;
      headers['content-type'] = options.contentType ?? 'application/yaml';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(
        `cannot reach ${this.server}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
      );
    }
    const raw = await res.text();
    let parsed: unknown;
    try {
      parsed = raw ? JSON.parse(raw) : undefined;
    } catch {
      parsed = raw;
    }
    if (res.status === 404 && options.allowNotFound) {
      return undefined;
    }
    if (!res.ok) {
      throw serverError(res.status, parsed);
    }
    return parsed;
  }

  /** Every item of a list, following `nextCursor` to the end or up to `limit`; a bare array is one page. */
  async list<T>(path: string, query: Record<string, string | undefined> = {}, limit?: number): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const pageSize = limit === undefined ? 500 : Math.min(500, limit - items.length);
      const page = await this.request<Page<T> | T[]>('GET', path, {
        query: { ...query, limit: pageSize, cursor },
      });
      if (Array.isArray(page)) {
        items.push(...page);
        break;
      }
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && (limit === undefined || items.length < limit));
    return limit === undefined ? items : items.slice(0, limit);
  }

  /** The OpenAPI document (JSON at /api/docs-json, Nest's convention), outside /api/v1 and open to all. */
  async openApiInfo(): Promise<{ title?: string; version?: string }> {
    try {
      const res = await fetch(`${this.server}/api/docs-json`, { headers: { accept: 'application/json' } });
      const doc = (await res.json()) as { info?: { title?: string; version?: string } };
      return doc.info ?? {};
    } catch (error) {
      throw new CliError(`cannot reach ${this.server}: ${(error as Error).message}`);
    }
  }
}
