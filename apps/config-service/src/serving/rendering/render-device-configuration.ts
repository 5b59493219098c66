import type { ComponentMetrics, ConfigSpec, NamespaceCatalogue } from './catalogue.types';
import { allowListOf, dropEmpty, type Json } from './flotta-format';

/**
 * The reference's defaults (docs/contract.md#configuration-assembly); the device agent dereferences
 * heartbeat.hardware_profile.
 */
export const DEFAULT_HEARTBEAT_PERIOD_SECONDS = 60;
export const DEFAULT_METRICS_RECEIVER = { request_num_samples: 30000, timeout_seconds: 10 };

const decode = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');

function heartbeat(spec: ConfigSpec): Json {
  const profile = spec.heartbeat?.hardwareProfile;
  return {
    // Always present, unlike upstream's omit-if-zero: the agent needs a period (docs/contract.md#what-we-answer).
    period_seconds: spec.heartbeat?.periodSeconds || DEFAULT_HEARTBEAT_PERIOD_SECONDS,
    hardware_profile: profile ? dropEmpty({ include: profile.include, scope: profile.scope }) : {},
  };
}

function component(catalogue: NamespaceCatalogue, metrics: ComponentMetrics | undefined): Json | undefined {
  if (!metrics) {
    return undefined;
  }
  const allowList = metrics.allowList?.name
    ? allowListOf(catalogue.configMaps.get(metrics.allowList.name))
    : undefined;
  return dropEmpty({ interval: metrics.interval, disabled: metrics.disabled, allow_list: allowList });
}

function metrics(spec: ConfigSpec, catalogue: NamespaceCatalogue): Json {
  const m = spec.metrics ?? {};
  const r = m.receiverConfiguration ?? {};
  const receiver: Json = {
    request_num_samples:
      (r.requestNumSamples ?? 0) > 0 ? r.requestNumSamples : DEFAULT_METRICS_RECEIVER.request_num_samples,
    timeout_seconds:
      (r.timeoutSeconds ?? 0) > 0 ? r.timeoutSeconds : DEFAULT_METRICS_RECEIVER.timeout_seconds,
  };
  if (r.url) {
    receiver.url = r.url;
    const ca = r.caSecretName ? catalogue.secrets.get(r.caSecretName)?.data['ca.crt'] : undefined;
    if (r.url.startsWith('https') && ca !== undefined) {
      receiver.caCert = decode(ca);
    }
  }
  const out: Json = { receiver };
  if (m.retention) {
    out.retention = dropEmpty({ max_hours: m.retention.maxHours, max_mib: m.retention.maxMiB });
  }
  const system = component(catalogue, m.system);
  const dataTransfer = component(catalogue, m.dataTransfer);
  if (system) {
    out.system = system;
  }
  if (dataTransfer) {
    out['data-transfer'] = dataTransfer;
  }
  return out;
}

/** S3 from a ConfigMap (BUCKET_*) and a Secret (AWS_*), key material base64 as the device expects. */
function storage(spec: ConfigSpec, catalogue: NamespaceCatalogue): Json | undefined {
  const s3 = spec.storage?.s3;
  const cm = s3?.configMapName ? catalogue.configMaps.get(s3.configMapName)?.data : undefined;
  const secret = s3?.secretName ? catalogue.secrets.get(s3.secretName)?.data : undefined;
  if (!cm || !secret) {
    return undefined;
  }
  const port = Number(cm.BUCKET_PORT);
  return {
    s3: dropEmpty({
      bucket_host: cm.BUCKET_HOST,
      bucket_port: Number.isInteger(port) ? port : undefined,
      bucket_name: cm.BUCKET_NAME,
      bucket_region: cm.BUCKET_REGION,
      // Secret data is already base64 of the value: exactly what upstream sends.
      aws_access_key_id: secret.AWS_ACCESS_KEY_ID,
      aws_secret_access_key: secret.AWS_SECRET_ACCESS_KEY,
      aws_ca_bundle: secret['tls.crt'],
    }),
  };
}

function logCollection(spec: ConfigSpec, catalogue: NamespaceCatalogue): Json | undefined {
  const entries = Object.entries(spec.logCollection ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) {
    return undefined;
  }
  return Object.fromEntries(
    entries.map(([name, c]) => {
      const cm = c.syslogConfig?.name ? catalogue.configMaps.get(c.syslogConfig.name)?.data : undefined;
      const syslog = cm ? { address: cm.Address ?? '', protocol: cm.Protocol || 'tcp' } : undefined;
      return [name, dropEmpty({ kind: c.kind, buffer_size: c.bufferSize, syslog_config: syslog })];
    }),
  );
}

/** The `configuration` object of the message (docs/contract.md#the-configuration-message). */
export function renderDeviceConfiguration(spec: ConfigSpec, catalogue: NamespaceCatalogue): Json {
  const out: Json = { heartbeat: heartbeat(spec), metrics: metrics(spec, catalogue) };
  const os = spec.osInformation;
  if (os) {
    out.os = dropEmpty({
      commit_id: os.commitID,
      hosted_objects_url: os.hostedObjectsURL,
      automatically_upgrade: os.automaticallyUpgrade,
    });
  }
  out.mounts = (spec.mounts ?? []).map((m) =>
    dropEmpty({ device: m.device, directory: m.folder, type: m.type, options: m.options }),
  );
  const s3 = storage(spec, catalogue);
  if (s3) {
    out.storage = s3;
  }
  const logs = logCollection(spec, catalogue);
  if (logs) {
    out['log-collection'] = logs;
  }
  return out;
}
