import {
  ActionGroup,
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Divider,
  Form,
  FormGroup,
  PageSection,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { ApiError, apiRequest } from '../api/api-client';
import { navigate } from '../routing/router';
import { completeOidcSignIn, startOidcSignIn } from '../session/oidc';
import { setToken, signOutReason } from '../session/session';
import { type ConsoleSettings, consoleSettings } from '../session/settings';
import type { Whoami } from '../session/whoami';

interface Props {
  search: URLSearchParams;
  onSignedIn: (who: Whoami) => void;
}

/** Where to go after sign-in: only a path inside the console, never another site. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function SignInPage({ search, onSignedIn }: Props): ReactNode {
  const [token, setTokenInput] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [reason] = useState(signOutReason);
  const [settings, setSettings] = useState<ConsoleSettings | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(search.get('next'));

  const accept = async (candidate: string, destination: string): Promise<void> => {
    try {
      const who = await apiRequest<Whoami>('GET', '/whoami', { signingIn: candidate });
      setToken(candidate);
      onSignedIn(who.body);
      navigate(destination, { replace: true });
    } catch (failure) {
      setError(
        failure instanceof ApiError
          ? `The token was refused (${failure.code}): ${failure.message}`
          : `Sign-in failed: ${String(failure)}`,
      );
    }
  };

  useEffect(() => {
    consoleSettings()
      .then((loaded) => {
        setSettings(loaded);
        if (loaded.oidc && search.get('code')) {
          // Back from the issuer: the code leaves the address bar at once.
          window.history.replaceState(null, '', '/console/sign-in');
          setBusy(true);
          completeOidcSignIn(loaded.oidc, search)
            .then(({ token: accessToken, next: destination }) => accept(accessToken, safeNext(destination)))
            .catch((failure: unknown) =>
              setError(failure instanceof Error ? failure.message : String(failure)),
            )
            .finally(() => setBusy(false));
        }
      })
      .catch(() => setSettings({ apiBase: '/api/v1', apiDocs: '/api/docs', oidc: null }));
    // The answer from the issuer is read once, on arrival.
  }, []);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    void accept(token.trim(), next).finally(() => setBusy(false));
  };

  return (
    <main>
      <PageSection isFilled>
        <Card style={{ maxWidth: 520, margin: '4rem auto' }}>
          <CardTitle>
            <Title headingLevel="h1">Sign in to the Flotta console</Title>
          </CardTitle>
          <CardBody>
            {reason ? <Alert variant="info" isInline title={reason} data-testid="sign-out-reason" /> : null}
            {error ? <Alert variant="danger" isInline title={error} data-testid="sign-in-error" /> : null}
            <Form onSubmit={submit}>
              <FormGroup label="Bearer token" fieldId="token" isRequired>
                <TextInput
                  id="token"
                  type="password"
                  value={token}
                  autoComplete="off"
                  isRequired
                  onChange={(_event, value) => setTokenInput(value)}
                />
              </FormGroup>
              <ActionGroup>
                <Button type="submit" variant="primary" isDisabled={busy || token.trim() === ''}>
                  Sign in
                </Button>
              </ActionGroup>
            </Form>
            {settings?.oidc ? (
              <>
                <Divider style={{ margin: '1.5rem 0' }} />
                <Button
                  variant="secondary"
                  isBlock
                  isDisabled={busy}
                  onClick={() => {
                    setError(null);
                    startOidcSignIn(settings.oidc!, next).catch((failure: unknown) =>
                      setError(failure instanceof Error ? failure.message : String(failure)),
                    );
                  }}
                >
                  Sign in with OIDC ({new URL(settings.oidc.issuer).host})
                </Button>
              </>
            ) : null}
          </CardBody>
        </Card>
      </PageSection>
    </main>
  );
}
