/**
 * Makes device-sent values storable: PostgreSQL refuses NUL characters in text and jsonb, and a value that can
 * never be stored would otherwise fail its whole batch (heartbeats) or send the device's enrolment to the DLQ
 * while it keeps polling. NULs are dropped everywhere; the few columns with a length are cut to it.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') {
    return value.replaceAll('\u0000', '') as T;
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown) => withoutNul(item)) as T;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [withoutNul(k), withoutNul(v)]),
    ) as T;
  }
  return value;
}

export function cut(value: string | null | undefined, length: number): string | null {
  return typeof value === 'string' ? value.slice(0, length) : null;
}
