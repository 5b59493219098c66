import {
  Content,
  FormSelect,
  FormSelectOption,
  PageSection,
  SearchInput,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { type ThProps, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type ReactNode, useState } from 'react';
import { type Page, query } from '../api/api-client';
import { Age } from '../components/age';
import type { Device } from '../components/device';
import { NamespacePicker, useNamespaces } from '../components/namespace-picker';
import { Loadable } from '../components/page-states';
import { PagingToolbar } from '../components/paging-toolbar';
import { PresenceLabel, SyncLabel } from '../components/presence-label';
import { useApi } from '../components/use-api';
import type { PageProps } from '../routes';
import { Link, navigate } from '../routing/router';

const PAGE_SIZE = 25;

const COLUMNS = ['Device ID', 'State', 'Presence', 'Last seen', 'Config (desired / reported)', 'Workloads'];

const sortKeys: ((d: Device) => string | number)[] = [
  (d) => d.deviceId,
  (d) => d.state,
  (d) => d.presence ?? '',
  (d) => (d.lastSeenAt ? Date.parse(d.lastSeenAt) : 0),
  (d) => (d.configInSync ? 1 : 0),
  (d) => running(d),
];

function running(d: Device): number {
  return (d.workloads ?? []).filter((w) => String(w.status ?? '').toLowerCase() === 'running').length;
}

export default function DevicesPage({ search }: PageProps): ReactNode {
  const namespaces = useNamespaces();
  const ns = search.get('ns') ?? namespaces.find((n) => n !== 'default') ?? 'default';
  const filters = {
    labelSelector: search.get('labelSelector') ?? '',
    state: search.get('state') ?? '',
    presence: search.get('presence') ?? '',
  };
  const [selectorInput, setSelectorInput] = useState(filters.labelSelector);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [sort, setSort] = useState<{ index: number; direction: 'asc' | 'desc' }>({
    index: 0,
    direction: 'asc',
  });
  const cursor = cursors[cursors.length - 1];
  const list = useApi<Page<Device>>(
    `/namespaces/${encodeURIComponent(ns)}/devices${query({ ...filters, limit: PAGE_SIZE, cursor })}`,
    5000,
  );

  const go = (changes: Record<string, string>): void => {
    setCursors([undefined]);
    navigate(`/devices${query({ ns, ...filters, ...changes })}`, { replace: true });
  };
  const sortBy = (columnIndex: number): ThProps['sort'] => ({
    sortBy: { index: sort.index, direction: sort.direction },
    onSort: (_event, index, direction) => setSort({ index, direction }),
    columnIndex,
  });

  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Devices</Title>
        <Content component="p">Approved, registered and decommissioned devices of a namespace.</Content>
      </PageSection>
      <PageSection>
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <NamespacePicker value={ns} onChange={(next) => go({ ns: next })} />
            </ToolbarItem>
            <ToolbarItem>
              <SearchInput
                aria-label="Label selector"
                placeholder="Label selector, e.g. site=lab"
                value={selectorInput}
                onChange={(_event, value) => setSelectorInput(value)}
                onSearch={(_event, value) => go({ labelSelector: value })}
                onClear={() => {
                  setSelectorInput('');
                  go({ labelSelector: '' });
                }}
              />
            </ToolbarItem>
            <ToolbarItem>
              <FormSelect
                aria-label="State"
                value={filters.state}
                onChange={(_event, state) => go({ state })}
              >
                <FormSelectOption value="" label="Any state" />
                {['approved', 'registered', 'decommissioned'].map((s) => (
                  <FormSelectOption key={s} value={s} label={s} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <FormSelect
                aria-label="Presence"
                value={filters.presence}
                onChange={(_event, presence) => go({ presence })}
              >
                <FormSelectOption value="" label="Any presence" />
                {['online', 'late', 'offline'].map((p) => (
                  <FormSelectOption key={p} value={p} label={p} />
                ))}
              </FormSelect>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        <Loadable
          state={list}
          emptyTitle="No devices match"
          emptyBody={`No device in namespace ${ns} matches these filters.`}
          isEmpty={(p) => p.items.length === 0}
        >
          {(p) => {
            const key = sortKeys[sort.index];
            const rows = [...p.items].sort((a, b) => {
              const order = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
              return sort.direction === 'asc' ? order : -order;
            });
            return (
              <>
                <Table aria-label={`Devices in ${ns}`} variant="compact" data-testid="devices-table">
                  <Thead>
                    <Tr>
                      {COLUMNS.map((c, i) => (
                        <Th key={c} sort={sortBy(i)}>
                          {c}
                        </Th>
                      ))}
                    </Tr>
                  </Thead>
                  <Tbody>
                    {rows.map((d) => (
                      <Tr key={d.deviceId} data-testid={`device-${d.deviceId}`}>
                        <Td dataLabel="Device ID">
                          <Link to={`/devices/${encodeURIComponent(ns)}/${encodeURIComponent(d.deviceId)}`}>
                            {d.deviceId}
                          </Link>
                        </Td>
                        <Td dataLabel="State">{d.state}</Td>
                        <Td dataLabel="Presence">
                          <PresenceLabel presence={d.presence} />
                        </Td>
                        <Td dataLabel="Last seen">
                          <Age at={d.lastSeenAt} />
                        </Td>
                        <Td dataLabel="Config">
                          {d.desiredConfigVersion ?? '—'} / {d.reportedConfigVersion ?? '—'}{' '}
                          <SyncLabel inSync={d.configInSync} />
                        </Td>
                        <Td dataLabel="Workloads">
                          {running(d)} / {(d.workloads ?? []).length}
                        </Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
                <PagingToolbar cursors={cursors} setCursors={setCursors} nextCursor={p.nextCursor} />
              </>
            );
          }}
        </Loadable>
      </PageSection>
    </>
  );
}
