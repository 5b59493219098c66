import {
  Bullseye,
  Button,
  Label,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadLogo,
  MastheadMain,
  MastheadToggle,
  Nav,
  NavItem,
  NavList,
  Page,
  PageSection,
  PageSidebar,
  PageSidebarBody,
  PageToggleButton,
  Spinner,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import BarsIcon from '@patternfly/react-icons/dist/esm/icons/bars-icon';
import { type MouseEvent, type ReactNode, Suspense } from 'react';
import { NAV, ROUTES } from './routes';
import { type Location, href, match, navigate } from './routing/router';
import { clearToken } from './session/session';
import { can, useWhoami } from './session/whoami';

function signOut(): void {
  clearToken('You signed out.');
  navigate('/sign-in', { replace: true });
}

/** The console's frame: masthead (who is signed in, API docs, sign out), navigation, and the page of the URL. */
export function Shell({ location }: { location: Location }): ReactNode {
  const who = useWhoami();
  const found = ROUTES.map((route) => ({ route, params: match(route.pattern, location.path) })).find(
    (r) => r.params !== null,
  );
  const masthead = (
    <Masthead>
      <MastheadMain>
        <MastheadToggle>
          <PageToggleButton variant="plain" aria-label="Navigation">
            <BarsIcon />
          </PageToggleButton>
        </MastheadToggle>
        <MastheadBrand>
          <MastheadLogo href={href('/')} onClick={(e: MouseEvent) => (e.preventDefault(), navigate('/'))}>
            <span style={{ fontSize: '1.25rem', fontWeight: 600 }}>Flotta console</span>
          </MastheadLogo>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight>
          <ToolbarContent>
            <ToolbarGroup align={{ default: 'alignEnd' }}>
              <ToolbarItem>
                <Button variant="link" component="a" href="/api/docs" target="_blank" rel="noopener">
                  API docs
                </Button>
              </ToolbarItem>
              <ToolbarItem>
                <span data-testid="whoami">
                  {who?.name}{' '}
                  <Label isCompact color="blue">
                    {who?.roles.join(', ')}
                    {who && !who.namespaces.includes('*') ? ` in ${who.namespaces.join(', ')}` : ''}
                  </Label>
                </span>
              </ToolbarItem>
              <ToolbarItem>
                <Button variant="secondary" onClick={signOut}>
                  Sign out
                </Button>
              </ToolbarItem>
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );
  const sidebar = (
    <PageSidebar>
      <PageSidebarBody>
        <Nav aria-label="Console">
          <NavList>
            {NAV.filter((item) => can(who, item.role)).map((item) => (
              <NavItem
                key={item.id}
                itemId={item.id}
                isActive={found?.route.nav === item.id}
                to={href(item.to)}
                onClick={(event) => {
                  event.preventDefault();
                  navigate(item.to);
                }}
              >
                {item.label}
              </NavItem>
            ))}
          </NavList>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );
  const Content = found?.route.page;
  return (
    <Page masthead={masthead} sidebar={sidebar} isManagedSidebar mainContainerId="main">
      {Content ? (
        <Suspense
          fallback={
            <Bullseye>
              <Spinner aria-label="Loading page" />
            </Bullseye>
          }
        >
          <Content params={found.params ?? {}} search={location.search} />
        </Suspense>
      ) : (
        <PageSection>
          <Title headingLevel="h1">Page not found</Title>
          <p>
            No console page at <code>{location.path}</code>.
          </p>
        </PageSection>
      )}
    </Page>
  );
}
