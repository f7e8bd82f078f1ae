// Registration: a new account with its first passkey, or another passkey for the signed-in account.
import { generateRegistrationOptions, verifyRegistration } from 'webauthn-verify';
import { base64urlToBytes } from './b64.mjs';
import { beginCeremony, signIn, takeCeremony } from './cookies.mjs';
import { DemoError, json, publicView, readJsonBody } from './http.mjs';

const USERNAME = /^[A-Za-z0-9._@+-]{1,64}$/;

export function mountRegistration(app, ctx) {
  app.post('/api/register/options', async (c) => {
    const s = c.get('session');
    const body = await readJsonBody(c.req.raw);
    const who = s ? await signedInUser(ctx, s) : await newAccount(ctx, body);
    const existing = who.newAccount ? [] : await ctx.store.listCredentials(who.user.id);
    const options = generateRegistrationOptions({
      rpName: ctx.rpName,
      rpID: ctx.rpID,
      userName: who.user.name,
      userDisplayName: who.user.displayName,
      ...(who.newAccount ? {} : { userID: base64urlToBytes(who.user.id) }),
      timeout: ctx.ttl,
      attestationType: 'direct',
      // Do not let the same authenticator register twice for this account.
      excludeCredentials: existing.map((cr) => ({ id: cr.id, transports: cr.transports })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: ctx.requireUV ? 'required' : 'preferred' },
      extensions: { credProps: true },
    });
    await beginCeremony(c, ctx, {
      kind: 'registration',
      challenge: options.challenge,
      userId: options.user.id,
      userName: who.user.name,
      displayName: who.user.displayName,
      newAccount: who.newAccount,
      sessionId: s?.id,
    });
    return c.json(options);
  });

  app.post('/api/register/verify', async (c) => {
    const s = c.get('session');
    const response = await readJsonBody(c.req.raw);
    const pending = await takeCeremony(c, ctx, 'registration');
    if (!pending.newAccount && (s?.id !== pending.sessionId || s?.userId !== pending.userId)) {
      throw new DemoError(401, 'DEMO_NOT_SIGNED_IN', 'The session changed during registration');
    }
    const result = await verifyRegistration({
      response,
      expectedChallenge: pending.challenge,
      expectedOrigin: ctx.origin,
      expectedRPID: ctx.rpID,
      requireUserVerification: ctx.requireUV,
    });
    const stored = toStoredCredential(result, pending.userId);
    // The account and its first passkey are written in one transaction: a username taken
    // meanwhile, or a credential id already registered (L3 §7.1 step 26), writes nothing.
    if (pending.newAccount) {
      await ctx.store.createUser({ id: pending.userId, name: pending.userName, displayName: pending.displayName }, stored);
      await signIn(c, ctx, pending.userId);
    } else {
      await ctx.store.addCredential(stored);
    }
    const saved = await ctx.store.getCredential(stored.id);
    const { fmt, type, trusted } = result.attestation;
    return json(c, 200, { verified: true, credential: publicView(saved ?? stored, ctx.nameOf), attestation: { fmt, type, trusted } });
  });
}

async function signedInUser(ctx, session) {
  const user = await ctx.store.getUserById(session.userId);
  if (!user) throw new DemoError(401, 'DEMO_NOT_SIGNED_IN', 'Sign in first');
  return { user, newAccount: false };
}

async function newAccount(ctx, body) {
  const name = body.username;
  if (typeof name !== 'string' || !USERNAME.test(name)) {
    throw new DemoError(400, 'DEMO_USERNAME_INVALID', 'Username: 1-64 letters, digits or ._@+-');
  }
  const displayName = typeof body.displayName === 'string' && body.displayName !== '' ? body.displayName.slice(0, 64) : name;
  // An early, friendly answer; the UNIQUE constraint is what decides (two sign-ups may race here).
  if (await ctx.store.getUserByName(name)) throw new DemoError(409, 'DEMO_USERNAME_TAKEN', 'That username is taken');
  // The user handle is random bytes, never the username or an email (L3 §14.6.1: it must not
  // contain PII). The account is only created once a passkey has been verified.
  return { user: { id: '', name, displayName }, newAccount: true };
}

/** @returns {import('./store.mjs').StoredCredential} */
function toStoredCredential(result, userId) {
  const cred = result.credential;
  return {
    id: cred.id,
    userId,
    publicKey: cred.publicKey,
    algorithm: cred.algorithm,
    counter: cred.counter,
    transports: Array.isArray(cred.transports) ? cred.transports : [],
    backupEligible: cred.backupEligible,
    backedUp: cred.backedUp,
    aaguid: cred.aaguid,
    fmt: result.attestation.fmt,
    attestationType: result.attestation.type,
    userVerified: result.userVerified,
  };
}
