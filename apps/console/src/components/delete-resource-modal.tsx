import { Button, List, ListItem, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';
import { type ReactNode, useState } from 'react';
import { ApiError, apiRequest } from '../api/api-client';
import { ErrorAlert } from './error-alert';

/** Deletes after a confirmation; a resource still in use stays, and the answer lists who uses it. */
export function DeleteResourceModal({
  what,
  path,
  onClose,
  onDeleted,
}: {
  what: string;
  path: string;
  onClose: () => void;
  onDeleted: () => void;
}): ReactNode {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const usedBy = error instanceof ApiError ? error.body.usedBy : undefined;
  const remove = async (): Promise<void> => {
    setBusy(true);
    try {
      await apiRequest('DELETE', path);
      onDeleted();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal isOpen variant="small" onClose={onClose} aria-labelledby="delete-title">
      <ModalHeader title={`Delete ${what}?`} labelId="delete-title" titleIconVariant="warning" />
      <ModalBody>
        <ErrorAlert error={error} />
        {usedBy?.length ? (
          <List data-testid="used-by">
            {usedBy.map((u) => (
              <ListItem key={u}>{u}</ListItem>
            ))}
          </List>
        ) : (
          <p>Devices it targets lose it at their next configuration read.</p>
        )}
      </ModalBody>
      <ModalFooter>
        <Button variant="danger" onClick={() => void remove()} isDisabled={busy || Boolean(usedBy?.length)}>
          Delete
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
