/**
 * fixtures/mds: the real FIDO MDS3 BLOB (serial 20) and the GlobalSign Root CA - R3 read as the
 * README there says (FIDO Metadata Service v3.0 §3.1.7: the BLOB is a compact JWS whose header
 * carries alg and x5c). The metadata verifier's own tests go further; this checks the data itself.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBase64url } from '../../src/encoding/base64url.js';
import { equalBytes } from '../../src/encoding/bytes.js';
import { nameValue, parseCertificate } from '../../src/x509/certificate.js';
import { fixturePath, readFixtureBytes } from '../helpers/fixtures.js';

const blob = new TextDecoder().decode(readFixtureBytes('mds', 'mds3-blob-no20-2022-10.jwt')).trim();
const root = parseCertificate(readFixtureBytes('mds', 'globalsign-root-r3.der'));
const readme = readFileSync(fixturePath('mds', 'README.md'), 'utf8');
const json = (part: string) => JSON.parse(new TextDecoder().decode(decodeBase64url(part)));
const fromBase64 = (s: string) => Uint8Array.from(Buffer.from(s, 'base64'));

describe('fixtures/mds: the MDS3 BLOB', () => {
  const parts = blob.split('.');

  it('is a compact JWS: three base64url parts, none empty', () => {
    expect(parts).toHaveLength(3);
    for (const p of parts) expect(p).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('header: alg RS256 (MDS allows RS256/ES256 and the like, never none) and an x5c of two certificates', () => {
    const header = json(parts[0]!) as { alg: string; typ?: string; x5c: string[] };
    expect(['RS256', 'ES256']).toContain(header.alg);
    expect(header.alg).toBe('RS256');
    expect(header.x5c).toHaveLength(2);
    const [signer, ca] = header.x5c.map((c) => parseCertificate(fromBase64(c)));
    expect(nameValue(signer!.subject, 'CN')).toBe('mds.fidoalliance.org');
    expect(signer!.notAfter.toISOString().slice(0, 10)).toBe('2023-06-13');
    expect(equalBytes(signer!.issuerDer, ca!.subjectDer)).toBe(true);
    expect(equalBytes(ca!.issuerDer, root.subjectDer)).toBe(true);
  });

  it('payload: serial 20, nextUpdate 2022-11-01, 126 entries (72 by AAGUID, 37 by key identifier)', () => {
    const payload = json(parts[1]!) as { no: number; nextUpdate: string; legalHeader: string; entries: { aaguid?: string; attestationCertificateKeyIdentifiers?: string[] }[] };
    expect(payload.no).toBe(20);
    expect(payload.nextUpdate).toBe('2022-11-01');
    expect(payload.legalHeader).toMatch(/fidoalliance\.org\/metadata/);
    expect(payload.entries).toHaveLength(126);
    expect(payload.entries.filter((e) => e.aaguid !== undefined)).toHaveLength(72);
    expect(payload.entries.filter((e) => e.attestationCertificateKeyIdentifiers !== undefined)).toHaveLength(37);
  });
});

describe('fixtures/mds: GlobalSign Root CA - R3', () => {
  it('parses with our parseCertificate as a self-issued CA', () => {
    expect(nameValue(root.subject, 'CN')).toBe('GlobalSign');
    expect(nameValue(root.subject, 'OU')).toBe('GlobalSign Root CA - R3');
    expect(equalBytes(root.subjectDer, root.issuerDer)).toBe(true);
    expect(root.basicConstraints?.ca).toBe(true);
    expect(root.notAfter.toISOString().slice(0, 10)).toBe('2029-03-18');
  });

  it('has the SHA-256 fingerprint the README gives (GlobalSign\'s published one)', () => {
    const published = /SHA-256 fingerprint `([0-9A-F:]+)`/.exec(readme)?.[1];
    expect(published).toBeDefined();
    expect(root.fingerprintSha256).toBe(published!.replace(/:/g, '').toLowerCase());
  });
});
