import { createHash, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAttestationChain } from '../../../src/testing/certificates.js';
import { parseTrustAnchors } from '../../../src/x509/pem.js';
import { verifyAndroidSafetyNet } from '../../../src/attestation/android-safetynet/android-safetynet.js';
import type { CborMap } from '../../../src/cbor/decode.js';
import { DEFAULT_POLICY, registrationCases, vectorAttestation, withField } from '../../helpers/attestation-vectors.js';

const GOOD = 'swa-android-safetynet-2019-reg';
const CTS_FALSE = 'swa-android-safetynet-cts-false-reg';

function load(id: string) {
  const c = registrationCases('android-safetynet').find((x) => x.id === id);
  if (!c) throw new Error(`missing vector ${id}`);
  return vectorAttestation(c);
}
const text = (m: CborMap) => new TextDecoder().decode(m.get('response') as Uint8Array);
const enc = (s: string) => new TextEncoder().encode(s);
function parts(m: CborMap) {
  const [h, p, s] = text(m).split('.') as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>,
    h,
    p,
    s,
  };
}
/** Re-assembles the JWS with a new header and/or payload (the original signature is kept, so it no longer verifies). */
function rebuild(m: CborMap, header?: Record<string, unknown>, payload?: Record<string, unknown>): CborMap {
  const j = parts(m);
  const h = header ? Buffer.from(JSON.stringify(header)).toString('base64url') : j.h;
  const p = payload ? Buffer.from(JSON.stringify(payload)).toString('base64url') : j.p;
  return withField(m, 'response', enc(`${h}.${p}.${j.s}`));
}

describe('android-safetynet: real vectors', () => {
  for (const c of registrationCases('android-safetynet')) {
    it(`${c.id} → ${c.result.verified ? 'verified' : 'rejected'}`, async () => {
      const { attStmt, ctx } = vectorAttestation(c);
      if (c.result.verified) {
        const r = await verifyAndroidSafetyNet(attStmt, ctx);
        expect(r).toMatchObject({ fmt: 'android-safetynet', type: 'basic', trusted: c.trustAnchors !== undefined });
        expect(r.trustPath.length).toBe((parts(attStmt).header.x5c as unknown[]).length);
      } else {
        await expect(verifyAndroidSafetyNet(attStmt, ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_SAFETYNET_CTS_PROFILE' });
      }
    });
  }

  it('the chain must reach the configured roots', async () => {
    const { attStmt, ctx } = load(GOOD);
    const { ctx: apple } = vectorAttestation(registrationCases('apple').find((c) => c.id === 'swa-apple-iphone-reg')!);
    await expect(verifyAndroidSafetyNet(attStmt, { ...ctx, trustAnchors: apple.trustAnchors })).rejects.toMatchObject({
      code: expect.stringMatching(/^ERR_X509_/),
    });
  });
});

describe('android-safetynet: generated faults (SECURITY-CHECKLIST android-safetynet items)', () => {
  it('empty or missing ver → ERR_ATTESTATION_STATEMENT_INVALID', async () => {
    const { attStmt, ctx } = load(GOOD);
    for (const v of ['', undefined, 17]) {
      await expect(verifyAndroidSafetyNet(withField(attStmt, 'ver', v), ctx)).rejects.toMatchObject({
        code: 'ERR_ATTESTATION_STATEMENT_INVALID',
      });
    }
  });

  it('empty, missing or text response → ERR_ATTESTATION_STATEMENT_INVALID; unknown key rejected', async () => {
    const { attStmt, ctx } = load(GOOD);
    for (const v of [new Uint8Array(), undefined, text(attStmt)]) {
      await expect(verifyAndroidSafetyNet(withField(attStmt, 'response', v), ctx)).rejects.toMatchObject({
        code: 'ERR_ATTESTATION_STATEMENT_INVALID',
      });
    }
    await expect(verifyAndroidSafetyNet(withField(attStmt, 'alg', -7), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_STATEMENT_INVALID',
    });
  });

  it('empty or missing x5c in the JWS header → ERR_ATTESTATION_SAFETYNET_JWS_INVALID', async () => {
    const { attStmt, ctx } = load(GOOD);
    const { header } = parts(attStmt);
    await expect(verifyAndroidSafetyNet(rebuild(attStmt, { ...header, x5c: [] }), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_SAFETYNET_JWS_INVALID',
    });
    await expect(verifyAndroidSafetyNet(rebuild(attStmt, { alg: header.alg }), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_SAFETYNET_JWS_INVALID',
    });
  });

  it('unsupported JWS alg → ERR_ATTESTATION_SAFETYNET_JWS_INVALID; alg of the wrong key type → ALG_MISMATCH', async () => {
    const { attStmt, ctx } = load(GOOD);
    const { header } = parts(attStmt);
    await expect(verifyAndroidSafetyNet(rebuild(attStmt, { ...header, alg: 'HS256' }), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_SAFETYNET_JWS_INVALID',
    });
    await expect(verifyAndroidSafetyNet(rebuild(attStmt, { ...header, alg: 'ES256' }), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_ALG_MISMATCH',
    });
  });

  it('nonce ≠ base64(SHA-256(authData ‖ clientDataHash)) → ERR_ATTESTATION_SAFETYNET_NONCE_MISMATCH', async () => {
    const { attStmt, ctx } = load(GOOD);
    const other = ctx.clientDataHash.slice();
    other[0] ^= 0x01;
    await expect(verifyAndroidSafetyNet(attStmt, { ...ctx, clientDataHash: other })).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_SAFETYNET_NONCE_MISMATCH',
    });
    const { payload } = parts(attStmt);
    await expect(verifyAndroidSafetyNet(rebuild(attStmt, undefined, { ...payload, nonce: undefined }), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_SAFETYNET_NONCE_MISMATCH',
    });
  });

  it('ctsProfileMatch false or not a boolean → ERR_ATTESTATION_SAFETYNET_CTS_PROFILE', async () => {
    const { attStmt, ctx } = load(GOOD);
    const { payload } = parts(attStmt);
    for (const v of [false, 'true', 1, undefined]) {
      await expect(verifyAndroidSafetyNet(rebuild(attStmt, undefined, { ...payload, ctsProfileMatch: v }), ctx)).rejects.toMatchObject({
        code: 'ERR_ATTESTATION_SAFETYNET_CTS_PROFILE',
      });
    }
  });

  it('timestampMs in the future → ERR_ATTESTATION_SAFETYNET_TIMESTAMP_FUTURE (no skew allowed)', async () => {
    const { attStmt, ctx } = load(GOOD);
    const ts = parts(attStmt).payload.timestampMs as number;
    await expect(verifyAndroidSafetyNet(attStmt, { ...ctx, now: new Date(ts - 1) })).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_SAFETYNET_TIMESTAMP_FUTURE',
    });
    // Exactly at the timestamp is fine.
    await expect(verifyAndroidSafetyNet(attStmt, { ...ctx, now: new Date(ts) })).resolves.toMatchObject({ type: 'basic' });
  });

  it('timestampMs older than policy.safetyNetMaxAgeMs → ERR_ATTESTATION_SAFETYNET_TIMESTAMP_STALE', async () => {
    const { attStmt, ctx } = load(GOOD);
    const ts = parts(attStmt).payload.timestampMs as number;
    await expect(verifyAndroidSafetyNet(attStmt, { ...ctx, now: new Date(ts + 60_001) })).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_SAFETYNET_TIMESTAMP_STALE',
    });
    await expect(verifyAndroidSafetyNet(attStmt, { ...ctx, now: new Date(ts + 60_000) })).resolves.toMatchObject({ type: 'basic' });
    await expect(
      verifyAndroidSafetyNet(attStmt, { ...ctx, now: new Date(ts + 5_000), policy: { ...DEFAULT_POLICY, safetyNetMaxAgeMs: 4_999 } }),
    ).rejects.toMatchObject({ code: 'ERR_ATTESTATION_SAFETYNET_TIMESTAMP_STALE' });
  });

  it('timestampMs missing or not an integer → ERR_ATTESTATION_SAFETYNET_JWS_INVALID', async () => {
    const { attStmt, ctx } = load(GOOD);
    const { payload } = parts(attStmt);
    for (const v of [undefined, '1565424263773', 1.5, -1]) {
      await expect(verifyAndroidSafetyNet(rebuild(attStmt, undefined, { ...payload, timestampMs: v }), ctx)).rejects.toMatchObject({
        code: 'ERR_ATTESTATION_SAFETYNET_JWS_INVALID',
      });
    }
  });

  it('leaf not issued to attest.android.com → ERR_ATTESTATION_SAFETYNET_HOSTNAME', async () => {
    const { attStmt, ctx } = load(GOOD);
    const { header } = parts(attStmt);
    const chain = header.x5c as string[];
    const leaf = Buffer.from(chain[0]!, 'base64');
    const at = leaf.indexOf('attest.android.com');
    expect(at).toBeGreaterThan(0);
    // Change every occurrence (CN and SAN) of the hostname; the JWS signature no longer matters,
    // the hostname check runs first.
    const patched = Buffer.from(leaf.toString('latin1').split('attest.android.com').join('attest.android.con'), 'latin1');
    await expect(
      verifyAndroidSafetyNet(rebuild(attStmt, { ...header, x5c: [patched.toString('base64'), ...chain.slice(1)] }), ctx),
    ).rejects.toMatchObject({ code: 'ERR_ATTESTATION_SAFETYNET_HOSTNAME' });
  });

  it('JWS signature changed → ERR_ATTESTATION_SIGNATURE_INVALID', async () => {
    const { attStmt, ctx } = load(GOOD);
    const j = parts(attStmt);
    const sig = Buffer.from(j.s, 'base64url');
    sig[5] ^= 0x01;
    const tampered = withField(attStmt, 'response', enc(`${j.h}.${j.p}.${sig.toString('base64url')}`));
    await expect(verifyAndroidSafetyNet(tampered, ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_SIGNATURE_INVALID' });
  });

  it('payload changed (signed content) → ERR_ATTESTATION_SIGNATURE_INVALID', async () => {
    const { attStmt, ctx } = load(GOOD);
    const { payload } = parts(attStmt);
    await expect(verifyAndroidSafetyNet(rebuild(attStmt, undefined, { ...payload, extra: 1 }), ctx)).rejects.toMatchObject({
      code: 'ERR_ATTESTATION_SIGNATURE_INVALID',
    });
  });

  it('cts-false vector: hostname and nonce pass, rejected for ctsProfileMatch only', async () => {
    const { attStmt, ctx } = load(CTS_FALSE);
    expect(parts(attStmt).header.alg).toBe('RS256');
    await expect(verifyAndroidSafetyNet(attStmt, ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_SAFETYNET_CTS_PROFILE' });
  });
});

describe('android-safetynet: generated ES256 response (JWS r‖s signatures)', () => {
  async function es256Statement(mutate?: (sig: Uint8Array) => Uint8Array) {
    const { ctx } = load(GOOD);
    const now = new Date();
    const chain = await createAttestationChain({ now, leafKeyAlg: 'ES256', leafSubject: [['CN', 'attest.android.com']] });
    const nonce = createHash('sha256').update(ctx.authData).update(ctx.clientDataHash).digest('base64');
    const header = { alg: 'ES256', x5c: chain.x5c.map((d) => Buffer.from(d).toString('base64')) };
    const payload = { nonce, timestampMs: now.getTime() - 1000, ctsProfileMatch: true, basicIntegrity: true };
    const h = Buffer.from(JSON.stringify(header)).toString('base64url');
    const p = Buffer.from(JSON.stringify(payload)).toString('base64url');
    let sig: Uint8Array = new Uint8Array(
      await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, chain.leaf.privateKey, Buffer.from(`${h}.${p}`)),
    );
    if (mutate) sig = mutate(sig);
    const attStmt = new Map<string, unknown>([
      ['ver', '1'],
      ['response', enc(`${h}.${p}.${Buffer.from(sig).toString('base64url')}`)],
    ]) as CborMap;
    return { attStmt, ctx: { ...ctx, now, trustAnchors: parseTrustAnchors([...chain.anchorsPem]) } };
  }

  it('verifies and is trusted to the generated root', async () => {
    const { attStmt, ctx } = await es256Statement();
    await expect(verifyAndroidSafetyNet(attStmt, ctx)).resolves.toMatchObject({ type: 'basic', trusted: true });
  });

  it('a DER (not r‖s) or wrong-length signature → ERR_ATTESTATION_SIGNATURE_INVALID', async () => {
    const short = await es256Statement((s) => s.subarray(0, 63));
    await expect(verifyAndroidSafetyNet(short.attStmt, short.ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_SIGNATURE_INVALID' });
    const flipped = await es256Statement((s) => {
      const c = s.slice();
      c[40] ^= 1;
      return c;
    });
    await expect(verifyAndroidSafetyNet(flipped.attStmt, flipped.ctx)).rejects.toMatchObject({ code: 'ERR_ATTESTATION_SIGNATURE_INVALID' });
  });
});
