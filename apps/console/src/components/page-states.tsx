import { Bullseye, EmptyState, EmptyStateBody, Spinner } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { ErrorAlert } from './error-alert';
import type { Loaded } from './use-api';

/** Loading, error and empty states, the same on every page; `children` renders the data once there is some. */
export function Loadable<T>({
  state,
  isEmpty,
  emptyTitle,
  emptyBody,
  children,
}: {
  state: Loaded<T>;
  isEmpty?: (data: T) => boolean;
  emptyTitle: string;
  emptyBody?: ReactNode;
  children: (data: T) => ReactNode;
}): ReactNode {
  if (state.data === undefined) {
    if (state.error) {
      return <ErrorAlert error={state.error} />;
    }
    return (
      <Bullseye>
        <Spinner aria-label="Loading" size="lg" />
      </Bullseye>
    );
  }
  return (
    <>
      {state.error ? <ErrorAlert error={state.error} /> : null}
      {isEmpty?.(state.data) ? (
        <EmptyState titleText={emptyTitle} headingLevel="h2" data-testid="empty-state">
          {emptyBody ? <EmptyStateBody>{emptyBody}</EmptyStateBody> : null}
        </EmptyState>
      ) : (
        children(state.data)
      )}
    </>
  );
}
