import {
  Button,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
} from '@patternfly/react-core';
import { type ReactNode, useState } from 'react';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { ApiError } from '../api/api-client';
import { CodeEditor } from './code-editor';
import { ErrorAlert } from './error-alert';
import { type FieldError, fieldErrors } from './field-errors';

/** Edits one object as YAML in a dialog; the server's field errors point at their lines. */
export function YamlEditModal({
  title,
  initial,
  onSave,
  onClose,
}: {
  title: string;
  initial: unknown;
  onSave: (value: Record<string, unknown>) => Promise<unknown>;
  onClose: () => void;
}): ReactNode {
  const [text, setText] = useState(toYaml(initial));
  const [error, setError] = useState<unknown>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const save = async (): Promise<void> => {
    setError(undefined);
    setErrors([]);
    let value: unknown;
    try {
      value = parseYaml(text);
    } catch (failure) {
      setErrors([{ field: null, message: (failure as Error).message.split('\n')[0], line: null }]);
      return;
    }
    try {
      await onSave((value ?? {}) as Record<string, unknown>);
    } catch (failure) {
      setError(failure);
      if (failure instanceof ApiError && failure.code === 'VALIDATION_FAILED') {
        setErrors(fieldErrors(failure, text));
      }
    }
  };
  return (
    <Modal isOpen variant="medium" onClose={onClose} aria-labelledby="yaml-edit-title">
      <ModalHeader title={title} labelId="yaml-edit-title" />
      <ModalBody>
        <ErrorAlert error={error} />
        <CodeEditor
          id="yaml-edit"
          label={title}
          value={text}
          onChange={setText}
          errorLines={new Set(errors.map((e) => e.line).filter((l): l is number => l !== null))}
        />
        {errors.length > 0 ? (
          <FormHelperText>
            <HelperText data-testid="field-errors">
              {errors.map((e, i) => (
                <HelperTextItem key={i} variant="error">
                  {e.line !== null ? `Line ${e.line}: ` : ''}
                  {e.field ? `${e.field}: ` : ''}
                  {e.message}
                </HelperTextItem>
              ))}
            </HelperText>
          </FormHelperText>
        ) : null}
      </ModalBody>
      <ModalFooter>
        <Button onClick={() => void save()}>Save</Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
