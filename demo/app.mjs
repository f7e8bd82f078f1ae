// The demo relying party as a Hono app: web-standard Request -> Response handlers, so the same
// `app.fetch` runs under Node (@hono/node-server), Deno (Deno.serve) and Bun (Bun.serve).
// demo/server.mjs picks the runtime; this file holds every server-side rule worth copying.
import { Hono } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  isWebAuthnError,
  verifyAssertion,
  verifyRegistration,
} from 'webauthn-verify';
import { CeremonyError, Sessions } from './ceremonies.mjs';
import { StoreConflictError } from './store.mjs';
import { base64urlToBytes, bytesToBase64url } from './b64.mjs';

const MAX_BODY_BYTES = 64 * 1024; // a registration response with a certificate chain is a few KB
const USERNAME = /^[A-Za-z0-9._@+-]{1,64}$/;

class DemoError extends Error {
  /** @param {number} status @param {string} code @param {string} message */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * @param {object} config
 * @param {import('./store.mjs').Store} config.store
 * @param {string} config.rpID                 'localhost'
 * @param {string} config.origin               'http://localhost:8080' (exact match, §7.1 step 9)
 * @param {string} [config.rpName]
 * @param {boolean} [config.requireUserVerification]  default false: security keys without a PIN work
 * @param {number} [config.challengeTtlMs]     default 300000 (= the options timeout)
 * @param {Record<string, string>} [config.staticFiles]  path -> { type, body }
 * @param {() => number} [config.now]
 */
export function createApp(config) {
  const { store, rpID, origin } = config;
  const rpName = config.rpName ?? 'webauthn-verify demo';
  const requireUV = config.requireUserVerification ?? false;
  const ttl = config.challengeTtlMs ?? 300_000;
  const sessions = new Sessions({ now: config.now });
  const secureCookie = origin.startsWith('https://');
  const app = new Hono();

  // ---- plumbing: security headers, CSRF origin check, sessions, error mapping
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'");
    c.header('Cache-Control', 'no-store');
  });

  app.use('/api/*', async (c, next) => {
    // State-changing calls must come from our own page: the Origin header is set by browsers on
    // every POST/DELETE and cannot be forged by another site (the session cookie is also SameSite=Strict).
    if (c.req.method !== 'GET' && c.req.header('origin') !== origin) {
      throw new DemoError(403, 'DEMO_BAD_REQUEST_ORIGIN', 'Request origin is not this site');
    }
    let session = sessions.get(getCookie(c, 'sid'));
    if (!session) session = sessions.create();
    c.set('session', session);
    await next();
    const current = c.get('session');
    if (current) setCookie(c, 'sid', current.id, { httpOnly: true, sameSite: 'Strict', path: '/', secure: secureCookie });
    else deleteCookie(c, 'sid', { path: '/' });
  });

  app.onError((err, c) => {
    if (isWebAuthnError(err)) {
      // The library's verdict: a stable code the page shows, with the evidence in details.
      return json(c, 400, { error: { code: err.code, message: err.message, details: err.details ?? null } });
    }
    if (err instanceof DemoError) return json(c, err.status, { error: { code: err.code, message: err.message } });
    if (err instanceof CeremonyError) return json(c, 400, { error: { code: err.code, message: err.message } });
    if (err instanceof StoreConflictError) return json(c, 409, { error: { code: err.code, message: err.message } });
    console.error(err);
    return json(c, 500, { error: { code: 'DEMO_INTERNAL', message: 'Internal error' } });
  });

  // ---- static page
  for (const [path, file] of Object.entries(config.staticFiles ?? {})) {
    app.get(path, (c) => c.body(file.body, 200, { 'Content-Type': file.type }));
  }

  // ---- who am I
  app.get('/api/me', async (c) => {
    const s = c.get('session');
    if (!s.userId) return c.json({ user: null, credentials: [] });
    const user = await store.getUserById(s.userId);
    if (!user) return c.json({ user: null, credentials: [] });
    const creds = await store.listCredentials(user.id);
    return c.json({ user: { name: user.name, displayName: user.displayName }, credentials: creds.map(publicView) });
  });

  // ---- registration: new account, or another passkey for the signed-in account
  app.post('/api/register/options', async (c) => {
    const s = c.get('session');
    const body = await readJson(c);
    let user;
    let newAccount = false;
    if (s.userId) {
      user = await store.getUserById(s.userId);
      if (!user) throw new DemoError(401, 'DEMO_NOT_SIGNED_IN', 'Sign in first');
    } else {
      const name = body.username;
      if (typeof name !== 'string' || !USERNAME.test(name)) {
        throw new DemoError(400, 'DEMO_USERNAME_INVALID', 'Username: 1-64 letters, digits or ._@+-');
      }
      const displayName = typeof body.displayName === 'string' ? body.displayName.slice(0, 64) : name;
      if (await store.getUserByName(name)) throw new DemoError(409, 'DEMO_USERNAME_TAKEN', 'That username is taken');
      // The user handle is random bytes, never the username or an email (L3 §14.6.1: it must not
      // contain PII). The account is only created once a passkey has been verified.
      user = { id: '', name, displayName };
      newAccount = true;
    }
    const existing = newAccount ? [] : await store.listCredentials(user.id);
    const options = generateRegistrationOptions({
      rpName,
      rpID,
      userName: user.name,
      userDisplayName: user.displayName,
      ...(newAccount ? {} : { userID: base64urlToBytes(user.id) }),
      timeout: ttl,
      attestationType: 'direct',
      // Do not let the same authenticator register twice for this account.
      excludeCredentials: existing.map((cr) => ({ id: cr.id, transports: cr.transports })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: requireUV ? 'required' : 'preferred' },
      extensions: { credProps: true },
    });
    sessions.begin(s, {
      kind: 'registration',
      challenge: options.challenge,
      userId: options.user.id,
      userName: user.name,
      displayName: user.displayName,
      newAccount,
    }, ttl);
    return c.json(options);
  });

  app.post('/api/register/verify', async (c) => {
    const s = c.get('session');
    const response = await readJson(c);
    const pending = sessions.take(s, 'registration'); // single use, even if verification fails
    if (!pending.newAccount && s.userId !== pending.userId) {
      throw new DemoError(401, 'DEMO_NOT_SIGNED_IN', 'The session changed during registration');
    }
    const result = await verifyRegistration({
      response,
      expectedChallenge: pending.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: requireUV,
    });
    const now = new Date().toISOString();
    const cred = result.credential;
    /** @type {import('./store.mjs').StoredCredential} */
    const stored = {
      id: cred.id,
      userId: pending.userId,
      publicKey: bytesToBase64url(cred.publicKey),
      algorithm: cred.algorithm,
      counter: cred.counter,
      transports: Array.isArray(cred.transports) ? cred.transports : [],
      backupEligible: cred.backupEligible,
      backedUp: cred.backedUp,
      aaguid: cred.aaguid,
      fmt: result.attestation.fmt,
      attestationType: result.attestation.type,
      userVerified: result.userVerified,
      createdAt: now,
      lastUsedAt: null,
    };
    if (pending.newAccount) {
      await store.createUser({ id: pending.userId, name: pending.userName, displayName: pending.displayName, createdAt: now }, stored);
      c.set('session', sessions.rotate(s, pending.userId));
    } else {
      await store.addCredential(stored);
    }
    return c.json({ verified: true, credential: publicView(stored), attestation: { fmt: result.attestation.fmt, type: result.attestation.type, trusted: result.attestation.trusted } });
  });

  // ---- sign-in: with a username (allowCredentials) or username-less (discoverable credential)
  app.post('/api/login/options', async (c) => {
    const s = c.get('session');
    const body = await readJson(c);
    let userId;
    let allow = [];
    if (body.username !== undefined && body.username !== '') {
      const user = typeof body.username === 'string' ? await store.getUserByName(body.username) : undefined;
      // A production RP may prefer to return plausible fake options here, so that the endpoint
      // does not reveal which usernames exist. The demo says so plainly.
      if (!user) throw new DemoError(404, 'DEMO_UNKNOWN_USER', 'No such user');
      userId = user.id;
      allow = (await store.listCredentials(user.id)).map((cr) => ({ id: cr.id, transports: cr.transports }));
    }
    const options = generateAuthenticationOptions({
      rpID,
      timeout: ttl,
      allowCredentials: allow,
      userVerification: requireUV ? 'required' : 'preferred',
    });
    sessions.begin(s, { kind: 'authentication', challenge: options.challenge, userId }, ttl);
    return c.json(options);
  });

  app.post('/api/login/verify', async (c) => {
    const s = c.get('session');
    const response = await readJson(c);
    const pending = sessions.take(s, 'authentication');
    const credId = typeof response.id === 'string' ? response.id : '';
    const cred = credId ? await store.getCredential(credId) : undefined;
    // §7.2 step 5/6: the credential must be one we registered, and belong to the user being
    // signed in: the named user, or (username-less) the account its userHandle names.
    if (!cred) throw new DemoError(401, 'DEMO_UNKNOWN_CREDENTIAL', 'This passkey is not registered here');
    if (pending.userId !== undefined && cred.userId !== pending.userId) {
      throw new DemoError(401, 'DEMO_CREDENTIAL_NOT_ALLOWED', 'This passkey belongs to another account');
    }
    const userHandle = response.response?.userHandle;
    if (pending.userId === undefined && (typeof userHandle !== 'string' || userHandle === '')) {
      throw new DemoError(401, 'DEMO_USER_HANDLE_MISSING', 'A username-less sign-in needs a discoverable passkey (userHandle)');
    }
    const result = await verifyAssertion({
      response,
      expectedChallenge: pending.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: { id: cred.id, publicKey: base64urlToBytes(cred.publicKey), counter: cred.counter },
      requireUserVerification: requireUV,
      // userHandle bound to the account: when the authenticator returns one (always for a
      // discoverable credential, checked above), the library rejects one naming anyone else.
      // A non-discoverable credential may return none: the credential id already named the account.
      ...(typeof userHandle === 'string' && userHandle !== '' ? { expectedUserHandle: cred.userId } : {}),
    });
    // §7.2 step 22 and backup state: store the new counter and the current BS flag on every sign-in.
    await store.updateCredential(cred.id, {
      counter: result.newCounter,
      backedUp: result.backedUp,
      lastUsedAt: new Date().toISOString(),
    });
    const user = await store.getUserById(cred.userId);
    c.set('session', sessions.rotate(s, cred.userId));
    return c.json({ verified: true, user: { name: user?.name }, credentialId: cred.id, counter: result.newCounter, userVerified: result.userVerified, backedUp: result.backedUp });
  });

  // ---- manage passkeys
  app.delete('/api/credentials/:id', async (c) => {
    const s = c.get('session');
    if (!s.userId) throw new DemoError(401, 'DEMO_NOT_SIGNED_IN', 'Sign in first');
    const mine = await store.listCredentials(s.userId);
    const id = c.req.param('id');
    if (!mine.some((cr) => cr.id === id)) throw new DemoError(404, 'DEMO_UNKNOWN_CREDENTIAL', 'No such passkey on this account');
    // Removing the last passkey would lock the account out (the demo has no other sign-in method).
    if (mine.length === 1) throw new DemoError(409, 'DEMO_LAST_CREDENTIAL', 'Cannot remove the only passkey of an account');
    await store.removeCredential(s.userId, id);
    return c.json({ removed: id });
  });

  app.post('/api/logout', (c) => {
    sessions.destroy(c.get('session'));
    c.set('session', null);
    return c.json({ ok: true });
  });

  return app;
}

/** What the page may see of a stored credential (no public key bytes, no owner handle). */
function publicView(cr) {
  return {
    id: cr.id,
    algorithm: cr.algorithm,
    counter: cr.counter,
    transports: cr.transports,
    backupEligible: cr.backupEligible,
    backedUp: cr.backedUp,
    aaguid: cr.aaguid,
    fmt: cr.fmt,
    attestationType: cr.attestationType,
    createdAt: cr.createdAt,
    lastUsedAt: cr.lastUsedAt,
  };
}

async function readJson(c) {
  if (!(c.req.header('content-type') ?? '').startsWith('application/json')) {
    throw new DemoError(415, 'DEMO_BAD_REQUEST', 'Expected application/json');
  }
  const text = await c.req.text();
  if (text.length > MAX_BODY_BYTES) throw new DemoError(413, 'DEMO_BAD_REQUEST', 'Request body too large');
  try {
    const value = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value;
  } catch {
    throw new DemoError(400, 'DEMO_BAD_REQUEST', 'Body must be a JSON object');
  }
}

function json(c, status, value) {
  const text = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? bytesToBase64url(v) : v));
  return c.body(text, status, { 'Content-Type': 'application/json' });
}
