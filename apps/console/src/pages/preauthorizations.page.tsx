import {
  ActionGroup,
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Content,
  Form,
  FormGroup,
  Label,
  PageSection,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type ReactNode, useState } from 'react';
import { ApiError, type Page, apiRequest, query } from '../api/api-client';
import { Age } from '../components/age';
import { DeleteResourceModal } from '../components/delete-resource-modal';
import { ErrorAlert } from '../components/error-alert';
import { LabelsCell } from '../components/labels-cell';
import { Loadable } from '../components/page-states';
import { PagingToolbar } from '../components/paging-toolbar';
import { TextFileUpload } from '../components/text-file-upload';
import { useApi } from '../components/use-api';
import { can, useCan, useWhoami } from '../session/whoami';

interface Preauthorization {
  deviceId: string;
  namespace: string;
  labels: Record<string, string>;
  expiresAt: string | null;
  state: 'active' | 'used' | 'expired';
  usedAt: string | null;
  createdBy: string;
  createdAt: string;
}

interface Problem {
  line?: number;
  index?: number;
  deviceId?: string;
  code: string;
  message: string;
}

const PAGE_SIZE = 50;
const STATE_COLOUR = { active: 'blue', used: 'green', expired: 'grey' } as const;

export default function PreauthorizationsPage(): ReactNode {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const list = useApi<Page<Preauthorization>>(`/preauthorizations${query({ limit: PAGE_SIZE, cursor })}`);
  const who = useWhoami();
  const isOperator = useCan('operator');
  const [deleting, setDeleting] = useState<string | null>(null);

  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Pre-authorisations</Title>
        <Content component="p">
          Devices authorised before their first contact: when one enrols it is approved at once, into its
          namespace with its labels, and its pre-authorisation is used up. An expired one is ignored.
        </Content>
      </PageSection>
      {isOperator ? <ImportCard onImported={() => list.reload()} /> : null}
      <PageSection>
        <Loadable
          state={list}
          emptyTitle="No pre-authorisations"
          isEmpty={(p) => p.items.length === 0 && cursors.length === 1}
        >
          {(p) => (
            <>
              <Table aria-label="Pre-authorisations" variant="compact">
                <Thead>
                  <Tr>
                    <Th>Device ID</Th>
                    <Th>Namespace</Th>
                    <Th>Labels</Th>
                    <Th>State</Th>
                    <Th>Expires</Th>
                    <Th>Created by</Th>
                    <Th screenReaderText="Actions" />
                  </Tr>
                </Thead>
                <Tbody>
                  {p.items.map((a) => (
                    <Tr key={a.deviceId}>
                      <Td dataLabel="Device ID">{a.deviceId}</Td>
                      <Td dataLabel="Namespace">{a.namespace}</Td>
                      <Td dataLabel="Labels">
                        <LabelsCell labels={a.labels} />
                      </Td>
                      <Td dataLabel="State">
                        <Label isCompact color={STATE_COLOUR[a.state]} data-testid={`state-${a.deviceId}`}>
                          {a.state}
                        </Label>
                        {a.usedAt ? (
                          <>
                            {' '}
                            <Age at={a.usedAt} />
                          </>
                        ) : null}
                      </Td>
                      <Td dataLabel="Expires">
                        {a.expiresAt ? new Date(a.expiresAt).toLocaleString() : 'never'}
                      </Td>
                      <Td dataLabel="Created by">{a.createdBy}</Td>
                      <Td dataLabel="Actions" isActionCell>
                        {can(who, 'operator', a.namespace) ? (
                          <Button
                            variant="link"
                            isDanger
                            aria-label={`Delete ${a.deviceId}`}
                            onClick={() => setDeleting(a.deviceId)}
                          >
                            Delete
                          </Button>
                        ) : null}
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
              <PagingToolbar cursors={cursors} setCursors={setCursors} nextCursor={p.nextCursor} />
            </>
          )}
        </Loadable>
      </PageSection>
      {deleting ? (
        <DeleteResourceModal
          what={`the pre-authorisation of ${deleting} (if it has not enrolled yet, it will wait for approval)`}
          path={`/preauthorizations/${encodeURIComponent(deleting)}`}
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

/** CSV (`deviceId,namespace,labels`, labels as k=v;k2=v2) or a JSON array, pasted or uploaded: all or nothing. */
function ImportCard({ onImported }: { onImported: () => void }): ReactNode {
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<{ created: number; replaced: number } | null>(null);
  const problems = error instanceof ApiError ? ((error.body as { errors?: Problem[] }).errors ?? []) : [];

  const submit = async (): Promise<void> => {
    setError(undefined);
    setResult(null);
    try {
      const answer = await apiRequest<{ created: number; replaced: number }>(
        'POST',
        '/preauthorizations/import',
        {
          text,
          contentType: text.trimStart().startsWith('[') ? 'application/json' : 'text/csv',
        },
      );
      setResult(answer.body);
      onImported();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <PageSection>
      <Card>
        <CardTitle component="h2">Import</CardTitle>
        <CardBody>
          <Form onSubmit={(e) => e.preventDefault()}>
            <FormGroup label="CSV or JSON" fieldId="preauth-import">
              <TextFileUpload
                id="preauth-import"
                text={text}
                setText={setText}
                placeholder={'deviceId,namespace,labels\nrpi-0001,fleet,site=lab;rack=3'}
              />
            </FormGroup>
            <ActionGroup>
              <Button onClick={() => void submit()} isDisabled={text.trim() === ''}>
                Import
              </Button>
            </ActionGroup>
          </Form>
          <ErrorAlert error={error} />
          {problems.length > 0 ? (
            <Table aria-label="Refused rows" variant="compact">
              <Thead>
                <Tr>
                  <Th>Row</Th>
                  <Th>Device ID</Th>
                  <Th>Code</Th>
                  <Th>Message</Th>
                </Tr>
              </Thead>
              <Tbody>
                {problems.map((p) => (
                  <Tr key={`${p.line ?? ''}/${p.index ?? ''}`}>
                    <Td dataLabel="Row">
                      {p.line !== undefined ? `line ${p.line}` : `#${(p.index ?? 0) + 1}`}
                    </Td>
                    <Td dataLabel="Device ID">{p.deviceId ?? '—'}</Td>
                    <Td dataLabel="Code">{p.code}</Td>
                    <Td dataLabel="Message">{p.message}</Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          ) : null}
          {result ? (
            <Alert
              variant="success"
              isInline
              title={`Imported: ${result.created} created, ${result.replaced} replaced`}
              data-testid="import-result"
            />
          ) : null}
        </CardBody>
      </Card>
    </PageSection>
  );
}
