import {
  Button,
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  Content,
  Label,
  PageSection,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type ReactNode, useState } from 'react';
import { type Page, apiRequest, asPage } from '../api/api-client';
import { DeleteResourceModal } from '../components/delete-resource-modal';
import { LabelsCell } from '../components/labels-cell';
import { Loadable } from '../components/page-states';
import { useApi } from '../components/use-api';
import { YamlEditModal } from '../components/yaml-edit-modal';
import { useCan } from '../session/whoami';

interface Rule {
  name: string;
  deviceIdPattern: string;
  namespacePattern: string;
  targetNamespace: string | null;
  labels: Record<string, string>;
  priority: number;
  enabled: boolean;
}

interface Policy {
  namespace: string;
  policy: Record<string, unknown>;
  stored: boolean;
}

type Editing = {
  title: string;
  initial: unknown;
  onSave: (value: Record<string, unknown>) => Promise<unknown>;
} | null;
type Deleting = { what: string; path: string } | null;

const RULE_FIELDS = [
  'deviceIdPattern',
  'namespacePattern',
  'targetNamespace',
  'labels',
  'priority',
  'enabled',
];

export default function RulesPage(): ReactNode {
  // Lists answer a bare array or a page ({items, nextCursor}); both are read.
  const rules = useApi<Page<Rule> | Rule[]>('/auto-approval-rules');
  const policies = useApi<Page<Policy> | Policy[]>('/recording-policies');
  const isAdmin = useCan('admin');
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Deleting>(null);

  const editRule = (rule?: Rule): void =>
    setEditing({
      title: rule ? `Edit rule ${rule.name}` : 'Create auto-approval rule',
      initial: rule
        ? { name: rule.name, ...Object.fromEntries(RULE_FIELDS.map((f) => [f, rule[f as keyof Rule]])) }
        : {
            name: 'lab',
            deviceIdPattern: 'lab-*',
            namespacePattern: '*',
            labels: { site: 'lab' },
            priority: 100,
          },
      onSave: async (value) => {
        const { name, ...rest } = value;
        await apiRequest(
          'PUT',
          `/auto-approval-rules/${encodeURIComponent(typeof name === 'string' ? name : '')}`,
          {
            body: Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null)),
          },
        );
        setEditing(null);
        rules.reload();
      },
    });

  const editPolicy = (policy?: Policy): void =>
    setEditing({
      title: policy ? `Recording policy of ${policy.namespace}` : 'Recording policy for a namespace',
      initial: { namespace: policy?.namespace ?? 'my-namespace', policy: policy?.policy ?? {} },
      onSave: async (value) => {
        const ns = typeof value.namespace === 'string' ? value.namespace : '';
        const path =
          ns === '*' ? '/recording-policy' : `/namespaces/${encodeURIComponent(ns)}/recording-policy`;
        await apiRequest('PUT', path, { body: { policy: value.policy } });
        setEditing(null);
        policies.reload();
      },
    });

  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Rules and policies</Title>
        <Content component="p">
          Auto-approval rules decide enrolments without an operator; recording policies decide what heartbeats
          keep.
        </Content>
      </PageSection>
      <PageSection>
        <Card>
          <CardHeader
            actions={{
              actions: isAdmin ? <Button onClick={() => editRule()}>Create rule</Button> : null,
              hasNoOffset: true,
            }}
          >
            <CardTitle component="h2">Auto-approval rules</CardTitle>
          </CardHeader>
          <CardBody>
            <Loadable
              state={rules}
              emptyTitle="No auto-approval rules"
              isEmpty={(a) => asPage(a).items.length === 0}
            >
              {(answer) => (
                <Table aria-label="Auto-approval rules" variant="compact">
                  <Thead>
                    <Tr>
                      <Th>Name</Th>
                      <Th>Device IDs</Th>
                      <Th>Namespaces</Th>
                      <Th>Target namespace</Th>
                      <Th>Labels</Th>
                      <Th>Priority</Th>
                      <Th>Enabled</Th>
                      {isAdmin ? <Th screenReaderText="Actions" /> : null}
                    </Tr>
                  </Thead>
                  <Tbody>
                    {asPage(answer).items.map((r) => (
                      <Tr key={r.name}>
                        <Td dataLabel="Name">{r.name}</Td>
                        <Td dataLabel="Device IDs">
                          <code>{r.deviceIdPattern}</code>
                        </Td>
                        <Td dataLabel="Namespaces">
                          <code>{r.namespacePattern}</code>
                        </Td>
                        <Td dataLabel="Target namespace">{r.targetNamespace ?? '—'}</Td>
                        <Td dataLabel="Labels">
                          <LabelsCell labels={r.labels} />
                        </Td>
                        <Td dataLabel="Priority">{r.priority}</Td>
                        <Td dataLabel="Enabled">
                          <Label isCompact color={r.enabled ? 'green' : 'grey'}>
                            {r.enabled ? 'enabled' : 'disabled'}
                          </Label>
                        </Td>
                        {isAdmin ? (
                          <Td dataLabel="Actions" isActionCell>
                            <Button
                              variant="link"
                              aria-label={`Edit rule ${r.name}`}
                              onClick={() => editRule(r)}
                            >
                              Edit
                            </Button>
                            <Button
                              variant="link"
                              isDanger
                              aria-label={`Delete rule ${r.name}`}
                              onClick={() =>
                                setDeleting({
                                  what: `rule ${r.name}`,
                                  path: `/auto-approval-rules/${encodeURIComponent(r.name)}`,
                                })
                              }
                            >
                              Delete
                            </Button>
                          </Td>
                        ) : null}
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              )}
            </Loadable>
          </CardBody>
        </Card>
      </PageSection>
      <PageSection>
        <Card>
          <CardHeader
            actions={{
              actions: isAdmin ? (
                <Button onClick={() => editPolicy()}>Set a namespace's policy</Button>
              ) : null,
              hasNoOffset: true,
            }}
          >
            <CardTitle component="h2">Recording policies</CardTitle>
          </CardHeader>
          <CardBody>
            <Loadable
              state={policies}
              emptyTitle="No recording policies"
              isEmpty={(a) => asPage(a).items.length === 0}
            >
              {(answer) => (
                <Table aria-label="Recording policies" variant="compact">
                  <Thead>
                    <Tr>
                      <Th>Namespace</Th>
                      <Th>Policy</Th>
                      {isAdmin ? <Th screenReaderText="Actions" /> : null}
                    </Tr>
                  </Thead>
                  <Tbody>
                    {asPage(answer).items.map((p) => (
                      <Tr key={p.namespace}>
                        <Td dataLabel="Namespace">{p.namespace === '*' ? '* (default)' : p.namespace}</Td>
                        <Td dataLabel="Policy">
                          <code>{JSON.stringify(p.policy)}</code>
                        </Td>
                        {isAdmin ? (
                          <Td dataLabel="Actions" isActionCell>
                            <Button
                              variant="link"
                              aria-label={`Edit policy of ${p.namespace}`}
                              onClick={() => editPolicy(p)}
                            >
                              Edit
                            </Button>
                            {p.namespace !== '*' ? (
                              <Button
                                variant="link"
                                isDanger
                                aria-label={`Delete policy of ${p.namespace}`}
                                onClick={() =>
                                  setDeleting({
                                    what: `the recording policy of ${p.namespace}`,
                                    path: `/namespaces/${encodeURIComponent(p.namespace)}/recording-policy`,
                                  })
                                }
                              >
                                Delete
                              </Button>
                            ) : null}
                          </Td>
                        ) : null}
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              )}
            </Loadable>
          </CardBody>
        </Card>
      </PageSection>
      {editing ? <YamlEditModal {...editing} onClose={() => setEditing(null)} /> : null}
      {deleting ? (
        <DeleteResourceModal
          {...deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            rules.reload();
            policies.reload();
          }}
        />
      ) : null}
    </>
  );
}
