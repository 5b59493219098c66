// The operator console's static files and settings, served beside the management API.
export { serveConsole } from './serve-console';
