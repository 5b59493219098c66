import {
  Card,
  CardBody,
  CardTitle,
  Content,
  Gallery,
  Grid,
  GridItem,
  PageSection,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactNode } from 'react';
import { type Page } from '../api/api-client';
import { type AuditEntry, AuditTable } from '../components/audit-table';
import { Loadable } from '../components/page-states';
import { PresenceChart } from '../components/presence-chart';
import { useApi } from '../components/use-api';
import { Link } from '../routing/router';
import { useCan } from '../session/whoami';

interface NamespaceSummary {
  namespace: string;
  states: Record<string, number>;
  presence: Record<string, number>;
  inSync: number;
  outOfSync: number;
}

interface FleetSummary {
  namespaces: NamespaceSummary[];
  pendingEnrolments: number;
}

const STATES = ['pending', 'approved', 'registered', 'rejected', 'decommissioned'];

function Figure({ label, value, to }: { label: string; value: number; to?: string }): ReactNode {
  return (
    <Card isCompact>
      <CardTitle component="h2">{label}</CardTitle>
      <CardBody>
        <span style={{ fontSize: '2rem' }} data-testid={`figure-${label}`}>
          {to ? <Link to={to}>{value}</Link> : value}
        </span>
      </CardBody>
    </Card>
  );
}

export default function OverviewPage(): ReactNode {
  const summary = useApi<FleetSummary>('/fleet-summary', 5000);
  const isAdmin = useCan('admin');
  const audit = useApi<Page<AuditEntry>>(isAdmin ? '/audit?limit=8' : null, 10000);
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Overview</Title>
        <Content component="p">The fleet at a glance, refreshed every few seconds.</Content>
      </PageSection>
      <PageSection>
        <Loadable
          state={summary}
          emptyTitle="No devices yet"
          emptyBody="Devices appear here once they enrol through the Edge API."
          isEmpty={(s) => s.namespaces.length === 0 && s.pendingEnrolments === 0}
        >
          {(s) => {
            const total = (pick: (n: NamespaceSummary) => number): number =>
              s.namespaces.reduce((sum, n) => sum + pick(n), 0);
            return (
              <Grid hasGutter>
                <GridItem span={12}>
                  <Gallery hasGutter minWidths={{ default: '180px' }}>
                    <Figure label="Pending enrolments" value={s.pendingEnrolments} to="/enrolments" />
                    <Figure label="Registered" value={total((n) => n.states.registered ?? 0)} to="/devices" />
                    <Figure label="Online" value={total((n) => n.presence.online ?? 0)} />
                    <Figure label="Configuration in sync" value={total((n) => n.inSync)} />
                    <Figure label="Not in sync" value={total((n) => n.outOfSync)} />
                  </Gallery>
                </GridItem>
                <GridItem lg={6} span={12}>
                  <Card>
                    <CardTitle component="h2">Presence per namespace</CardTitle>
                    <CardBody>
                      <PresenceChart
                        rows={s.namespaces
                          .filter((n) => (n.states.registered ?? 0) > 0)
                          .map((n) => ({
                            namespace: n.namespace,
                            online: n.presence.online ?? 0,
                            late: n.presence.late ?? 0,
                            offline: n.presence.offline ?? 0,
                            unknown: n.presence.unknown ?? 0,
                          }))}
                      />
                    </CardBody>
                  </Card>
                </GridItem>
                <GridItem lg={6} span={12}>
                  <Card>
                    <CardTitle component="h2">Devices by state</CardTitle>
                    <CardBody>
                      <Table aria-label="Devices by namespace and state" variant="compact">
                        <Thead>
                          <Tr>
                            <Th>Namespace</Th>
                            {STATES.map((state) => (
                              <Th key={state}>{state}</Th>
                            ))}
                            <Th>In sync</Th>
                          </Tr>
                        </Thead>
                        <Tbody>
                          {s.namespaces.map((n) => (
                            <Tr key={n.namespace}>
                              <Td dataLabel="Namespace">
                                <Link to={`/devices?ns=${encodeURIComponent(n.namespace)}`}>
                                  {n.namespace}
                                </Link>
                              </Td>
                              {STATES.map((state) => (
                                <Td key={state} dataLabel={state}>
                                  {n.states[state] ?? 0}
                                </Td>
                              ))}
                              <Td dataLabel="In sync">
                                {n.inSync} / {n.inSync + n.outOfSync}
                              </Td>
                            </Tr>
                          ))}
                        </Tbody>
                      </Table>
                    </CardBody>
                  </Card>
                </GridItem>
              </Grid>
            );
          }}
        </Loadable>
      </PageSection>
      {isAdmin ? (
        <PageSection>
          <Card>
            <CardTitle component="h2">Latest audit entries</CardTitle>
            <CardBody>
              <Loadable state={audit} emptyTitle="No audit entries yet" isEmpty={(p) => p.items.length === 0}>
                {(p) => <AuditTable entries={p.items} compact />}
              </Loadable>
            </CardBody>
          </Card>
        </PageSection>
      ) : null}
    </>
  );
}
