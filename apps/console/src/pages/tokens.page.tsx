import {
  ActionGroup,
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Checkbox,
  ClipboardCopy,
  Form,
  FormGroup,
  Label,
  PageSection,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type FormEvent, type ReactNode, useState } from 'react';
import { type Page, apiRequest, asPage } from '../api/api-client';
import { Age } from '../components/age';
import { DeleteResourceModal } from '../components/delete-resource-modal';
import { ErrorAlert } from '../components/error-alert';
import { Loadable } from '../components/page-states';
import { useApi } from '../components/use-api';

interface Token {
  name: string;
  roles: string[];
  namespaces: string[];
  source: 'file' | 'api';
  expiresAt?: string | null;
  createdBy?: string;
}

const ROLES = ['viewer', 'operator', 'admin'];

export default function TokensPage(): ReactNode {
  const tokens = useApi<Page<Token> | Token[]>('/tokens');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<string[]>(['viewer']);
  const [namespaces, setNamespaces] = useState('*');
  const [error, setError] = useState<unknown>();
  const [minted, setMinted] = useState<{ name: string; token: string } | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);

  const create = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    setMinted(null);
    try {
      const answer = await apiRequest<{ token: string }>('PUT', `/tokens/${encodeURIComponent(name)}`, {
        body: {
          roles,
          namespaces: namespaces
            .split(',')
            .map((n) => n.trim())
            .filter(Boolean),
        },
      });
      setMinted({ name, token: answer.body.token });
      setName('');
      tokens.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Tokens</Title>
      </PageSection>
      <PageSection>
        <Card>
          <CardTitle component="h2">Create a token</CardTitle>
          <CardBody>
            <ErrorAlert error={error} />
            {minted ? (
              <Alert
                variant="success"
                isInline
                title={`Token ${minted.name} created: copy it now, it is shown once`}
              >
                <ClipboardCopy isReadOnly hoverTip="Copy" clickTip="Copied" data-testid="minted-token">
                  {minted.token}
                </ClipboardCopy>
              </Alert>
            ) : null}
            <Form onSubmit={(e) => void create(e)} isHorizontal>
              <FormGroup label="Name" fieldId="token-name" isRequired>
                <TextInput id="token-name" value={name} isRequired onChange={(_e, v) => setName(v)} />
              </FormGroup>
              <FormGroup label="Roles" fieldId="token-roles" role="group" isInline>
                {ROLES.map((r) => (
                  <Checkbox
                    key={r}
                    id={`token-role-${r}`}
                    label={r}
                    isChecked={roles.includes(r)}
                    onChange={(_e, on) => setRoles(on ? [...roles, r] : roles.filter((x) => x !== r))}
                  />
                ))}
              </FormGroup>
              <FormGroup label="Namespaces" fieldId="token-namespaces">
                <TextInput id="token-namespaces" value={namespaces} onChange={(_e, v) => setNamespaces(v)} />
              </FormGroup>
              <ActionGroup>
                <Button type="submit" isDisabled={name.trim() === '' || roles.length === 0}>
                  Create token
                </Button>
              </ActionGroup>
            </Form>
          </CardBody>
        </Card>
      </PageSection>
      <PageSection>
        <Loadable state={tokens} emptyTitle="No tokens" isEmpty={(a) => asPage(a).items.length === 0}>
          {(answer) => (
            <Table aria-label="Tokens" variant="compact">
              <Thead>
                <Tr>
                  <Th>Name</Th>
                  <Th>Roles</Th>
                  <Th>Namespaces</Th>
                  <Th>Source</Th>
                  <Th>Expires</Th>
                  <Th screenReaderText="Actions" />
                </Tr>
              </Thead>
              <Tbody>
                {asPage(answer).items.map((t) => (
                  <Tr key={t.name}>
                    <Td dataLabel="Name">{t.name}</Td>
                    <Td dataLabel="Roles">{t.roles.join(', ')}</Td>
                    <Td dataLabel="Namespaces">{t.namespaces.join(', ')}</Td>
                    <Td dataLabel="Source">
                      <Label isCompact>
                        {t.source === 'file'
                          ? 'token file'
                          : `API${t.createdBy ? `, by ${t.createdBy}` : ''}`}
                      </Label>
                    </Td>
                    <Td dataLabel="Expires">{t.expiresAt ? <Age at={t.expiresAt} /> : 'never'}</Td>
                    <Td dataLabel="Actions" isActionCell>
                      {t.source === 'api' ? (
                        <Button
                          variant="link"
                          isDanger
                          aria-label={`Revoke ${t.name}`}
                          onClick={() => setRevoking(t.name)}
                        >
                          Revoke
                        </Button>
                      ) : null}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </Loadable>
      </PageSection>
      {revoking ? (
        <DeleteResourceModal
          what={`token ${revoking} (it stops working at once)`}
          path={`/tokens/${encodeURIComponent(revoking)}`}
          onClose={() => setRevoking(null)}
          onDeleted={() => {
            setRevoking(null);
            tokens.reload();
          }}
        />
      ) : null}
    </>
  );
}
