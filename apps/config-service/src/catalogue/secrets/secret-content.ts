import { DomainError } from '@lib/platform';
import type { PutSecretDto } from './secret.dto';

const KEY = /^[-._a-zA-Z0-9]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The secret as `{key: base64(value)}`, validated as the Kubernetes API server would. */
export function secretData(body: PutSecretDto): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(body.data ?? {})) {
    if (typeof value !== 'string' || !BASE64.test(value)) {
      throw new DomainError('VALIDATION_FAILED', `data.${key}: must be base64`);
    }
    data[key] = value;
  }
  for (const [key, value] of Object.entries(body.stringData ?? {})) {
    if (typeof value !== 'string') {
      throw new DomainError('VALIDATION_FAILED', `stringData.${key}: must be a string`);
    }
    data[key] = Buffer.from(value, 'utf8').toString('base64');
  }
  for (const key of Object.keys(data)) {
    if (!KEY.test(key) || key.length > 253) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `secret key "${key}" must consist of alphanumerics, -, _ or .`,
      );
    }
  }
  if (body.type === 'kubernetes.io/dockerconfigjson') {
    const auth = data['.dockerconfigjson'];
    if (auth === undefined) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'a kubernetes.io/dockerconfigjson secret needs the key .dockerconfigjson',
      );
    }
    try {
      JSON.parse(Buffer.from(auth, 'base64').toString('utf8'));
    } catch {
      throw new DomainError('VALIDATION_FAILED', '.dockerconfigjson: must be a JSON auth file');
    }
  }
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => a.localeCompare(b)));
}
