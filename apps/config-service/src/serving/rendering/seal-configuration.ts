import type { SecretBox } from '../../secret-box';
import type { Json } from './flotta-format';

type Transform = (value: string) => string;

/** A copy of a rendered message with `fn` applied to every field that carries secret material. */
export function mapSecretFields(content: Json, fn: Transform): Json {
  const copy = structuredClone(content);
  for (const secret of (copy.secrets as Json[] | undefined) ?? []) {
    secret.data = fn(secret.data as string);
  }
  for (const workload of (copy.workloads as Json[] | undefined) ?? []) {
    const registries = workload.imageRegistries as Json | undefined;
    if (registries && typeof registries.authFile === 'string') {
      registries.authFile = fn(registries.authFile);
    }
  }
  const s3 = ((copy.configuration as Json | undefined)?.storage as Json | undefined)?.s3 as Json | undefined;
  for (const key of ['aws_access_key_id', 'aws_secret_access_key']) {
    if (s3 && typeof s3[key] === 'string') {
      s3[key] = fn(s3[key]);
    }
  }
  return copy;
}

/**
 * The stored document keeps secret values sealed (AES-256-GCM, bound to the device), so the table holds no
 * plaintext secret; the TCP lookup opens them. Hashing happens on the plaintext, before sealing.
 */
export const sealConfiguration = (content: Json, box: SecretBox, deviceId: string): Json =>
  mapSecretFields(content, (v) => box.seal(v, `device-configuration/${deviceId}`));

export const openConfiguration = (content: Json, box: SecretBox, deviceId: string): Json =>
  mapSecretFields(content, (v) => box.open(v, `device-configuration/${deviceId}`));
