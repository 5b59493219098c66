import { inject } from 'vitest';
import { bearer, type TestCaller } from './auth';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** The operators' management API on the config service. */
export class ManagementClient {
  constructor(
    /** Whose token the requests carry: an admin of every namespace unless a test says otherwise. */
    private readonly caller: TestCaller | null = 'admin',
    private readonly baseUrl = `${inject('configServiceUrl')}/api/v1`,
  ) {}

  /** The API's base URL (`…/api/v1`) and the service's origin, for raw requests. */
  get url(): string {
    return this.baseUrl;
  }

  get origin(): string {
    return new URL(this.baseUrl).origin;
  }

  as(caller: TestCaller | null): ManagementClient {
    return new ManagementClient(caller, this.baseUrl);
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const auth = this.caller ? bearer(this.caller) : {};
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers:
        body === undefined
          ? { ...auth, ...headers }
          : { 'content-type': 'application/json', ...auth, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  approve(deviceId: string, body: unknown = {}): Promise<ApiResponse> {
    return this.request('POST', `/enrolments/${encodeURIComponent(deviceId)}/approve`, body);
  }

  reject(deviceId: string, body: unknown = {}): Promise<ApiResponse> {
    return this.request('POST', `/enrolments/${encodeURIComponent(deviceId)}/reject`, body);
  }

  device<T = Record<string, unknown>>(ns: string, deviceId: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', `/namespaces/${ns}/devices/${encodeURIComponent(deviceId)}`);
  }
}
