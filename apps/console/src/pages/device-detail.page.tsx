import {
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  CodeBlock,
  CodeBlockCode,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Flex,
  FormGroup,
  FormHelperText,
  Grid,
  GridItem,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  PageSection,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type ReactNode, useState } from 'react';
import { type Page, apiRequest, query } from '../api/api-client';
import { Age } from '../components/age';
import type { Device } from '../components/device';
import { ErrorAlert } from '../components/error-alert';
import { formatLabels, parseLabels } from '../components/labels';
import { LabelsCell } from '../components/labels-cell';
import { Loadable } from '../components/page-states';
import { PagingToolbar } from '../components/paging-toolbar';
import { PresenceLabel, SyncLabel } from '../components/presence-label';
import { useApi } from '../components/use-api';
import type { PageProps } from '../routes';
import { Link } from '../routing/router';
import { useCan } from '../session/whoami';

interface DeviceEvent {
  heartbeatId: string;
  seq: number;
  receivedAt: string;
  type?: string;
  reason?: string;
  message?: string;
  [key: string]: unknown;
}

export default function DeviceDetailPage({ params }: PageProps): ReactNode {
  const { ns = '', deviceId = '' } = params;
  const path = `/namespaces/${encodeURIComponent(ns)}/devices/${encodeURIComponent(deviceId)}`;
  const device = useApi<Device>(path, 5000);
  const canOperate = useCan('operator', ns);
  const [editing, setEditing] = useState(false);
  const [decommissioning, setDecommissioning] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <>
      <PageSection>
        <Content ns={ns} deviceId={deviceId} />
        {notice ? <Alert variant="info" isInline title={notice} data-testid="device-notice" /> : null}
      </PageSection>
      <PageSection>
        <Loadable state={device} emptyTitle="No such device">
          {(d) => (
            <Grid hasGutter>
              <GridItem span={12} lg={6}>
                <Card>
                  <CardTitle component="h2">Status</CardTitle>
                  <CardBody>
                    <DescriptionList isHorizontal isCompact>
                      <Term label="State">{d.state}</Term>
                      <Term label="Presence">
                        <PresenceLabel presence={d.presence} />
                      </Term>
                      <Term label="Last seen">
                        <Age at={d.lastSeenAt} />
                      </Term>
                      <Term label="Configuration">
                        desired {d.desiredConfigVersion ?? '—'}, reported {d.reportedConfigVersion ?? '—'}{' '}
                        <SyncLabel inSync={d.configInSync} />
                      </Term>
                      <Term label="Enrolled">
                        <Age at={d.enrolledAt} />
                      </Term>
                      <Term label="Decided by">{d.decidedBy ?? '—'}</Term>
                      <Term label="Registered">
                        <Age at={d.registeredAt} />
                      </Term>
                    </DescriptionList>
                  </CardBody>
                </Card>
              </GridItem>
              <GridItem span={12} lg={6}>
                <Card>
                  <CardTitle component="h2">Labels</CardTitle>
                  <CardBody>
                    <Flex direction={{ default: 'column' }}>
                      <div data-testid="device-labels">
                        <LabelsCell labels={d.labels} />
                      </div>
                      {canOperate && d.state !== 'decommissioned' ? (
                        <div>
                          <Button variant="secondary" onClick={() => setEditing(true)}>
                            Edit labels
                          </Button>{' '}
                          <Button variant="danger" onClick={() => setDecommissioning(true)}>
                            Decommission
                          </Button>
                        </div>
                      ) : null}
                    </Flex>
                  </CardBody>
                </Card>
              </GridItem>
              <GridItem span={12} lg={6}>
                <Card>
                  <CardTitle component="h2">Workloads</CardTitle>
                  <CardBody>
                    {(d.workloads ?? []).length === 0 ? (
                      <p>The device reported no workloads.</p>
                    ) : (
                      <Table aria-label="Workloads on the device" variant="compact">
                        <Thead>
                          <Tr>
                            <Th>Name</Th>
                            <Th>Podman state</Th>
                            <Th>Last changed</Th>
                          </Tr>
                        </Thead>
                        <Tbody>
                          {(d.workloads ?? []).map((w, i) => (
                            <Tr key={String(w.name ?? i)}>
                              <Td dataLabel="Name">{String(w.name ?? '—')}</Td>
                              <Td dataLabel="Podman state">{String(w.status ?? '—')}</Td>
                              <Td dataLabel="Last changed">
                                <Age at={(w.lastTransitionTime ?? w.lastDataUpload) as string | undefined} />
                              </Td>
                            </Tr>
                          ))}
                        </Tbody>
                      </Table>
                    )}
                  </CardBody>
                </Card>
              </GridItem>
              <GridItem span={12} lg={6}>
                <Card>
                  <CardTitle component="h2">Hardware</CardTitle>
                  <CardBody>
                    <CodeBlock>
                      <CodeBlockCode>{JSON.stringify(d.hardware ?? {}, null, 2)}</CodeBlockCode>
                    </CodeBlock>
                  </CardBody>
                </Card>
              </GridItem>
              <GridItem span={12}>
                <Events path={`${path}/events`} />
              </GridItem>
              <GridItem span={12}>
                <RenderedConfiguration path={`${path}/configuration`} />
              </GridItem>
              {editing ? (
                <LabelsModal
                  path={path}
                  labels={d.labels}
                  onClose={() => setEditing(false)}
                  onDone={() => {
                    setEditing(false);
                    setNotice('Label change accepted; the registry applies it within seconds.');
                    device.reload();
                  }}
                />
              ) : null}
              {decommissioning ? (
                <DecommissionModal
                  path={path}
                  deviceId={deviceId}
                  onClose={() => setDecommissioning(false)}
                  onDone={() => {
                    setDecommissioning(false);
                    setNotice(`Decommission of ${deviceId} accepted.`);
                    device.reload();
                  }}
                />
              ) : null}
            </Grid>
          )}
        </Loadable>
      </PageSection>
    </>
  );
}

function Content({ ns, deviceId }: { ns: string; deviceId: string }): ReactNode {
  return (
    <>
      <Link to={`/devices?ns=${encodeURIComponent(ns)}`}>Devices in {ns}</Link>
      <Title headingLevel="h1">{deviceId}</Title>
    </>
  );
}

function Term({ label, children }: { label: string; children: ReactNode }): ReactNode {
  return (
    <DescriptionListGroup>
      <DescriptionListTerm>{label}</DescriptionListTerm>
      <DescriptionListDescription>{children}</DescriptionListDescription>
    </DescriptionListGroup>
  );
}

interface Rendered {
  version: string | null;
  renderedAt: string | null;
  configuration: Record<string, unknown> | null;
}

/** What the device is served, as the config service rendered it; secret values come back masked. */
function RenderedConfiguration({ path }: { path: string }): ReactNode {
  const rendered = useApi<Rendered>(path, 10000);
  return (
    <Card>
      <CardTitle component="h2">Rendered configuration</CardTitle>
      <CardBody>
        <Loadable
          state={rendered}
          emptyTitle="Nothing rendered yet"
          emptyBody="A configuration is rendered once the device is approved."
          isEmpty={(r) => r.configuration === null}
        >
          {(r) => (
            <>
              <p>
                Version {r.version}, rendered <Age at={r.renderedAt} />. Secret values are masked.
              </p>
              <CodeBlock data-testid="rendered-configuration">
                <CodeBlockCode>{JSON.stringify(r.configuration, null, 2)}</CodeBlockCode>
              </CodeBlock>
            </>
          )}
        </Loadable>
      </CardBody>
    </Card>
  );
}

function Events({ path }: { path: string }): ReactNode {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const events = useApi<Page<DeviceEvent>>(
    `${path}${query({ limit: 20, cursor: cursors[cursors.length - 1] })}`,
  );
  return (
    <Card>
      <CardTitle component="h2">Events</CardTitle>
      <CardBody>
        <Loadable state={events} emptyTitle="No events reported" isEmpty={(p) => p.items.length === 0}>
          {(p) => (
            <>
              <Table aria-label="Device events" variant="compact">
                <Thead>
                  <Tr>
                    <Th>Received</Th>
                    <Th>Type</Th>
                    <Th>Reason</Th>
                    <Th>Message</Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {p.items.map((e) => (
                    <Tr key={`${e.heartbeatId}:${e.seq}`}>
                      <Td dataLabel="Received">
                        <Age at={e.receivedAt} />
                      </Td>
                      <Td dataLabel="Type">{String(e.type ?? '—')}</Td>
                      <Td dataLabel="Reason">{String(e.reason ?? '—')}</Td>
                      <Td dataLabel="Message">{String(e.message ?? '—')}</Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
              <PagingToolbar
                cursors={cursors}
                setCursors={setCursors}
                nextCursor={p.nextCursor}
                labels={{ previous: 'Newer events', next: 'Older events' }}
              />
            </>
          )}
        </Loadable>
      </CardBody>
    </Card>
  );
}

function LabelsModal({
  path,
  labels,
  onClose,
  onDone,
}: {
  path: string;
  labels: Record<string, string>;
  onClose: () => void;
  onDone: () => void;
}): ReactNode {
  const [text, setText] = useState(formatLabels(labels));
  const [error, setError] = useState<unknown>();
  let parsed: Record<string, string> = {};
  let parseError: string | null = null;
  try {
    parsed = parseLabels(text);
  } catch (failure) {
    parseError = (failure as Error).message;
  }
  const save = async (): Promise<void> => {
    // Labels left out of the text are removed (null), the others set.
    const change: Record<string, string | null> = { ...parsed };
    for (const key of Object.keys(labels)) {
      if (!(key in parsed)) {
        change[key] = null;
      }
    }
    try {
      await apiRequest('PATCH', path, { body: { labels: change } });
      onDone();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Modal isOpen variant="small" onClose={onClose} aria-labelledby="labels-title">
      <ModalHeader title="Edit labels" labelId="labels-title" />
      <ModalBody>
        <ErrorAlert error={error} />
        <FormGroup label="Labels" fieldId="device-labels-input">
          <TextInput
            id="device-labels-input"
            value={text}
            validated={parseError ? 'error' : 'default'}
            onChange={(_e, v) => setText(v)}
          />
          <FormHelperText>
            <HelperText>
              <HelperTextItem variant={parseError ? 'error' : 'default'}>
                {parseError ?? 'Comma-separated key=value pairs; a label left out is removed'}
              </HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
      </ModalBody>
      <ModalFooter>
        <Button isDisabled={Boolean(parseError)} onClick={() => void save()}>
          Save labels
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function DecommissionModal({
  path,
  deviceId,
  onClose,
  onDone,
}: {
  path: string;
  deviceId: string;
  onClose: () => void;
  onDone: () => void;
}): ReactNode {
  const [error, setError] = useState<unknown>();
  const confirm = async (): Promise<void> => {
    try {
      await apiRequest('DELETE', path);
      onDone();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Modal isOpen variant="small" onClose={onClose} aria-labelledby="decommission-title">
      <ModalHeader
        title={`Decommission ${deviceId}?`}
        labelId="decommission-title"
        titleIconVariant="danger"
      />
      <ModalBody>
        <ErrorAlert error={error} />
        <p>
          The device is told it is unregistered at its next heartbeat and wipes itself: its workloads stop,
          its certificate is no longer accepted, and it must enrol again to come back.
        </p>
      </ModalBody>
      <ModalFooter>
        <Button variant="danger" onClick={() => void confirm()}>
          Decommission {deviceId}
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
