/**
 * Known attestation roots, published by their vendors, as named, frozen, OPT-IN constants.
 * Nothing in this library applies them on its own: a caller passes the ones it chooses (e.g.
 * `trustAnchors: { apple: [APPLE_WEBAUTHN_ROOT_CA.pem] }`), so a root rotation or distrust is a
 * visible change in the caller's code, never a silent one.
 *
 * Each entry records where the vendor publishes it (`source`), its subject (RFC 4514 order as
 * encoded, short names) and the SHA-256 fingerprint of its DER; test/unit/x509/roots.test.ts
 * checks all three against the bytes. The bytes were taken from fixtures/webauthn trustAnchors and
 * fixtures/android-key-attestation/google-roots.json (provenance in fixtures/MANIFEST.json);
 * subject, validity and fingerprint were computed by us from those bytes (openssl and our own
 * parser agree). Compare the fingerprint with the vendor's page before relying on a constant.
 *
 * The Google RSA root comes in four issues with one key (2016, expired 2026-05-24; 2019; 2021; 2022).
 * Path validation treats a chain certificate with an anchor's subject and key as that anchor
 * (src/x509/path.ts), so devices whose x5c ends in the expired 2016 certificate validate against a
 * current issue.
 *
 * Google's EC P-384 "Key Attestation CA1" (2025-2035) signs Remote Key Provisioning chains from
 * 2026-02-01; without it new Android devices do not validate. It is a new key, so its bytes rest on
 * their source: Google's own repository android/keyattestation (roots.json at commit 47f970d0), with
 * the fingerprint cross-checked against an independent public pin (fixtures/android-key-attestation/
 * README.md); test/vectors/android-key-ca1.test.ts validates two real CA1 chains to it.
 */

import { APPLE_PEM, GOOGLE_2019_PEM, GOOGLE_2021_PEM, GOOGLE_2022_PEM, GOOGLE_CA1_PEM, GOOGLE_PEM, GSR1_PEM, GSR2_PEM } from './root-pems.js';

export interface KnownRoot {
  readonly name: string;
  readonly pem: string;
  /** Subject as encoded, e.g. "CN=Apple WebAuthn Root CA, O=Apple Inc., ST=California". */
  readonly subject: string;
  /** SHA-256 of the DER, lowercase hex. */
  readonly sha256Fingerprint: string;
  /** Where the vendor publishes the certificate. */
  readonly source: string;
  readonly notAfter: string;
  /** Formats whose statements chain to this root. */
  readonly formats: readonly string[];
}

function root(r: Omit<KnownRoot, 'formats'> & { formats: string[] }): KnownRoot {
  return Object.freeze({ ...r, formats: Object.freeze(r.formats) });
}

/** Apple WebAuthn Root CA (ECDSA P-384), root of `apple` anonymous attestation (§8.8). */
export const APPLE_WEBAUTHN_ROOT_CA: KnownRoot = root({
  name: 'Apple WebAuthn Root CA',
  pem: APPLE_PEM,
  subject: 'CN=Apple WebAuthn Root CA, O=Apple Inc., ST=California',
  sha256Fingerprint: '0915dd5c07a28db549d1f677bb5a75d4bfbe9561a773424327762e9e02f9bb29',
  source: 'https://www.apple.com/certificateauthority/Apple_WebAuthn_Root_CA.pem',
  notAfter: '2045-03-15T00:00:00Z',
  formats: ['apple'],
});

/** Google Hardware Attestation Root (RSA 4096, serialNumber=f92009e853b6b045, 2016 issue), root of `android-key` (§8.4). */
export const GOOGLE_HARDWARE_ATTESTATION_ROOT_2016: KnownRoot = root({
  name: 'Google Hardware Attestation Root (2016-2026)',
  pem: GOOGLE_PEM,
  subject: 'serialNumber=f92009e853b6b045',
  sha256Fingerprint: 'c1984a3ef45c1e2a918551de10603c86f7051b2249c4891cae3230eabd0c97d5',
  source: 'https://developer.android.com/privacy-and-security/security-key-attestation#root_certificate',
  notAfter: '2026-05-24T16:28:52Z',
  formats: ['android-key'],
});

/** The Google Hardware Attestation Root re-issued in 2019 (same key as the 2016 issue, valid to 2034). */
export const GOOGLE_HARDWARE_ATTESTATION_ROOT_2019: KnownRoot = root({
  name: 'Google Hardware Attestation Root (2019-2034)',
  pem: GOOGLE_2019_PEM,
  subject: 'serialNumber=f92009e853b6b045',
  sha256Fingerprint: '1ef1a04b8ba58ab94589ac498c8982a783f24ea7307e0159a0c3a73b377d87cc',
  source: 'https://android.googleapis.com/attestation/root',
  notAfter: '2034-11-18T20:37:58Z',
  formats: ['android-key'],
});
/** The Google Hardware Attestation Root re-issued in 2021 (same key as the 2016 issue, valid to 2036). */
export const GOOGLE_HARDWARE_ATTESTATION_ROOT_2021: KnownRoot = root({
  name: 'Google Hardware Attestation Root (2021-2036)',
  pem: GOOGLE_2021_PEM,
  subject: 'serialNumber=f92009e853b6b045',
  sha256Fingerprint: 'ab6641178a36e179aa0c1cdddf9a16eb45fa20943e2b8cd7c7c05c26cf8b487a',
  source: 'https://android.googleapis.com/attestation/root',
  notAfter: '2036-11-13T23:10:42Z',
  formats: ['android-key'],
});
/** The Google Hardware Attestation Root re-issued in 2022 (same key as the 2016 issue, valid to 2042). */
export const GOOGLE_HARDWARE_ATTESTATION_ROOT_2022: KnownRoot = root({
  name: 'Google Hardware Attestation Root (2022-2042)',
  pem: GOOGLE_2022_PEM,
  subject: 'serialNumber=f92009e853b6b045',
  sha256Fingerprint: 'cedb1cb6dc896ae5ec797348bce9286753c2b38ee71ce0fbe34a9a1248800dfc',
  source: 'https://github.com/android/keyattestation/blob/47f970d044ae4da7b00da068e7e1a4e952b0fd2f/roots.json',
  notAfter: '2042-03-15T18:07:48Z',
  formats: ['android-key'],
});
/** Google Key Attestation CA1 (EC P-384, 2025-2035): root of Remote Key Provisioning chains from 2026-02-01 (§8.4). */
export const GOOGLE_KEY_ATTESTATION_CA1: KnownRoot = root({
  name: 'Google Key Attestation CA1 (2025-2035)',
  pem: GOOGLE_CA1_PEM,
  subject: 'CN=Key Attestation CA1, OU=Android, O=Google LLC, C=US',
  sha256Fingerprint: '6d9db4ce6c5c0b293166d08986e05774a8776ceb525d9e4329520de12ba4bcc0',
  source: 'https://github.com/android/keyattestation/blob/47f970d044ae4da7b00da068e7e1a4e952b0fd2f/roots.json',
  notAfter: '2035-07-15T22:32:18Z',
  formats: ['android-key'],
});
/** GlobalSign Root CA (R1), a root of the `android-safetynet` JWS signing chain (§8.5). */
export const GLOBALSIGN_ROOT_CA_R1: KnownRoot = root({
  name: 'GlobalSign Root CA (R1)',
  pem: GSR1_PEM,
  subject: 'C=BE, O=GlobalSign nv-sa, OU=Root CA, CN=GlobalSign Root CA',
  sha256Fingerprint: 'ebd41040e4bb3ec742c9e381d31ef2a41a48b6685c96e7cef3c1df6cd4331c99',
  source: 'https://support.globalsign.com/ca-certificates/root-certificates/globalsign-root-certificates',
  notAfter: '2028-01-28T12:00:00Z',
  formats: ['android-safetynet'],
});

/** GlobalSign Root CA - R2 (expired 2021-12-15), root of SafetyNet responses signed before 2022; useful only with a past `now`. */
export const GLOBALSIGN_ROOT_CA_R2: KnownRoot = root({
  name: 'GlobalSign Root CA - R2',
  pem: GSR2_PEM,
  subject: 'OU=GlobalSign Root CA - R2, O=GlobalSign, CN=GlobalSign',
  sha256Fingerprint: '69e2d06c30f366166165e91d68d1cee5cc47584a80227e76666086c0107241eb',
  source: 'https://support.globalsign.com/ca-certificates/root-certificates/globalsign-root-certificates',
  notAfter: '2021-12-15T08:00:00Z',
  formats: ['android-safetynet'],
});

/** Every known root, for listing; still opt-in. */
export const KNOWN_ROOTS: readonly KnownRoot[] = Object.freeze([
  APPLE_WEBAUTHN_ROOT_CA,
  GOOGLE_HARDWARE_ATTESTATION_ROOT_2016,
  GOOGLE_HARDWARE_ATTESTATION_ROOT_2019,
  GOOGLE_HARDWARE_ATTESTATION_ROOT_2021,
  GOOGLE_HARDWARE_ATTESTATION_ROOT_2022,
  GOOGLE_KEY_ATTESTATION_CA1,
  GLOBALSIGN_ROOT_CA_R1,
  GLOBALSIGN_ROOT_CA_R2,
]);
