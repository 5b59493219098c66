import {
  ActionGroup,
  Alert,
  Button,
  Content,
  Form,
  FormGroup,
  PageSection,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type ReactNode, useState } from 'react';
import { ApiError, apiRequest, query } from '../api/api-client';
import { ErrorAlert } from '../components/error-alert';
import { TextFileUpload } from '../components/text-file-upload';

interface Outcome {
  kind: string;
  namespace: string;
  name: string;
  outcome: string;
  resourceVersion: string;
}

interface Problem {
  index: number;
  line?: number;
  kind?: string;
  namespace?: string;
  name?: string;
  code: string;
  message: string;
}

export default function ApplyPage(): ReactNode {
  const [text, setText] = useState('');
  const [namespace, setNamespace] = useState('');
  const [results, setResults] = useState<Outcome[] | null>(null);
  const [error, setError] = useState<unknown>();
  const problems = error instanceof ApiError ? ((error.body as { errors?: Problem[] }).errors ?? []) : [];

  const apply = async (): Promise<void> => {
    setError(undefined);
    setResults(null);
    try {
      const answer = await apiRequest<{ results: Outcome[] }>('POST', `/apply${query({ namespace })}`, {
        text,
        contentType: 'application/yaml',
      });
      setResults(answer.body.results);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Apply manifests</Title>
        <Content component="p">
          Paste or upload Flotta custom resources (EdgeWorkload, EdgeDeviceSet, PlaybookExecution, Secret,
          ConfigMap) as YAML: all are applied, or none.
        </Content>
      </PageSection>
      <PageSection>
        <Form onSubmit={(e) => e.preventDefault()}>
          <FormGroup label="Manifests (YAML)" fieldId="apply-file">
            <TextFileUpload
              id="apply-file"
              text={text}
              setText={setText}
              placeholder={'apiVersion: management.project-flotta.io/v1alpha1\nkind: EdgeWorkload\n…'}
            />
          </FormGroup>
          <FormGroup label="Namespace of objects without one" fieldId="apply-namespace">
            <TextInput id="apply-namespace" value={namespace} onChange={(_e, v) => setNamespace(v)} />
          </FormGroup>
          <ActionGroup>
            <Button onClick={() => void apply()} isDisabled={text.trim() === ''}>
              Apply
            </Button>
          </ActionGroup>
        </Form>
      </PageSection>
      <PageSection>
        <ErrorAlert error={error} />
        {problems.length > 0 ? (
          <Table aria-label="Refused objects" variant="compact">
            <Thead>
              <Tr>
                <Th>Object</Th>
                <Th>Line</Th>
                <Th>Code</Th>
                <Th>Message</Th>
              </Tr>
            </Thead>
            <Tbody>
              {problems.map((p) => (
                <Tr key={p.index}>
                  <Td dataLabel="Object">
                    {p.kind ?? '?'} {p.namespace ? `${p.namespace}/` : ''}
                    {p.name ?? `#${p.index + 1}`}
                  </Td>
                  <Td dataLabel="Line">{p.line ?? '—'}</Td>
                  <Td dataLabel="Code">{p.code}</Td>
                  <Td dataLabel="Message">{p.message}</Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        ) : null}
        {results ? (
          <>
            <Alert variant="success" isInline title={`Applied ${results.length} object(s)`} />
            <Table aria-label="Applied objects" variant="compact" data-testid="apply-results">
              <Thead>
                <Tr>
                  <Th>Kind</Th>
                  <Th>Namespace</Th>
                  <Th>Name</Th>
                  <Th>Outcome</Th>
                  <Th>Version</Th>
                </Tr>
              </Thead>
              <Tbody>
                {results.map((r) => (
                  <Tr key={`${r.kind}/${r.namespace}/${r.name}`}>
                    <Td dataLabel="Kind">{r.kind}</Td>
                    <Td dataLabel="Namespace">{r.namespace}</Td>
                    <Td dataLabel="Name">{r.name}</Td>
                    <Td dataLabel="Outcome">{r.outcome}</Td>
                    <Td dataLabel="Version">{r.resourceVersion}</Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </>
        ) : null}
      </PageSection>
    </>
  );
}
