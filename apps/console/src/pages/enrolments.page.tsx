import {
  Alert,
  Button,
  Content,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  PageSection,
  TextInput,
  Title,
  ToggleGroup,
  ToggleGroupItem,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type FormEvent, type ReactNode, useState } from 'react';
import { type Page, apiRequest, query } from '../api/api-client';
import { Age } from '../components/age';
import type { Device } from '../components/device';
import { ErrorAlert } from '../components/error-alert';
import { hardwareSummary, parseLabels } from '../components/labels';
import { Loadable } from '../components/page-states';
import { useApi } from '../components/use-api';
import type { PageProps } from '../routes';
import { navigate } from '../routing/router';
import { useCan } from '../session/whoami';

const STATUSES = ['pending', 'approved', 'rejected'] as const;

type Decision = { kind: 'approve' | 'reject'; deviceIds: string[] } | null;

export default function EnrolmentsPage({ search }: PageProps): ReactNode {
  const status = (STATUSES as readonly string[]).includes(search.get('status') ?? '')
    ? search.get('status')!
    : 'pending';
  // New enrolments show up without a reload: the list is asked again every two seconds.
  const list = useApi<Page<Device>>(`/enrolments${query({ status, limit: 200 })}`, 2000);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [decision, setDecision] = useState<Decision>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const canDecide = useCan('operator');

  const toggle = (id: string, on: boolean): void => {
    const next = new Set(selected);
    if (on) {
      next.add(id);
    } else {
      next.delete(id);
    }
    setSelected(next);
  };

  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Enrolments</Title>
        <Content component="p">
          Devices that asked to join the fleet. Pending ones wait for an operator.
        </Content>
      </PageSection>
      <PageSection>
        <ToggleGroup aria-label="Enrolment status">
          {STATUSES.map((s) => (
            <ToggleGroupItem
              key={s}
              text={s[0].toUpperCase() + s.slice(1)}
              isSelected={status === s}
              onChange={() => {
                setSelected(new Set());
                navigate(`/enrolments?status=${s}`);
              }}
            />
          ))}
        </ToggleGroup>
        {outcome ? (
          <Alert
            variant="success"
            isInline
            title={outcome}
            data-testid="decision-outcome"
            style={{ marginTop: 16 }}
          />
        ) : null}
        {status === 'pending' && canDecide ? (
          <Toolbar>
            <ToolbarContent>
              <ToolbarItem>
                <Button
                  isDisabled={selected.size === 0}
                  onClick={() => setDecision({ kind: 'approve', deviceIds: [...selected] })}
                >
                  Approve selected ({selected.size})
                </Button>
              </ToolbarItem>
              <ToolbarItem>
                <Button
                  variant="secondary"
                  isDanger
                  isDisabled={selected.size === 0}
                  onClick={() => setDecision({ kind: 'reject', deviceIds: [...selected] })}
                >
                  Reject selected ({selected.size})
                </Button>
              </ToolbarItem>
            </ToolbarContent>
          </Toolbar>
        ) : null}
        <Loadable
          state={list}
          emptyTitle={`No ${status} enrolments`}
          emptyBody={status === 'pending' ? 'New enrolments appear here within seconds.' : undefined}
          isEmpty={(p) => p.items.length === 0}
        >
          {(p) => (
            <Table aria-label={`${status} enrolments`} variant="compact" data-testid="enrolments-table">
              <Thead>
                <Tr>
                  {status === 'pending' && canDecide ? <Th screenReaderText="Select" /> : null}
                  <Th>Device ID</Th>
                  <Th>Namespace</Th>
                  <Th>Hardware</Th>
                  <Th>Enrolled</Th>
                  {status === 'pending' ? null : <Th>Decided by</Th>}
                  {status === 'pending' && canDecide ? <Th screenReaderText="Actions" /> : null}
                </Tr>
              </Thead>
              <Tbody>
                {p.items.map((d, rowIndex) => (
                  <Tr key={d.deviceId} data-testid={`enrolment-${d.deviceId}`}>
                    {status === 'pending' && canDecide ? (
                      <Td
                        select={{
                          rowIndex,
                          onSelect: (_event, isSelecting) => toggle(d.deviceId, isSelecting),
                          isSelected: selected.has(d.deviceId),
                        }}
                      />
                    ) : null}
                    <Td dataLabel="Device ID">{d.deviceId}</Td>
                    <Td dataLabel="Namespace">{status === 'pending' ? d.requestedNamespace : d.namespace}</Td>
                    <Td dataLabel="Hardware">{hardwareSummary(d.hardware)}</Td>
                    <Td dataLabel="Enrolled">
                      <Age at={d.enrolledAt} />
                    </Td>
                    {status === 'pending' ? null : (
                      <Td dataLabel="Decided by">
                        {d.decidedBy ?? '—'}
                        {d.decisionReason ? ` (${d.decisionReason})` : ''}
                      </Td>
                    )}
                    {status === 'pending' && canDecide ? (
                      <Td dataLabel="Actions" isActionCell>
                        <Button
                          variant="link"
                          aria-label={`Approve ${d.deviceId}`}
                          onClick={() => setDecision({ kind: 'approve', deviceIds: [d.deviceId] })}
                        >
                          Approve
                        </Button>
                        <Button
                          variant="link"
                          isDanger
                          aria-label={`Reject ${d.deviceId}`}
                          onClick={() => setDecision({ kind: 'reject', deviceIds: [d.deviceId] })}
                        >
                          Reject
                        </Button>
                      </Td>
                    ) : null}
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </Loadable>
      </PageSection>
      {decision ? (
        <DecisionModal
          decision={decision}
          onClose={() => setDecision(null)}
          onDone={(message) => {
            setDecision(null);
            setSelected(new Set());
            setOutcome(message);
            list.reload();
          }}
        />
      ) : null}
    </>
  );
}

function DecisionModal({
  decision,
  onClose,
  onDone,
}: {
  decision: NonNullable<Decision>;
  onClose: () => void;
  onDone: (message: string) => void;
}): ReactNode {
  const [namespace, setNamespace] = useState('');
  const [labels, setLabels] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const approving = decision.kind === 'approve';
  let labelsError: string | null = null;
  let parsed: Record<string, string> = {};
  try {
    parsed = parseLabels(labels);
  } catch (failure) {
    labelsError = (failure as Error).message;
  }

  const submit = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    if (labelsError) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      for (const deviceId of decision.deviceIds) {
        const body = approving
          ? { ...(namespace ? { namespace } : {}), ...(labels ? { labels: parsed } : {}) }
          : { ...(reason ? { reason } : {}) };
        await apiRequest('POST', `/enrolments/${encodeURIComponent(deviceId)}/${decision.kind}`, { body });
      }
      onDone(`${approving ? 'Approved' : 'Rejected'} ${decision.deviceIds.join(', ')}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const title = `${approving ? 'Approve' : 'Reject'} ${decision.deviceIds.length} enrolment${decision.deviceIds.length > 1 ? 's' : ''}`;
  return (
    <Modal isOpen variant="small" onClose={onClose} aria-labelledby="decision-title">
      <ModalHeader title={title} labelId="decision-title" />
      <ModalBody>
        <p style={{ marginBottom: 16 }}>{decision.deviceIds.join(', ')}</p>
        <ErrorAlert error={error} />
        <Form id="decision-form" onSubmit={(e) => void submit(e)}>
          {approving ? (
            <>
              <FormGroup label="Namespace" fieldId="approve-namespace">
                <TextInput
                  id="approve-namespace"
                  value={namespace}
                  placeholder="the namespace the device asked for"
                  onChange={(_e, v) => setNamespace(v)}
                />
              </FormGroup>
              <FormGroup label="Labels" fieldId="approve-labels">
                <TextInput
                  id="approve-labels"
                  value={labels}
                  placeholder="site=lab, tier=edge"
                  validated={labelsError ? 'error' : 'default'}
                  onChange={(_e, v) => setLabels(v)}
                />
                <FormHelperText>
                  <HelperText>
                    <HelperTextItem variant={labelsError ? 'error' : 'default'}>
                      {labelsError ?? 'Comma-separated key=value pairs'}
                    </HelperTextItem>
                  </HelperText>
                </FormHelperText>
              </FormGroup>
            </>
          ) : (
            <FormGroup label="Reason" fieldId="reject-reason">
              <TextInput id="reject-reason" value={reason} onChange={(_e, v) => setReason(v)} />
            </FormGroup>
          )}
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button
          type="submit"
          form="decision-form"
          variant={approving ? 'primary' : 'danger'}
          isDisabled={busy || Boolean(labelsError)}
          isLoading={busy}
        >
          {approving ? 'Approve' : 'Reject'}
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
