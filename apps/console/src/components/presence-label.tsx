import { Label } from '@patternfly/react-core';
import type { ReactNode } from 'react';

const COLORS = { online: 'green', late: 'orange', offline: 'red' } as const;

export function PresenceLabel({ presence }: { presence: string | null }): ReactNode {
  if (!presence) {
    return <Label isCompact>no heartbeat</Label>;
  }
  return (
    <Label isCompact color={COLORS[presence as keyof typeof COLORS] ?? 'grey'}>
      {presence}
    </Label>
  );
}

export function SyncLabel({ inSync }: { inSync: boolean }): ReactNode {
  return (
    <Label isCompact color={inSync ? 'green' : 'orange'}>
      {inSync ? 'in sync' : 'not in sync'}
    </Label>
  );
}
