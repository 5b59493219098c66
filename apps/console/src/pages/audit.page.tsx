import {
  Button,
  Content,
  FormSelect,
  FormSelectOption,
  PageSection,
  TextInput,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { query } from '../api/api-client';
import { type AuditEntry, AuditTable } from '../components/audit-table';
import { Loadable } from '../components/page-states';
import { PagingToolbar } from '../components/paging-toolbar';
import { useApi } from '../components/use-api';
import type { PageProps } from '../routes';
import { navigate } from '../routing/router';

const FILTERS = [
  { key: 'actor', label: 'Actor', placeholder: 'token:alice' },
  { key: 'namespace', label: 'Namespace', placeholder: 'team-a' },
  { key: 'resource', label: 'Resource', placeholder: 'workloads/' },
  { key: 'action', label: 'Action', placeholder: 'enrolment.approved' },
] as const;

/** The audit trail's page: it pages by entry id (`before`, `nextBefore`), not by the other lists' `cursor`. */
interface AuditTrailPage {
  items: AuditEntry[];
  nextBefore: string | null;
}

export default function AuditPage({ search }: PageProps): ReactNode {
  const applied = Object.fromEntries(
    [...FILTERS.map((f) => f.key), 'outcome'].map((k) => [k, search.get(k) ?? '']),
  ) as Record<string, string>;
  const [draft, setDraft] = useState(applied);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const trail = useApi<AuditTrailPage>(
    `/audit${query({ ...applied, limit: 50, before: cursors[cursors.length - 1] })}`,
    10000,
  );
  const apply = (event?: FormEvent): void => {
    event?.preventDefault();
    setCursors([undefined]);
    navigate(`/audit${query(draft)}`, { replace: true });
  };
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Audit trail</Title>
        <Content component="p">
          Every change and every refused attempt, newest first, with who did it.
        </Content>
      </PageSection>
      <PageSection>
        <form onSubmit={apply}>
          <Toolbar>
            <ToolbarContent>
              {FILTERS.map((f) => (
                <ToolbarItem key={f.key}>
                  <TextInput
                    aria-label={f.label}
                    placeholder={`${f.label}: ${f.placeholder}`}
                    value={draft[f.key]}
                    onChange={(_e, v) => setDraft({ ...draft, [f.key]: v })}
                  />
                </ToolbarItem>
              ))}
              <ToolbarItem>
                <FormSelect
                  aria-label="Outcome"
                  value={draft.outcome}
                  onChange={(_e, v) => setDraft({ ...draft, outcome: v })}
                >
                  <FormSelectOption value="" label="Any outcome" />
                  {['succeeded', 'denied', 'failed'].map((o) => (
                    <FormSelectOption key={o} value={o} label={o} />
                  ))}
                </FormSelect>
              </ToolbarItem>
              <ToolbarItem>
                <Button type="submit">Filter</Button>
              </ToolbarItem>
            </ToolbarContent>
          </Toolbar>
        </form>
        <Loadable state={trail} emptyTitle="No audit entries match" isEmpty={(p) => p.items.length === 0}>
          {(p) => (
            <>
              <AuditTable entries={p.items} />
              <PagingToolbar
                cursors={cursors}
                setCursors={setCursors}
                nextCursor={p.nextBefore}
                labels={{ previous: 'Newer entries', next: 'Older entries' }}
              />
            </>
          )}
        </Loadable>
      </PageSection>
    </>
  );
}
