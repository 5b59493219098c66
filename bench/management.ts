/** The management API, with the run's bearer token on every call. */
export class Management {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** PUT that must succeed (200 or 201). */
  async put(path: string, body: unknown): Promise<void> {
    const res = await this.call('PUT', path, body);
    if (res.status !== 200 && res.status !== 201) {
      throw new Error(`PUT ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
  }
}
