import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KNOWN_ROOTS } from '../src/attestation/roots.js';
import { parseTrustAnchors } from '../src/x509/pem.js';

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
    expect(KNOWN_ROOTS.length).toBe(4);
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
