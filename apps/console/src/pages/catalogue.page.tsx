import {
  Button,
  Content,
  PageSection,
  Title,
  ToggleGroup,
  ToggleGroupItem,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type ReactNode, useState } from 'react';
import { type Page, asPage, query } from '../api/api-client';
import { Age } from '../components/age';
import { KINDS, kindOf, resourcePath } from '../components/catalogue-kinds';
import { DeleteResourceModal } from '../components/delete-resource-modal';
import type { Device } from '../components/device';
import { NamespacePicker, useNamespaces } from '../components/namespace-picker';
import { Loadable } from '../components/page-states';
import { useApi } from '../components/use-api';
import type { PageProps } from '../routes';
import { Link, navigate } from '../routing/router';
import { useCan } from '../session/whoami';

interface Resource {
  name: string;
  resourceVersion: string;
  updatedAt: string;
  keys?: string[];
}

export default function CataloguePage({ params, search }: PageProps): ReactNode {
  const kind = kindOf(params.kind);
  const namespaces = useNamespaces();
  const ns = search.get('ns') ?? namespaces.find((n) => n !== 'default') ?? 'default';
  const canWrite = useCan(kind.writeRole, ns);
  const [deleting, setDeleting] = useState<string | null>(null);
  const deviceSpecs = kind.id === 'device-specs';
  const list = useApi<Page<Resource> | Resource[]>(
    deviceSpecs
      ? `/namespaces/${encodeURIComponent(ns)}/devices${query({ limit: 200 })}`
      : `/namespaces/${encodeURIComponent(ns)}/${kind.id}`,
  );
  const editor = (name: string): string =>
    `/catalogue/${kind.id}/${encodeURIComponent(ns)}/${encodeURIComponent(name)}`;

  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Catalogue</Title>
        <Content component="p">
          What devices run: workloads, device sets, per-device specs, secrets (keys only: values are
          write-only), configmaps and playbook executions.
        </Content>
      </PageSection>
      <PageSection>
        <ToggleGroup aria-label="Kind">
          {KINDS.map((k) => (
            <ToggleGroupItem
              key={k.id}
              text={k.label}
              isSelected={kind.id === k.id}
              onChange={() => navigate(`/catalogue/${k.id}${query({ ns })}`)}
            />
          ))}
        </ToggleGroup>
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <NamespacePicker
                value={ns}
                onChange={(next) => navigate(`/catalogue/${kind.id}${query({ ns: next })}`)}
              />
            </ToolbarItem>
            {canWrite && !deviceSpecs ? (
              <ToolbarItem>
                <Button onClick={() => navigate(editor('_new'))}>
                  Create {kind.label.replace(/s$/, '').toLowerCase()}
                </Button>
              </ToolbarItem>
            ) : null}
          </ToolbarContent>
        </Toolbar>
        <Loadable
          state={list}
          emptyTitle={`No ${kind.label.toLowerCase()} in ${ns}`}
          isEmpty={(answer) => asPage(answer).items.length === 0}
        >
          {(answer) =>
            deviceSpecs ? (
              <Table aria-label={`Devices in ${ns}`} variant="compact">
                <Thead>
                  <Tr>
                    <Th>Device</Th>
                    <Th>State</Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {(asPage(answer).items as unknown as Device[]).map((d) => (
                    <Tr key={d.deviceId}>
                      <Td dataLabel="Device">
                        <Link to={editor(d.deviceId)}>{d.deviceId}</Link>
                      </Td>
                      <Td dataLabel="State">{d.state}</Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            ) : (
              <Table aria-label={`${kind.label} in ${ns}`} variant="compact" data-testid="catalogue-table">
                <Thead>
                  <Tr>
                    <Th>Name</Th>
                    <Th>Version</Th>
                    <Th>Updated</Th>
                    {kind.id === 'secrets' ? <Th>Keys</Th> : null}
                    {canWrite ? <Th screenReaderText="Actions" /> : null}
                  </Tr>
                </Thead>
                <Tbody>
                  {asPage(answer).items.map((r) => (
                    <Tr key={r.name} data-testid={`resource-${r.name}`}>
                      <Td dataLabel="Name">
                        <Link to={editor(r.name)}>{r.name}</Link>
                      </Td>
                      <Td dataLabel="Version">{r.resourceVersion}</Td>
                      <Td dataLabel="Updated">
                        <Age at={r.updatedAt} />
                      </Td>
                      {kind.id === 'secrets' ? <Td dataLabel="Keys">{(r.keys ?? []).join(', ')}</Td> : null}
                      {canWrite ? (
                        <Td dataLabel="Actions" isActionCell>
                          <Button
                            variant="link"
                            isDanger
                            aria-label={`Delete ${r.name}`}
                            onClick={() => setDeleting(r.name)}
                          >
                            Delete
                          </Button>
                        </Td>
                      ) : null}
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )
          }
        </Loadable>
      </PageSection>
      {deleting ? (
        <DeleteResourceModal
          what={`${kind.label.replace(/s$/, '').toLowerCase()} ${deleting}`}
          path={resourcePath(kind.id, ns, deleting)}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            list.reload();
          }}
        />
      ) : null}
    </>
  );
}
