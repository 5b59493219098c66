import { randomUUID } from 'node:crypto';
import type { SecretBox } from '../../secret-box';
import { type DeviceInput, MEMBER_OF_LABEL, type NamespaceCatalogue } from './catalogue.types';
import type { Json } from './flotta-format';
import { renderShared, targetedWorkloads } from './render-configuration';
import { mapSecretFields } from './seal-configuration';

/** What a cohort's devices share: the rendered text once, and the sealed document's text around its secrets. */
interface Cohort {
  /** JSON text of the message after `device_id`, without the opening brace: `"configuration":…}`. */
  rest: string;
  /** The sealed document's text after `device_id`: parts[0], sealed secret 0, parts[1], … */
  parts: string[];
  plaintexts: string[];
}

/** One device's stored row: the digest of its plaintext content and its document with secrets sealed (JSON). */
export interface RenderedRow {
  deviceId: string;
  hash: string;
  sealedJson: string;
}

/**
 * Renders a namespace's devices once per cohort: devices targeted by the same workloads, in the same set and with
 * the same own spec get the same content apart from `device_id`. Per device only the digest and the sealing of
 * secret fields remain (both bound to the device), and the stored text is spliced, not rebuilt. The result is
 * byte-for-byte what `renderConfiguration` + `sealConfiguration` give, so digests (and versions) do not move.
 */
export class CohortRenderer {
  private readonly cohorts = new Map<string, Cohort>();
  private readonly namespaceJson: string;

  constructor(
    private readonly catalogue: NamespaceCatalogue,
    private readonly box: SecretBox,
  ) {
    this.namespaceJson = JSON.stringify(catalogue.namespace);
  }

  get cohortCount(): number {
    return this.cohorts.size;
  }

  render(device: DeviceInput): RenderedRow {
    const targeted = targetedWorkloads(device, this.catalogue);
    const key = JSON.stringify([targeted, device.labels[MEMBER_OF_LABEL] ?? null, device.spec ?? null]);
    let cohort = this.cohorts.get(key);
    if (!cohort) {
      cohort = prepare(renderShared(device, this.catalogue, targeted));
      this.cohorts.set(key, cohort);
    }
    const head = `{"device_id":${JSON.stringify(device.deviceId)},`;
    // The digest covers [namespace, content] as JSON, exactly as JSON.stringify writes it.
    const hash = this.box.digest(`[${this.namespaceJson},${head}${cohort.rest}]`);
    const context = `device-configuration/${device.deviceId}`;
    let sealedJson = head + cohort.parts[0];
    cohort.plaintexts.forEach((plaintext, i) => {
      sealedJson += JSON.stringify(this.box.seal(plaintext, context)) + cohort.parts[i + 1];
    });
    return { deviceId: device.deviceId, hash, sealedJson };
  }
}

function prepare(shared: Json): Cohort {
  // A marker no stored string can hold (jsonb refuses \u0000, and the nonce is fresh), numbered because the text
  // order of the secret fields is not the order in which mapSecretFields visits them.
  const nonce = `${randomUUID()}`;
  const found: string[] = [];
  const template = mapSecretFields(shared, (value) => {
    found.push(value);
    return `\u0000${nonce}:${found.length - 1}\u0000`;
  });
  const split = JSON.stringify(template)
    .slice(1)
    .split(new RegExp(`"\\\\u0000${nonce}:(\\d+)\\\\u0000"`));
  const parts = split.filter((_, i) => i % 2 === 0);
  const plaintexts = split.filter((_, i) => i % 2 === 1).map((index) => found[Number(index)]);
  return { rest: JSON.stringify(shared).slice(1), parts, plaintexts };
}
