import type { AppConfig } from '@lib/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { consoleSettings } from './console-settings';

/** Where `npm run build` puts the console (vite build): dist/apps/console beside dist/apps/config-service. */
const CONSOLE_DIR = join(__dirname, '..', '..', '..', 'console');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
};

interface Asset {
  body: Buffer;
  type: string;
}

/** Every file of the built console, read once: a few hundred kilobytes, so no disk read per request. */
function readAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (current: string): void => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) {
        walk(path);
      } else {
        const type = CONTENT_TYPES[extname(entry)];
        if (type) {
          assets.set(relative(dir, path).split(sep).join('/'), { body: readFileSync(path), type });
        }
      }
    }
  };
  walk(dir);
  return assets;
}

/** Only the API's origin and the OIDC issuer (token endpoint, sign-in form) are reachable from the page. */
export function contentSecurityPolicy(config: AppConfig): string {
  const issuer = config.auth.oidc ? ` ${new URL(config.auth.oidc.issuer).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    // PatternFly positions popovers and menus with inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${issuer}`,
    `form-action 'self'${issuer}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * The operator console at /console: its hashed assets cached for good, index.html (also the answer for any
 * deep link such as /console/devices/team-a/dev-1) never cached, so a new release is picked up on reload. The
 * page is public like /health; the API calls it makes carry the bearer token.
 */
export function serveConsole(app: NestFastifyApplication, config: AppConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  const assets = existsSync(CONSOLE_DIR) ? readAssets(CONSOLE_DIR) : new Map<string, Asset>();
  const csp = contentSecurityPolicy(config);
  const settings = JSON.stringify(consoleSettings(config));
  const send = (reply: FastifyReply, asset: Asset | undefined, cache: string): FastifyReply => {
    void reply.header('content-security-policy', csp).header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer').header('cache-control', cache);
    if (!asset) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The console is not built: run npm run build.');
    }
    return reply.type(asset.type).send(asset.body);
  };
  const index = (reply: FastifyReply): FastifyReply => send(reply, assets.get('index.html'), 'no-cache');
  fastify.get('/console', (_request, reply) => reply.redirect('/console/'));
  fastify.get('/console/settings.json', (_request, reply) =>
    send(reply, { body: Buffer.from(settings), type: CONTENT_TYPES['.json'] }, 'no-cache'),
  );
  fastify.get('/console/*', (request, reply) => {
    const path = (request.params as { '*': string })['*'];
    const asset = assets.get(path);
    if (asset && path !== 'index.html') {
      return send(
        reply,
        asset,
        path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    }
    if (path.startsWith('assets/') || extname(path) !== '') {
      // A missing file is a 404, not the page: a stale hashed chunk must fail loudly, not parse HTML as script.
      return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    }
    return index(reply);
  });
}
