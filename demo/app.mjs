// The demo relying party as a Hono app: web-standard Request -> Response handlers, so the same
// `app.fetch` runs under Node (@hono/node-server), Deno (Deno.serve) and Bun (Bun.serve).
// demo/server.mjs picks the runtime and the database; this file holds the server rules worth
// copying, demo/ceremonies.mjs the challenge and session rules, demo/store.mjs the store contract.
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { authenticatorNamer } from './authenticator-names.mjs';
import { Ceremonies } from './ceremonies.mjs';
import { DemoError, json, publicError, publicView } from './http.mjs';
import { cookieJar } from './cookies.mjs';
import { mountRegistration } from './registration.mjs';
import { mountSignIn } from './sign-in.mjs';

/**
 * @param {object} config
 * @param {import('./store.mjs').SqlStore} config.store
 * @param {string} config.rpID                 'localhost'
 * @param {string} config.origin               'http://localhost:8080' (exact match, §7.1 step 9)
 * @param {string} [config.rpName]
 * @param {boolean} [config.requireUserVerification]  default false: security keys without a PIN work
 * @param {number} [config.challengeTtlMs]     default 300000 (= the options timeout)
 * @param {number} [config.maxPendingCeremonies]       default 10000, all clients together
 * @param {number} [config.maxPendingCeremoniesPerIp]  default 64
 * @param {import('webauthn-verify').VerifiedMetadata} [config.metadata]  a verified BLOB: names authenticators (display only)
 * @param {Record<string, { type: string, body: string }>} [config.staticFiles]  path -> file
 * @param {(c: import('hono').Context) => string} [config.clientIp]
 * @param {(line: string) => void} [config.log]  server-side audit log (default console.warn)
 * @param {() => number} [config.now]
 */
export function createApp(config) {
  const { store, origin } = config;
  const ctx = {
    store,
    origin,
    rpID: config.rpID,
    rpName: config.rpName ?? 'webauthn-verify demo',
    requireUV: config.requireUserVerification ?? false,
    ttl: config.challengeTtlMs ?? 300_000,
    log: config.log ?? ((line) => console.warn(line)),
    ceremonies: new Ceremonies(store.db, { now: config.now, maxPending: config.maxPendingCeremonies, maxPendingPerIp: config.maxPendingCeremoniesPerIp }),
    clientIp: config.clientIp ?? defaultClientIp,
    cookies: cookieJar(origin.startsWith('https://')),
    nameOf: authenticatorNamer(config.metadata),
  };
  const app = new Hono();
  mountPlumbing(app, ctx);
  for (const [path, file] of Object.entries(config.staticFiles ?? {})) {
    app.get(path, (c) => c.body(file.body, 200, { 'Content-Type': file.type }));
  }
  mountAccount(app, ctx);
  mountRegistration(app, ctx);
  mountSignIn(app, ctx);
  return app;
}

function mountPlumbing(app, ctx) {
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'");
    c.header('Cache-Control', 'no-store');
  });
  app.use('/api/*', async (c, next) => {
    // State-changing calls must come from our own page: the Origin header is set by browsers on
    // every POST/DELETE and cannot be forged by another site (the cookies are also SameSite=Strict).
    if (c.req.method !== 'GET' && c.req.header('origin') !== ctx.origin) {
      throw new DemoError(403, 'DEMO_BAD_REQUEST_ORIGIN', `Request origin is not this site: open ${ctx.origin}`);
    }
    // A session exists only once someone signed in; reading it never creates one.
    const sid = getCookie(c, 'sid');
    const session = await ctx.ceremonies.session(sid);
    if (sid && !session) ctx.cookies.clear(c, 'sid');
    c.set('session', session);
    await next();
  });
  app.onError((err, c) => {
    const e = publicError(err, ctx.log, `${c.req.method} ${c.req.path}`);
    return json(c, e.status, { error: { code: e.code, message: e.message } });
  });
}

function mountAccount(app, ctx) {
  app.get('/api/me', async (c) => {
    const s = c.get('session');
    const user = s && (await ctx.store.getUserById(s.userId));
    if (!user) return c.json({ user: null, credentials: [] });
    const creds = await ctx.store.listCredentials(user.id);
    return c.json({ user: { name: user.name, displayName: user.displayName }, credentials: creds.map((cr) => publicView(cr, ctx.nameOf)) });
  });
  app.delete('/api/credentials/:id', async (c) => {
    const s = c.get('session');
    if (!s) throw new DemoError(401, 'DEMO_NOT_SIGNED_IN', 'Sign in first');
    const id = c.req.param('id');
    // Removing the last passkey would lock the account out (the demo has no other sign-in method).
    const outcome = await ctx.store.removeCredential(s.userId, id);
    if (outcome === 'missing') throw new DemoError(404, 'DEMO_UNKNOWN_CREDENTIAL', 'No such passkey on this account');
    if (outcome === 'last') throw new DemoError(409, 'DEMO_LAST_CREDENTIAL', 'Cannot remove the only passkey of an account');
    return c.json({ removed: id });
  });
  app.post('/api/logout', async (c) => {
    const s = c.get('session');
    if (s) await ctx.ceremonies.signOut(s.id);
    ctx.cookies.clear(c, 'sid');
    return c.json({ ok: true });
  });
}

/** @hono/node-server passes the Node request as env.incoming; server.mjs passes clientIp for Deno and Bun. */
function defaultClientIp(c) {
  return c.env?.incoming?.socket?.remoteAddress ?? c.env?.clientIp ?? 'unknown';
}
