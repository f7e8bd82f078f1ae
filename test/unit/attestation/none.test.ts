import { describe, expect, it } from 'vitest';
import { verifyNone } from '../../../src/attestation/none.js';
import type { CborMap, CborValue } from '../../../src/cbor/decode.js';
import { buildAuthData, ecCredential, makeContext, vectorContext } from '../../helpers/attestation-context.js';
import { loadWebAuthnVectors } from '../../helpers/fixtures.js';

describe('none (§8.7)', () => {
  it('an empty map → type none, empty trust path, untrusted', async () => {
    const ctx = makeContext({ authData: buildAuthData(), credentialKey: (await ecCredential()).coseKey });
    await expect(verifyNone(new Map(), ctx)).resolves.toEqual({ fmt: 'none', type: 'none', trustPath: [], trusted: false });
  });

  it('any member (e.g. a relabelled packed statement) → ERR_ATTESTATION_STATEMENT_INVALID', async () => {
    const ctx = makeContext({ authData: buildAuthData(), credentialKey: (await ecCredential()).coseKey });
    const relabelled: CborMap = new Map<string, CborValue>([['alg', -7], ['sig', new Uint8Array(70)]]);
    await expect(verifyNone(relabelled, ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_STATEMENT_INVALID' });
    await expect(verifyNone(new Map([[1, 1]]), ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_STATEMENT_INVALID' });
    await expect(verifyNone(null as unknown as CborMap, ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_STATEMENT_INVALID' });
  });
});

describe('none: shared registration vectors (statement level)', () => {
  for (const c of loadWebAuthnVectors().filter((v) => v.ceremony === 'registration')) {
    if (vectorContext(c).fmt !== 'none') continue;
    // verified:false none cases fail at the ceremony level (challenge, origin, rpId), never in the statement.
    it(`${c.id} verifies at statement level`, async () => {
      const { attStmt, ctx } = vectorContext(c);
      await expect(verifyNone(attStmt, ctx)).resolves.toMatchObject({ type: 'none', trusted: false });
    });
  }
});
