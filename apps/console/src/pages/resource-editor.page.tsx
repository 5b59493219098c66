import {
  ActionGroup,
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  List,
  ListItem,
  PageSection,
  TextInput,
  Title,
  ToggleGroup,
  ToggleGroupItem,
} from '@patternfly/react-core';
import { type ReactNode, useEffect, useState } from 'react';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { ApiError, apiRequest, get, query } from '../api/api-client';
import { SERVER_FIELDS, kindOf, resourcePath } from '../components/catalogue-kinds';
import { CodeEditor } from '../components/code-editor';
import { DeleteResourceModal } from '../components/delete-resource-modal';
import { ErrorAlert } from '../components/error-alert';
import { type FieldError, fieldErrors } from '../components/field-errors';
import type { PageProps } from '../routes';
import { Link, navigate } from '../routing/router';
import { useCan } from '../session/whoami';

type Format = 'yaml' | 'json';

const render = (value: unknown, format: Format): string =>
  format === 'yaml' ? toYaml(value) : `${JSON.stringify(value, null, 2)}\n`;

/** The text as an object; a syntax error names its line. */
function parseText(text: string): { value?: Record<string, unknown>; error?: FieldError } {
  try {
    const value: unknown = parseYaml(text, { prettyErrors: true });
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      return { error: { field: null, message: 'The document must be a mapping (an object)', line: 1 } };
    }
    return { value: value as Record<string, unknown> };
  } catch (failure) {
    const line = (failure as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? null;
    return { error: { field: null, message: (failure as Error).message.split('\n')[0], line } };
  }
}

export default function ResourceEditorPage({ params }: PageProps): ReactNode {
  const kind = kindOf(params.kind);
  const ns = params.ns ?? 'default';
  const creating = params.name === '_new';
  const [name, setName] = useState(creating ? '' : (params.name ?? ''));
  const [format, setFormat] = useState<Format>('yaml');
  const [text, setText] = useState(creating ? kind.template : '');
  const [version, setVersion] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<unknown>();
  const [saveError, setSaveError] = useState<unknown>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [preview, setPreview] = useState<string[] | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const canWrite = useCan(kind.writeRole, ns);
  const path = resourcePath(kind.id, ns, name);

  useEffect(() => {
    if (creating) {
      return;
    }
    get<Record<string, unknown>>(resourcePath(kind.id, ns, params.name ?? ''))
      .then((resource) => {
        setVersion(typeof resource.resourceVersion === 'string' ? resource.resourceVersion : null);
        const spec = Object.fromEntries(Object.entries(resource).filter(([k]) => !SERVER_FIELDS.includes(k)));
        if (kind.id === 'secrets') {
          // Values are write-only: the keys come back empty, to be filled in again on save.
          spec.stringData = Object.fromEntries(((resource.keys as string[]) ?? []).map((k) => [k, '']));
        }
        setText(render(spec, 'yaml'));
      })
      .catch(setLoadError);
  }, [creating, kind.id, ns, params.name]);

  const switchFormat = (next: Format): void => {
    const parsed = parseText(text);
    if (parsed.value) {
      setText(render(parsed.value, next));
      setFormat(next);
    } else if (parsed.error) {
      setErrors([parsed.error]);
    }
  };

  const body = (): Record<string, unknown> | undefined => {
    setErrors([]);
    setSaveError(undefined);
    const parsed = parseText(text);
    if (parsed.error) {
      setErrors([parsed.error]);
    }
    return parsed.value;
  };

  const showServerError = (failure: unknown): void => {
    setSaveError(failure);
    if (failure instanceof ApiError && ['VALIDATION_FAILED', 'INVALID_REFERENCE'].includes(failure.code)) {
      setErrors(fieldErrors(failure, text));
    }
  };

  const runPreview = async (): Promise<void> => {
    const spec = body();
    if (!spec) {
      return;
    }
    try {
      const answer = await apiRequest<{ devices: string[] }>(
        'POST',
        `/namespaces/${encodeURIComponent(ns)}/workloads/${encodeURIComponent(name || 'preview')}/preview`,
        { body: spec },
      );
      setPreview(answer.body.devices);
    } catch (failure) {
      setPreview(null);
      showServerError(failure);
    }
  };

  const save = async (): Promise<void> => {
    setSaved(null);
    const spec = body();
    if (!spec) {
      return;
    }
    try {
      const answer = await apiRequest<{ resourceVersion?: string }>('PUT', path, {
        body: spec,
        ifMatch: creating ? undefined : (version ?? undefined),
      });
      setVersion(answer.body?.resourceVersion ?? version);
      setSaved(
        `Saved ${name}${answer.body?.resourceVersion ? ` at version ${answer.body.resourceVersion}` : ''}`,
      );
      if (creating) {
        navigate(`/catalogue/${kind.id}/${encodeURIComponent(ns)}/${encodeURIComponent(name)}`, {
          replace: true,
        });
      }
    } catch (failure) {
      showServerError(failure);
    }
  };

  const singular = kind.label.replace(/s$/, '').toLowerCase();
  const errorLines = new Set(errors.map((e) => e.line).filter((l): l is number => l !== null));
  return (
    <>
      <PageSection>
        <Link to={`/catalogue/${kind.id}${query({ ns })}`}>
          {kind.label} in {ns}
        </Link>
        <Title headingLevel="h1">{creating ? `Create ${singular} in ${ns}` : `${singular} ${name}`}</Title>
      </PageSection>
      <PageSection>
        {loadError ? <ErrorAlert error={loadError} /> : null}
        {saved ? <Alert variant="success" isInline title={saved} data-testid="save-outcome" /> : null}
        <ErrorAlert error={saveError} />
        <Form onSubmit={(event) => event.preventDefault()} style={{ marginTop: 16 }}>
          {creating ? (
            <FormGroup label="Name" fieldId="resource-name" isRequired>
              <TextInput id="resource-name" value={name} isRequired onChange={(_e, v) => setName(v)} />
            </FormGroup>
          ) : null}
          <FormGroup
            label={`Specification (${format.toUpperCase()})`}
            fieldId="resource-text"
            labelHelp={
              <ToggleGroup aria-label="Format" isCompact>
                <ToggleGroupItem
                  text="YAML"
                  isSelected={format === 'yaml'}
                  onChange={() => switchFormat('yaml')}
                />
                <ToggleGroupItem
                  text="JSON"
                  isSelected={format === 'json'}
                  onChange={() => switchFormat('json')}
                />
              </ToggleGroup>
            }
          >
            <CodeEditor
              id="resource-text"
              label={`${singular} specification`}
              value={text}
              onChange={setText}
              readOnly={!canWrite}
              errorLines={errorLines}
            />
            {errors.length > 0 ? (
              <FormHelperText>
                <HelperText data-testid="field-errors" aria-live="polite">
                  {errors.map((e, i) => (
                    <HelperTextItem key={i} variant="error">
                      {e.line !== null ? `Line ${e.line}: ` : ''}
                      {e.field ? <code>{e.field}</code> : null}
                      {e.field ? ': ' : ''}
                      {e.message}
                    </HelperTextItem>
                  ))}
                </HelperText>
              </FormHelperText>
            ) : null}
            {kind.id === 'secrets' ? (
              <FormHelperText>
                <HelperText>
                  <HelperTextItem>
                    Secret values are write-only: give every key's value when saving.
                  </HelperTextItem>
                </HelperText>
              </FormHelperText>
            ) : null}
          </FormGroup>
          <ActionGroup>
            {canWrite ? (
              <Button variant="primary" onClick={() => void save()} isDisabled={name.trim() === ''}>
                Save
              </Button>
            ) : null}
            {kind.preview ? (
              <Button variant="secondary" onClick={() => void runPreview()}>
                Preview targeted devices
              </Button>
            ) : null}
            {canWrite && !creating && kind.id !== 'device-specs' ? (
              <Button variant="danger" onClick={() => setDeleting(true)}>
                Delete
              </Button>
            ) : null}
          </ActionGroup>
        </Form>
        {preview ? (
          <Card style={{ marginTop: 16 }} data-testid="preview">
            <CardTitle component="h2">Targeted devices ({preview.length})</CardTitle>
            <CardBody>
              {preview.length === 0 ? (
                <p>This specification targets no device in {ns}.</p>
              ) : (
                <List data-testid="preview-devices">
                  {preview.map((d) => (
                    <ListItem key={d}>{d}</ListItem>
                  ))}
                </List>
              )}
            </CardBody>
          </Card>
        ) : null}
      </PageSection>
      {deleting ? (
        <DeleteResourceModal
          what={`${singular} ${name}`}
          path={path}
          onClose={() => setDeleting(false)}
          onDeleted={() => navigate(`/catalogue/${kind.id}${query({ ns })}`)}
        />
      ) : null}
    </>
  );
}
