/** "site=lab, tier=edge" → { site: 'lab', tier: 'edge' }; throws naming the bad part. */
export function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = part.indexOf('=');
    if (at <= 0) {
      throw new Error(`"${part}" is not key=value`);
    }
    labels[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return labels;
}

export const formatLabels = (labels: Record<string, string> | null | undefined): string =>
  Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/** One line about a device's hardware: host name, architecture, CPU, vendor and product. */
export function hardwareSummary(hardware: unknown): string {
  if (!hardware || typeof hardware !== 'object') {
    return '—';
  }
  const h = hardware as {
    hostname?: string;
    cpu?: { architecture?: string; modelName?: string };
    systemVendor?: { manufacturer?: string; productName?: string };
  };
  const parts = [
    h.hostname,
    h.cpu?.architecture,
    h.cpu?.modelName,
    [h.systemVendor?.manufacturer, h.systemVendor?.productName].filter(Boolean).join(' '),
  ].filter((p) => p && String(p).trim() !== '');
  return parts.length > 0 ? parts.join(' · ') : '—';
}
