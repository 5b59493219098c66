import { Alert } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { ApiError } from '../api/api-client';

/** Every server error as the server gave it: code, message and the correlation id to quote. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }): ReactNode {
  if (!error) {
    return null;
  }
  const body =
    error instanceof ApiError
      ? error.body
      : {
          code: 'CLIENT_ERROR',
          message: error instanceof Error ? error.message : JSON.stringify(error),
          correlationId: undefined,
        };
  return (
    <Alert
      variant="danger"
      isInline
      title={title ?? `${body.code}: ${body.message}`}
      data-testid="error-alert"
    >
      {title ? (
        <p>
          <strong>{body.code}</strong>: {body.message}
        </p>
      ) : null}
      {body.correlationId ? (
        <p>
          Correlation ID: <code>{body.correlationId}</code>
        </p>
      ) : null}
    </Alert>
  );
}
