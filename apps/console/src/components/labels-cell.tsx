import { Label, LabelGroup } from '@patternfly/react-core';
import type { ReactNode } from 'react';

export function LabelsCell({ labels }: { labels: Record<string, string> | null | undefined }): ReactNode {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) {
    return '—';
  }
  return (
    <LabelGroup numLabels={4}>
      {entries.map(([k, v]) => (
        <Label key={k} isCompact>
          {k}={v}
        </Label>
      ))}
    </LabelGroup>
  );
}
