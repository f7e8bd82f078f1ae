// Sign-in: with a username (allowCredentials) or username-less (discoverable credential).
import { generateAuthenticationOptions, verifyAssertion } from 'webauthn-verify';
import { beginCeremony, signIn, takeCeremony } from './cookies.mjs';
import { DemoError, readJsonBody } from './http.mjs';

export function mountSignIn(app, ctx) {
  app.post('/api/login/options', async (c) => {
    const body = await readJsonBody(c.req.raw);
    let userId;
    let allow = [];
    if (body.username !== undefined && body.username !== '') {
      const user = typeof body.username === 'string' ? await ctx.store.getUserByName(body.username) : undefined;
      // A production RP may prefer to return plausible fake options here, so that the endpoint
      // does not reveal which usernames exist. The demo says so plainly.
      if (!user) throw new DemoError(404, 'DEMO_UNKNOWN_USER', 'No such user');
      userId = user.id;
      allow = (await ctx.store.listCredentials(user.id)).map((cr) => ({ id: cr.id, transports: cr.transports }));
    }
    const options = generateAuthenticationOptions({
      rpID: ctx.rpID,
      timeout: ctx.ttl,
      allowCredentials: allow,
      userVerification: ctx.requireUV ? 'required' : 'preferred',
    });
    await beginCeremony(c, ctx, { kind: 'authentication', challenge: options.challenge, userId });
    return c.json(options);
  });

  app.post('/api/login/verify', async (c) => {
    const response = await readJsonBody(c.req.raw);
    const pending = await takeCeremony(c, ctx, 'authentication');
    const cred = await credentialFor(ctx, response, pending);
    const userHandle = response.response?.userHandle;
    const result = await verifyAssertion({
      response,
      expectedChallenge: pending.challenge,
      expectedOrigin: ctx.origin,
      expectedRPID: ctx.rpID,
      credential: { id: cred.id, publicKey: cred.publicKey, counter: cred.counter, backupEligible: cred.backupEligible },
      requireUserVerification: ctx.requireUV,
      // userHandle bound to the account: when the authenticator returns one (always for a
      // discoverable credential, checked above), the library rejects one naming anyone else.
      // A non-discoverable credential may return none: the credential id already named the account.
      ...(typeof userHandle === 'string' && userHandle !== '' ? { expectedUserHandle: cred.userId } : {}),
    });
    // §7.2 step 22 and backup state, by compare-and-set against what was verified: if another
    // sign-in with this credential got there first, nothing is written and this one is refused.
    const won = await ctx.store.recordSignIn(cred.id, {
      previousCounter: result.previousCounter,
      previousBackedUp: cred.backedUp,
      newCounter: result.newCounter,
      backedUp: result.backedUp,
    });
    if (!won) throw new DemoError(409, 'DEMO_CONCURRENT_SIGN_IN', 'This passkey was used by another sign-in at the same moment: try again');
    const user = await ctx.store.getUserById(cred.userId);
    await signIn(c, ctx, cred.userId);
    return c.json({ verified: true, user: { name: user?.name }, credentialId: cred.id, counter: result.newCounter, userVerified: result.userVerified, backedUp: result.backedUp });
  });
}

/** §7.2 steps 5/6: a credential we registered, owned by the user being signed in. */
async function credentialFor(ctx, response, pending) {
  const credId = typeof response.id === 'string' ? response.id : '';
  const cred = credId ? await ctx.store.getCredential(credId) : undefined;
  if (!cred) throw new DemoError(401, 'DEMO_UNKNOWN_CREDENTIAL', 'This passkey is not registered here');
  if (pending.userId !== undefined && cred.userId !== pending.userId) {
    throw new DemoError(401, 'DEMO_CREDENTIAL_NOT_ALLOWED', 'This passkey belongs to another account');
  }
  const userHandle = response.response?.userHandle;
  if (pending.userId === undefined && (typeof userHandle !== 'string' || userHandle === '')) {
    throw new DemoError(401, 'DEMO_USER_HANDLE_MISSING', 'A username-less sign-in needs a discoverable passkey (userHandle)');
  }
  return cred;
}
