import { inject } from 'vitest';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** The operators' management API on the config service. */
export class ManagementClient {
  constructor(private readonly baseUrl = `${inject('configServiceUrl')}/api/v1`) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
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
