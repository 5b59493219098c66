import { type ComponentType, lazy } from 'react';
import type { Role } from './session/whoami';

export interface PageProps {
  params: Record<string, string>;
  search: URLSearchParams;
}

export interface Route {
  pattern: string;
  /** The navigation entry it belongs to. */
  nav: string;
  page: ComponentType<PageProps>;
}

// One chunk per page: the first load carries the shell only.
const Overview = lazy(() => import('./pages/overview.page'));
const Enrolments = lazy(() => import('./pages/enrolments.page'));
const Devices = lazy(() => import('./pages/devices.page'));
const DeviceDetail = lazy(() => import('./pages/device-detail.page'));
const Catalogue = lazy(() => import('./pages/catalogue.page'));
const ResourceEditor = lazy(() => import('./pages/resource-editor.page'));
const Apply = lazy(() => import('./pages/apply.page'));
const Rules = lazy(() => import('./pages/rules.page'));
const Preauthorizations = lazy(() => import('./pages/preauthorizations.page'));
const Rollouts = lazy(() => import('./pages/rollouts.page'));
const Audit = lazy(() => import('./pages/audit.page'));
const Tokens = lazy(() => import('./pages/tokens.page'));

export const ROUTES: Route[] = [
  { pattern: '/', nav: 'overview', page: Overview },
  { pattern: '/enrolments', nav: 'enrolments', page: Enrolments },
  { pattern: '/devices', nav: 'devices', page: Devices },
  { pattern: '/devices/:ns/:deviceId', nav: 'devices', page: DeviceDetail },
  { pattern: '/catalogue', nav: 'catalogue', page: Catalogue },
  { pattern: '/catalogue/:kind', nav: 'catalogue', page: Catalogue },
  { pattern: '/catalogue/:kind/:ns/:name', nav: 'catalogue', page: ResourceEditor },
  { pattern: '/apply', nav: 'apply', page: Apply },
  { pattern: '/rollouts', nav: 'rollouts', page: Rollouts },
  { pattern: '/rules', nav: 'rules', page: Rules },
  { pattern: '/preauthorizations', nav: 'preauthorizations', page: Preauthorizations },
  { pattern: '/audit', nav: 'audit', page: Audit },
  { pattern: '/tokens', nav: 'tokens', page: Tokens },
];

export const NAV: { id: string; to: string; label: string; role: Role }[] = [
  { id: 'overview', to: '/', label: 'Overview', role: 'viewer' },
  { id: 'enrolments', to: '/enrolments', label: 'Enrolments', role: 'viewer' },
  { id: 'devices', to: '/devices', label: 'Devices', role: 'viewer' },
  { id: 'catalogue', to: '/catalogue/workloads', label: 'Catalogue', role: 'viewer' },
  { id: 'apply', to: '/apply', label: 'Apply', role: 'operator' },
  { id: 'rollouts', to: '/rollouts', label: 'Rollouts', role: 'viewer' },
  { id: 'rules', to: '/rules', label: 'Rules and policies', role: 'viewer' },
  { id: 'preauthorizations', to: '/preauthorizations', label: 'Pre-authorisations', role: 'viewer' },
  { id: 'audit', to: '/audit', label: 'Audit trail', role: 'admin' },
  { id: 'tokens', to: '/tokens', label: 'Tokens', role: 'admin' },
];
