import { FormSelect, FormSelectOption } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useWhoami } from '../session/whoami';
import { useApi } from './use-api';

/** The namespaces the caller can see: its own grant, or every namespace with devices when it holds '*'. */
export function useNamespaces(): string[] {
  const who = useWhoami();
  const all = who?.namespaces.includes('*') ?? false;
  const summary = useApi<{ namespaces: { namespace: string }[] }>(all ? '/fleet-summary' : null);
  const known = all ? (summary.data?.namespaces.map((n) => n.namespace) ?? []) : (who?.namespaces ?? []);
  return [...new Set(['default', ...known])].sort();
}

export function NamespacePicker({
  value,
  onChange,
}: {
  value: string;
  onChange: (ns: string) => void;
}): ReactNode {
  const namespaces = useNamespaces();
  const options = namespaces.includes(value) ? namespaces : [value, ...namespaces];
  return (
    <FormSelect
      id="namespace-picker"
      value={value}
      aria-label="Namespace"
      onChange={(_event, ns) => onChange(ns)}
      style={{ minWidth: 180 }}
    >
      {options.map((ns) => (
        <FormSelectOption key={ns} value={ns} label={`Namespace: ${ns}`} />
      ))}
    </FormSelect>
  );
}
