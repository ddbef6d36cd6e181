import { createHash } from 'node:crypto';
import { basicAuthMatches, FAILED_LOGINS_PER_MINUTE, sameSecret } from '@datadrill/ops';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html } from './html.js';

const COOKIE = 'dd_insights';
const SESSION_MS = 12 * 60 * 60 * 1000;
const OPEN_PATHS = new Set(['/login', '/healthz', '/readyz']);

/**
 * Staff sign in with the form at /login (a signed session cookie, 12 hours) or HTTP basic auth (for
 * scripts fetching exports). Refused logins are rate-limited per address, before the credentials are
 * looked at; signed-in requests never are. The cookie's key comes from the password, so changing the
 * password ends every session.
 */
export async function registerLogin(app: FastifyInstance, user: string, password: string): Promise<void> {
  await app.register(cookie, { secret: createHash('sha256').update(`datadrill-insights:${password}`).digest() });
  await app.register(rateLimit, { global: false });
  const signedIn = (request: FastifyRequest) => {
    if (basicAuthMatches(request.headers.authorization, user, password)) return true;
    const value = request.cookies[COOKIE];
    const session = value ? request.unsignCookie(value) : undefined;
    return Boolean(session?.valid && Number(session.value) > Date.now());
  };
  const limit = app.rateLimit({
    max: FAILED_LOGINS_PER_MINUTE,
    timeWindow: '1 minute',
    allowList: (request) => signedIn(request),
  });

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (OPEN_PATHS.has(path) || signedIn(request)) return;
    await limit.call(app, request, reply);
    if (reply.sent) return;
    if (request.headers.authorization || path.startsWith('/export/')) {
      return reply
        .code(401)
        .header('www-authenticate', 'Basic realm="DataDrill school dashboard"')
        .send('Unauthorized');
    }
    return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
  });

  app.get('/login', async (request, reply) => reply.type('text/html').send(loginPage(nextOf(request), false).text));
  app.post('/login', { onRequest: limit }, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    if (!(sameSecret(form.user ?? '', user) && sameSecret(form.password ?? '', password))) {
      return reply
        .code(401)
        .type('text/html')
        .send(loginPage(nextOf(request), true).text);
    }
    reply.setCookie(COOKIE, String(Date.now() + SESSION_MS), {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      path: '/',
      maxAge: SESSION_MS / 1000,
    });
    return reply.redirect(nextOf(request));
  });
  app.get('/logout', async (_request, reply) => reply.clearCookie(COOKIE, { path: '/' }).redirect('/login'));
}

function nextOf(request: FastifyRequest): string {
  return safeNext((request.query as Record<string, string | undefined>).next);
}

const SELF = 'http://dashboard.invalid';

/**
 * Where to go after signing in: only a path on this site, never an open redirect. The value is
 * resolved as a browser would (a browser reads a backslash as `/` and drops tabs and newlines, so
 * `/\evil.example` is refused outright), must stay on the same origin and come out as a path with a
 * single leading `/`; the resolved path is what is returned, never the raw text.
 */
export function safeNext(next: string | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  let url: URL;
  try {
    url = new URL(next, SELF);
  } catch {
    return '/';
  }
  if (url.origin !== SELF || !url.pathname.startsWith('/') || url.pathname.startsWith('//')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

export function loginPage(next: string, refused: boolean) {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sign in · DataDrill school dashboard</title>
<style>body{font:16px system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;background:#f6f7f9}form{background:#fff;padding:1.5rem;border-radius:8px;border:1px solid #e2e5ea;display:grid;gap:.7rem;min-width:16rem}input,button{font:inherit;padding:.4rem}.error{color:#c0392b}</style></head>
<body><form method="post" action="/login?next=${encodeURIComponent(next)}"><strong>DataDrill school dashboard</strong>
${refused ? html`<p class="error" role="alert">Wrong user or password.</p>` : ''}
<label>User <input name="user" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form></body></html>`;
}

export type { FastifyReply };
