import { X509Certificate, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GOOGLE_HARDWARE_ATTESTATION_ROOT_2016,
  GOOGLE_HARDWARE_ATTESTATION_ROOT_2019,
  GOOGLE_HARDWARE_ATTESTATION_ROOT_2021,
  GOOGLE_HARDWARE_ATTESTATION_ROOT_2022,
  GOOGLE_KEY_ATTESTATION_CA1,
  KNOWN_ROOTS,
} from '../../../src/x509/roots.js';
import { verifyAndroidKey } from '../../../src/attestation/android-key/android-key.js';
import { parseTrustAnchors } from '../../../src/x509/pem.js';
import { vectorAttestation } from '../../helpers/attestation-vectors.js';
import { fixturePath, loadWebAuthnVectors, readFixtureJson } from '../../helpers/fixtures.js';

const SHORT: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber',
};

describe('known roots', () => {
  it('lists each root once, frozen', () => {
    expect(KNOWN_ROOTS.length).toBe(8);
    expect(new Set(KNOWN_ROOTS.map((r) => r.sha256Fingerprint)).size).toBe(KNOWN_ROOTS.length);
    for (const r of KNOWN_ROOTS) {
      expect(Object.isFrozen(r)).toBe(true);
      expect(Object.isFrozen(r.formats)).toBe(true);
    }
    expect(Object.isFrozen(KNOWN_ROOTS)).toBe(true);
  });

  for (const r of KNOWN_ROOTS) {
    it(`${r.name}: parses, fingerprint, subject and expiry match the record`, () => {
      const [cert] = parseTrustAnchors([r.pem]);
      expect(cert).toBeDefined();
      const der = Buffer.from(r.pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
      expect(createHash('sha256').update(der).digest('hex')).toBe(r.sha256Fingerprint);
      expect(cert!.fingerprintSha256).toBe(r.sha256Fingerprint);
      const subject = cert!.subject.map((a) => `${SHORT[a.oid] ?? a.oid}=${a.value}`).join(', ');
      expect(subject).toBe(r.subject);
      expect(cert!.notAfter.toISOString().replace('.000', '')).toBe(r.notAfter);
      expect(cert!.basicConstraints?.ca).toBe(true);
      expect(r.source).toMatch(/^https:\/\//);
    });
  }
});

describe('Google root re-issues', () => {
  // Their authenticity rests on the 2016 root, whose fingerprint matches Google's page: the same
  // subject and key, and a self-signature only Google's root key can make. Checked with node:crypto,
  // independently of our X.509 code.
  const original = new X509Certificate(GOOGLE_HARDWARE_ATTESTATION_ROOT_2016.pem);
  const spki = (c: X509Certificate) => c.publicKey.export({ type: 'spki', format: 'der' });
  it.each([GOOGLE_HARDWARE_ATTESTATION_ROOT_2019, GOOGLE_HARDWARE_ATTESTATION_ROOT_2021, GOOGLE_HARDWARE_ATTESTATION_ROOT_2022])('$name: same subject and key as 2016, self-signed with it', (r) => {
    const c = new X509Certificate(r.pem);
    expect(c.subject).toBe(original.subject);
    expect(spki(c).equals(spki(original))).toBe(true);
    expect(c.verify(original.publicKey)).toBe(true);
    expect(c.raw.equals(original.raw)).toBe(false);
  });
});

describe('Google root re-issues on a real Android chain', () => {
  // The Galaxy S9 response's x5c ends in the 2016 root certificate (expired 2026-05-24). With only a
  // re-issue configured, the path ends at that anchor (same subject and key, RFC 5280 §6.1.1 d).
  const galaxy = loadWebAuthnVectors().find((c) => c.id === 'swa-android-key-galaxy-s9-reg');
  it('validates against the 2019 or 2021 issue alone; not against an unrelated root', async () => {
    expect(galaxy).toBeDefined();
    for (const r of [GOOGLE_HARDWARE_ATTESTATION_ROOT_2019, GOOGLE_HARDWARE_ATTESTATION_ROOT_2021]) {
      const { attStmt, ctx } = vectorAttestation(galaxy!, { trustAnchors: parseTrustAnchors([r.pem]) });
      expect((await verifyAndroidKey(attStmt, ctx)).trusted).toBe(true);
    }
    // After the 2016 certificate expired (its chain's other certificates run to 2029): the expired
    // issue alone is refused, a current issue validates the same x5c.
    const later = new Date('2027-01-01T00:00:00Z');
    const old = vectorAttestation(galaxy!, { now: later, trustAnchors: parseTrustAnchors([GOOGLE_HARDWARE_ATTESTATION_ROOT_2016.pem]) });
    await expect(verifyAndroidKey(old.attStmt, old.ctx)).rejects.toMatchObject({ code: 'ERR_X509_EXPIRED' });
    const current = vectorAttestation(galaxy!, { now: later, trustAnchors: parseTrustAnchors([GOOGLE_HARDWARE_ATTESTATION_ROOT_2021.pem]) });
    expect((await verifyAndroidKey(current.attStmt, current.ctx)).trusted).toBe(true);
    const apple = KNOWN_ROOTS.find((r) => r.formats.includes('apple'))!;
    const { attStmt, ctx } = vectorAttestation(galaxy!, { trustAnchors: parseTrustAnchors([apple.pem]) });
    await expect(verifyAndroidKey(attStmt, ctx)).rejects.toMatchObject({ code: 'ERR_X509_UNTRUSTED' });
  });
});

describe('Google\'s two current roots (fixtures/android-key-attestation)', () => {
  // google-roots.json is Google's android/keyattestation roots.json, unmodified; the README beside it
  // gives each root's SHA-256 (CA1's cross-checked against an independent public pin).
  const published = readFixtureJson<string[]>('android-key-attestation', 'google-roots.json');
  const readme = readFileSync(fixturePath('android-key-attestation', 'README.md'), 'utf8');
  const readmeFingerprints = [...readme.matchAll(/SHA-256 `([0-9a-f]{64})`/g)].map((m) => m[1]);

  it('the README names two fingerprints, and they are the constants\' fingerprints', () => {
    expect(readmeFingerprints).toEqual([GOOGLE_HARDWARE_ATTESTATION_ROOT_2022.sha256Fingerprint, GOOGLE_KEY_ATTESTATION_CA1.sha256Fingerprint]);
  });

  it.each([
    [GOOGLE_HARDWARE_ATTESTATION_ROOT_2022, 0, 'rsa', '2022-03-20'],
    [GOOGLE_KEY_ATTESTATION_CA1, 1, 'ec', '2025-07-17'],
  ] as const)('%#: the constant is exactly Google\'s published certificate', (r, index, keyType, from) => {
    const theirs = new X509Certificate(published[index]!);
    const ours = new X509Certificate(r.pem);
    expect(ours.raw.equals(theirs.raw)).toBe(true);
    expect(createHash('sha256').update(theirs.raw).digest('hex')).toBe(r.sha256Fingerprint);
    expect(ours.publicKey.asymmetricKeyType).toBe(keyType);
    expect(new Date(ours.validFrom).toISOString().slice(0, 10)).toBe(from);
    expect(ours.verify(ours.publicKey)).toBe(true);
  });

  it('CA1 is a P-384 key; the 2022 issue is RSA-4096 with serialNumber f92009e853b6b045', () => {
    expect(new X509Certificate(GOOGLE_KEY_ATTESTATION_CA1.pem).publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    const rsa = new X509Certificate(GOOGLE_HARDWARE_ATTESTATION_ROOT_2022.pem);
    expect(rsa.publicKey.asymmetricKeyDetails?.modulusLength).toBe(4096);
    expect(rsa.subject).toBe('serialNumber=f92009e853b6b045');
  });
});
