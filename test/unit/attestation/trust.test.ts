import { beforeAll, describe, expect, it } from 'vitest';
import { parseX5c, validateAttestationChain } from '../../../src/attestation/trust.js';
import { createAttestationChain, type TestAttestationChain } from '../../../src/testing/certificates.js';
import { parseTrustAnchors } from '../../../src/x509/pem.js';
import { buildAuthData, ecCredential, makeContext } from '../../helpers/attestation-context.js';

describe('parseX5c', () => {
  let chain: TestAttestationChain;
  beforeAll(async () => {
    chain = await createAttestationChain();
  });

  it('parses a non-empty array of DER certificates, leaf first', () => {
    const parsed = parseX5c([...chain.x5c]);
    expect(parsed.map((c) => c.der)).toEqual([...chain.x5c]);
  });

  it('wrong shapes → ERR_ATTESTATION_STATEMENT_INVALID; over the cap → ERR_X509_TOO_MANY_CERTIFICATES', () => {
    for (const bad of [undefined, null, 'x', [], {}, [new Uint8Array()], [42], [chain.x5c[0], 'x']]) {
      expect(() => parseX5c(bad)).toThrow(expect.objectContaining({ code: 'ERR_ATTESTATION_STATEMENT_INVALID' }));
    }
    expect(() => parseX5c(Array.from({ length: 9 }, () => chain.x5c[0]))).toThrow(
      expect.objectContaining({ code: 'ERR_X509_TOO_MANY_CERTIFICATES' }),
    );
    expect(() => parseX5c([new Uint8Array([0x30, 0x00])])).toThrow(expect.objectContaining({ code: 'ERR_X509_MALFORMED' }));
  });
});

describe('validateAttestationChain', () => {
  it('with anchors: true, or throws; without anchors: checks dates and signatures, returns false', async () => {
    const chain = await createAttestationChain();
    const x5c = parseX5c([...chain.x5c]);
    const credentialKey = (await ecCredential()).coseKey;
    const base = makeContext({ authData: buildAuthData(), credentialKey });
    expect(await validateAttestationChain(x5c, base)).toBe(false);
    expect(await validateAttestationChain(x5c, { ...base, trustAnchors: parseTrustAnchors(chain.anchorsPem) })).toBe(true);
    await expect(validateAttestationChain(x5c, { ...base, trustAnchors: [] })).rejects.toMatchObject({ code: 'ERR_X509_UNTRUSTED' });
    const later = { ...base, now: new Date(Date.now() + 2 * 365 * 86_400_000) };
    await expect(validateAttestationChain(x5c, later)).rejects.toMatchObject({ code: 'ERR_X509_EXPIRED' });
    await expect(validateAttestationChain([x5c[1]!, x5c[0]!], base)).rejects.toMatchObject({ code: 'ERR_X509_CHAIN_BROKEN' });
    await expect(validateAttestationChain([x5c[0]!, x5c[0]!], base)).rejects.toMatchObject({ code: 'ERR_X509_CHAIN_BROKEN' });
  });
});
