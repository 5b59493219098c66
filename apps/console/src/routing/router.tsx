import { type AnchorHTMLAttributes, type MouseEvent, type ReactNode, useEffect, useState } from 'react';

export const BASE = '/console';
const CHANGE = 'flotta:navigate';

export interface Location {
  /** The path below /console, starting with '/'. */
  path: string;
  search: URLSearchParams;
}

function current(): Location {
  const full = window.location.pathname;
  const path = full.startsWith(BASE) ? full.slice(BASE.length) || '/' : full;
  return { path, search: new URLSearchParams(window.location.search) };
}

/** Every page has its own URL, so a reload or a shared link lands on the same page. */
export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = (): void => setLocation(current());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return location;
}

export const href = (to: string): string => `${BASE}${to}`;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = href(to);
  if (options.replace) {
    window.history.replaceState(null, '', url);
  } else {
    window.history.pushState(null, '', url);
  }
  window.dispatchEvent(new Event(CHANGE));
}

/** To sign-in, remembering where the caller was so it returns there afterwards. */
export function navigateToSignIn(): void {
  const { path, search } = current();
  if (path === '/sign-in') {
    window.dispatchEvent(new Event(CHANGE));
    return;
  }
  const next = `${path}${search.toString() ? `?${search.toString()}` : ''}`;
  navigate(`/sign-in?next=${encodeURIComponent(next)}`, { replace: true });
}

/** Matches `/namespaces/:ns/devices/:id` against a path; the parameters, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) {
    return null;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i];
    if (part.startsWith(':')) {
      params[part.slice(1)] = decodeURIComponent(have[i]);
    } else if (part !== have[i]) {
      return null;
    }
  }
  return params;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; children: ReactNode };

/** An ordinary link (middle-click, copy link work) that navigates in the page on a plain click. */
export function Link({ to, children, onClick, ...rest }: LinkProps): ReactNode {
  const follow = (event: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={href(to)} onClick={follow} {...rest}>
      {children}
    </a>
  );
}

export const segment = (value: string): string => encodeURIComponent(value);
