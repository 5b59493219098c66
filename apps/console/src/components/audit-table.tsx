import { Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactNode } from 'react';
import { Age } from './age';

export interface AuditEntry {
  id: string;
  recordedAt: string;
  actor: string;
  action: string;
  method: string | null;
  path: string | null;
  namespace: string | null;
  resource: string | null;
  outcome: string;
  statusCode: number | null;
  correlationId: string | null;
}

const OUTCOME_COLORS: Record<string, 'green' | 'red' | 'orange' | 'grey'> = {
  succeeded: 'green',
  denied: 'red',
  failed: 'orange',
};

export function AuditTable({ entries, compact }: { entries: AuditEntry[]; compact?: boolean }): ReactNode {
  return (
    <Table aria-label="Audit entries" variant="compact" data-testid="audit-table">
      <Thead>
        <Tr>
          <Th>When</Th>
          <Th>Actor</Th>
          <Th>Action</Th>
          <Th>Namespace</Th>
          <Th>Resource</Th>
          <Th>Outcome</Th>
          {compact ? null : <Th>Correlation ID</Th>}
        </Tr>
      </Thead>
      <Tbody>
        {entries.map((e) => (
          <Tr key={e.id}>
            <Td dataLabel="When">
              <Age at={e.recordedAt} />
            </Td>
            <Td dataLabel="Actor">{e.actor}</Td>
            <Td dataLabel="Action">{e.action}</Td>
            <Td dataLabel="Namespace">{e.namespace ?? '—'}</Td>
            <Td dataLabel="Resource">{e.resource ?? '—'}</Td>
            <Td dataLabel="Outcome">
              <Label isCompact color={OUTCOME_COLORS[e.outcome] ?? 'grey'}>
                {e.outcome}
                {e.statusCode ? ` (${e.statusCode})` : ''}
              </Label>
            </Td>
            {compact ? null : (
              <Td dataLabel="Correlation ID">
                <code>{e.correlationId ?? '—'}</code>
              </Td>
            )}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
