import { Bullseye, PageSection, Spinner } from '@patternfly/react-core';
import { type ReactNode, Suspense, lazy, useEffect, useState } from 'react';
import { apiRequest } from './api/api-client';
import { ErrorAlert } from './components/error-alert';
import { navigateToSignIn, useLocation } from './routing/router';
import { getToken } from './session/session';
import { type Whoami, WhoamiContext } from './session/whoami';
import { Shell } from './shell';

const SignIn = lazy(() => import('./pages/sign-in.page'));

const loading = (
  <Bullseye>
    <Spinner aria-label="Loading" />
  </Bullseye>
);

/** Sign-in, or the signed-in console: the caller (GET /whoami) decides which controls each page shows. */
export function App(): ReactNode {
  const location = useLocation();
  const [who, setWho] = useState<Whoami | null>(null);
  const [error, setError] = useState<unknown>();
  const signingIn = location.path === '/sign-in';

  useEffect(() => {
    if (signingIn) {
      setWho(null);
      return;
    }
    if (!getToken()) {
      navigateToSignIn();
      return;
    }
    if (!who) {
      apiRequest<Whoami>('GET', '/whoami')
        .then((r) => setWho(r.body))
        .catch(setError);
    }
  }, [signingIn, who]);

  if (signingIn) {
    return (
      <Suspense fallback={loading}>
        <SignIn search={location.search} onSignedIn={setWho} />
      </Suspense>
    );
  }
  if (!who) {
    return error ? (
      <PageSection>
        <ErrorAlert error={error} />
      </PageSection>
    ) : (
      loading
    );
  }
  return (
    <WhoamiContext.Provider value={who}>
      <Shell location={location} />
    </WhoamiContext.Provider>
  );
}
