import {
  Button,
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Label,
  PageSection,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type ReactNode, useState } from 'react';
import { type Page, apiRequest, asPage, query } from '../api/api-client';
import { Age } from '../components/age';
import { ErrorAlert } from '../components/error-alert';
import { NamespacePicker, useNamespaces } from '../components/namespace-picker';
import { Loadable } from '../components/page-states';
import { useApi } from '../components/use-api';
import type { PageProps } from '../routes';
import { navigate } from '../routing/router';
import { useCan } from '../session/whoami';

interface Batch {
  index: number;
  approval: string;
  devices: number;
  updated: number;
  succeeded: number;
  failed: number;
  pending: number;
}

interface Rollout {
  id: string;
  state: string;
  change: { kind: string; name: string; action: string };
  currentBatch: number;
  successThreshold: string;
  reason: { message?: string; failed?: { deviceId: string; reason: string }[] } | null;
  batches: Batch[];
  createdAt: string;
}

const ACTIONS: Record<string, string[]> = {
  progressing: ['pause', 'abort'],
  'waiting-approval': ['approve', 'pause', 'abort'],
  paused: ['resume', 'abort'],
};

const STATE_COLOURS: Record<string, 'green' | 'blue' | 'orange' | 'red' | 'grey'> = {
  progressing: 'blue',
  'waiting-approval': 'orange',
  paused: 'orange',
  completed: 'green',
  aborted: 'red',
  superseded: 'grey',
};

const total = (r: Rollout, key: 'devices' | 'succeeded' | 'failed'): number =>
  r.batches.reduce((n, b) => n + b[key], 0);

/** Staged rollouts of a namespace: each with its batches' counts and, for operators, the actions its state allows. */
export default function RolloutsPage({ search }: PageProps): ReactNode {
  const namespaces = useNamespaces();
  const ns = search.get('ns') ?? namespaces.find((n) => n !== 'default') ?? 'default';
  const canAct = useCan('operator', ns);
  const list = useApi<Page<Rollout>>(
    `/namespaces/${encodeURIComponent(ns)}/rollouts${query({ limit: 50 })}`,
    2000,
  );
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const act = async (id: string, action: string) => {
    setError(null);
    try {
      await apiRequest('POST', `/namespaces/${encodeURIComponent(ns)}/rollouts/${id}/${action}`);
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Rollouts</Title>
        <Content component="p">
          With a rollout policy, each catalogue change reaches devices batch by batch; a batch starts once the
          previous one&apos;s devices report the change running.
        </Content>
      </PageSection>
      <PageSection>
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <NamespacePicker value={ns} onChange={(next) => navigate(`/rollouts${query({ ns: next })}`)} />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {error ? <ErrorAlert error={error} title="The rollout did not change" /> : null}
        <Loadable
          state={list}
          emptyTitle={`No rollouts in ${ns}`}
          isEmpty={(a) => asPage(a).items.length === 0}
        >
          {(answer) => (
            <Table aria-label={`Rollouts in ${ns}`} variant="compact" data-testid="rollouts-table">
              <Thead>
                <Tr>
                  <Th>Change</Th>
                  <Th>State</Th>
                  <Th>Batch</Th>
                  <Th>Devices</Th>
                  <Th>Succeeded</Th>
                  <Th>Failed</Th>
                  <Th>Started</Th>
                  {canAct ? <Th screenReaderText="Actions" /> : null}
                </Tr>
              </Thead>
              <Tbody>
                {asPage(answer).items.map((r) => (
                  <Tr
                    key={r.id}
                    data-testid={`rollout-${r.id}`}
                    isClickable
                    isRowSelected={selected === r.id}
                    onRowClick={() => setSelected(r.id)}
                  >
                    <Td dataLabel="Change">
                      {r.change.action} {r.change.kind}/{r.change.name}
                    </Td>
                    <Td dataLabel="State">
                      <Label color={STATE_COLOURS[r.state] ?? 'grey'}>{r.state}</Label>
                    </Td>
                    <Td dataLabel="Batch">
                      {r.currentBatch + 1}/{r.batches.length}
                    </Td>
                    <Td dataLabel="Devices">{total(r, 'devices')}</Td>
                    <Td dataLabel="Succeeded">{total(r, 'succeeded')}</Td>
                    <Td dataLabel="Failed">{total(r, 'failed')}</Td>
                    <Td dataLabel="Started">
                      <Age at={r.createdAt} />
                    </Td>
                    {canAct ? (
                      <Td dataLabel="Actions" isActionCell>
                        {(ACTIONS[r.state] ?? []).map((action) => (
                          <Button
                            key={action}
                            variant={action === 'abort' ? 'link' : 'secondary'}
                            isDanger={action === 'abort'}
                            size="sm"
                            onClick={() => void act(r.id, action)}
                          >
                            {action[0].toUpperCase() + action.slice(1)}
                          </Button>
                        ))}
                      </Td>
                    ) : null}
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </Loadable>
      </PageSection>
      {list.data && selected ? (
        <RolloutDetail rollout={asPage(list.data).items.find((r) => r.id === selected)} />
      ) : null}
    </>
  );
}

function RolloutDetail({ rollout }: { rollout: Rollout | undefined }): ReactNode {
  if (!rollout) {
    return null;
  }
  return (
    <PageSection data-testid="rollout-detail">
      <Title headingLevel="h2">
        Rollout of {rollout.change.kind}/{rollout.change.name}
      </Title>
      <DescriptionList isHorizontal>
        <DescriptionListGroup>
          <DescriptionListTerm>State</DescriptionListTerm>
          <DescriptionListDescription>{rollout.state}</DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Success threshold</DescriptionListTerm>
          <DescriptionListDescription>{rollout.successThreshold}</DescriptionListDescription>
        </DescriptionListGroup>
        {rollout.reason?.message ? (
          <DescriptionListGroup>
            <DescriptionListTerm>Paused because</DescriptionListTerm>
            <DescriptionListDescription>
              {rollout.reason.message}
              {(rollout.reason.failed ?? []).map((f) => (
                <div key={f.deviceId}>
                  {f.deviceId}: {f.reason}
                </div>
              ))}
            </DescriptionListDescription>
          </DescriptionListGroup>
        ) : null}
      </DescriptionList>
      <Table aria-label="Batches" variant="compact" data-testid="rollout-batches">
        <Thead>
          <Tr>
            <Th>Batch</Th>
            <Th>Approval</Th>
            <Th>Devices</Th>
            <Th>Updated</Th>
            <Th>Succeeded</Th>
            <Th>Failed</Th>
            <Th>Pending</Th>
          </Tr>
        </Thead>
        <Tbody>
          {rollout.batches.map((b) => (
            <Tr key={b.index}>
              <Td dataLabel="Batch">{b.index + 1}</Td>
              <Td dataLabel="Approval">{b.approval}</Td>
              <Td dataLabel="Devices">{b.devices}</Td>
              <Td dataLabel="Updated">{b.updated}</Td>
              <Td dataLabel="Succeeded">{b.succeeded}</Td>
              <Td dataLabel="Failed">{b.failed}</Td>
              <Td dataLabel="Pending">{b.pending}</Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </PageSection>
  );
}
