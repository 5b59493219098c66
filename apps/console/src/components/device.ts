/** A device as the management API answers it (GET /namespaces/{ns}/devices, /enrolments). */
export interface Device {
  deviceId: string;
  namespace: string;
  requestedNamespace: string;
  state: string;
  labels: Record<string, string>;
  hardware: unknown;
  enrolledAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
  registeredAt: string | null;
  decommissionedAt: string | null;
  lastSeenAt: string | null;
  status: string | null;
  reportedConfigVersion: string | null;
  presence: string | null;
  workloads: { name?: string; status?: string; [key: string]: unknown }[] | null;
  playbookExecutions: unknown[] | null;
  desiredConfigVersion: string | null;
  configInSync: boolean;
}
