/**
 * Differential path validation (issue 11, "remove the class"): fast-check generates certificate
 * chains and anchor sets; our verdict (validateAttestationChain, the trust step every attestation
 * format uses, with and without anchors) must equal an independent one: OpenSSL through
 * node:crypto X509Certificate (`verify`, `checkIssued`, `ca`, `validFrom`/`validTo`) plus the
 * RFC 5280 rules below, written here against the generator's own record of what it wrote, not
 * against our parser's reading.
 *
 * Generated: key types (EC P-256/P-384, RSA 2048, from a small pool made once), names (with
 * collisions and a case variant), CA bits, keyUsage bytes, pathLen, validity windows (boundaries
 * included), critical extensions, faults (junk signature, wrong signer, wrong issuer name), the
 * x5c prefix sent (with or without the root, sometimes a stray certificate after it) and anchors in
 * any order: byte-identical copies, name + key re-issues and same-name impostors of the certificate
 * at every position, the leaf included.
 *
 * Rules the oracle names, where they go beyond or differ from OpenSSL's default verification:
 * - R1 anchor (RFC 5280 §6.1.1 d): a configured anchor is a name and a key. It stands in for an x5c
 *   certificate with the same DER (any position) or the same subject and SPKI (not x5c[0], whose
 *   own content the statement relies on), or it issued the last x5c certificate. The chain is
 *   valid if SOME such (x5c prefix, anchor) path passes R2–R6. Later x5c certificates are unused.
 * - R2 names (§6.1.3 a.4, §7.1): issuer = next subject, compared as encoded (binary); OpenSSL's
 *   `checkIssued` compares case-insensitively, so both must hold.
 * - R3 dates (§6.1.3 a.2, §4.1.2.5 inclusive): every path certificate AND the anchor (stricter
 *   than §6.1.1 d; OpenSSL also checks the root).
 * - R4 issuers (§6.1.4 k, l, m, n): every issuer, the anchor included (stricter than §6.1.1 d),
 *   asserts cA (`ca`; so v1 issuers are refused), keyCertSign when keyUsage is present
 *   (`checkIssued`), and pathLen ≥ the non-self-issued intermediates below it.
 * - R5 signatures (§6.1.3 a.1): each path certificate verifies with the next one's key; the
 *   anchor's own signature is never checked (anchors here are mostly unsigned).
 * - R6 critical extensions (§4.2): basicConstraints, keyUsage and certificatePolicies (no policy
 *   processing, §6.1.1 c/f) are understood; any other critical one, nameConstraints included (we
 *   do not process it; OpenSSL does), makes a path certificate or the leaf invalid. Anchors'
 *   extensions are not read (§6.1.1 d).
 * - R7 without anchors: the x5c top plays the anchor for R2–R5, R6 covers every x5c certificate,
 *   and no certificate may repeat.
 */
import { X509Certificate, generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseX5c, validateAttestationChain } from '../../src/attestation/trust.js';
import { isWebAuthnError } from '../../src/errors.js';
import { assembleTestCertificate, encodeTestTbsCertificate, testSignatureAlgorithm } from '../../src/testing/certificates.js';
import { makeContext } from '../helpers/attestation-context.js';

const RUNS = process.env.FUZZ_RUNS !== undefined ? Math.max(10_000, Math.floor(Number(process.env.FUZZ_RUNS) / 10)) : 10_000;
const NOW = new Date('2030-06-01T00:00:00Z');
const DAY = 86_400_000;

interface PoolKey { readonly kind: 'ECDSA' | 'RSASSA-PKCS1-v1_5'; readonly hash: 'SHA-256' | 'SHA-384'; readonly privateKey: KeyObject; readonly spki: Uint8Array }
let KEYS: PoolKey[] = [];
/** Key indexes as drawn: P-256 often, P-384 and RSA (slow to sign or verify) less. */
const KEY_DRAW = [0, 0, 1, 1, 2, 2, 3, 4, 5];

function makeKeyPool(): PoolKey[] {
  const ec = (namedCurve: string, hash: PoolKey['hash']): PoolKey => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
    return { kind: 'ECDSA', hash, privateKey, spki: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })) };
  };
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsa: PoolKey = { kind: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', privateKey, spki: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })) };
  return [ec('P-256', 'SHA-256'), ec('P-256', 'SHA-256'), ec('P-256', 'SHA-256'), ec('P-256', 'SHA-256'), ec('P-384', 'SHA-384'), rsa];
}

const NAMES: ReadonlyArray<ReadonlyArray<[string, string]>> = [
  [['CN', 'Root']], [['CN', 'Intermediate']], [['CN', 'Second Intermediate']], [['CN', 'Leaf']], [['CN', 'root']], [['O', 'Other'], ['CN', 'Root']],
];

/** CA-related profiles: basicConstraints, pathLen, keyUsage BIT STRING contents, version. */
interface Profile { readonly ca?: boolean; readonly omitBC?: boolean; readonly pathLen?: number; readonly ku?: readonly number[]; readonly v1?: boolean }
const PROFILES: readonly Profile[] = [
  { ca: true, ku: [0x01, 0x06] }, // keyCertSign | cRLSign
  { ca: true },
  { ca: true, pathLen: 0, ku: [0x01, 0x06] },
  { ca: true, pathLen: 1 },
  { ca: false, ku: [0x07, 0x80] }, // digitalSignature
  { omitBC: true },
  { ca: true, ku: [0x07, 0x80] }, // a CA without keyCertSign
  { ca: true, ku: [0x02, 0x04] }, // keyCertSign only
  { ca: true, ku: [0x07, 0x84, 0x80] }, // digitalSignature, keyCertSign, decipherOnly (9 bits)
  { v1: true },
];
const CA_PROFILES = [0, 0, 0, 1, 2, 3, 6, 7, 8, 9, 5];
const LEAF_PROFILES = [4, 4, 5, 1];

const VALIDITY: ReadonlyArray<readonly [number, number]> = [
  [-150 * DAY, 200 * DAY], // valid
  [-900 * DAY, -400 * DAY], // expired
  [400 * DAY, 900 * DAY], // not yet valid
  [-10 * DAY, 0], // ends exactly at NOW: valid (inclusive)
  [0, 10 * DAY], // starts exactly at NOW: valid
  [-10 * DAY, -1000], // ended one second before NOW
];
const VALIDITY_DRAW = [0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5];

const EXTENSIONS = [
  [],
  [{ oid: '1.2.3.4.5', critical: true, valueDer: new Uint8Array([0x05, 0x00]) }],
  [{ oid: '1.2.3.4.5', critical: false, valueDer: new Uint8Array([0x05, 0x00]) }],
  [{ oid: '2.5.29.32', critical: true, // certificatePolicies { 1.2.3 }
     valueDer: new Uint8Array([0x30, 0x06, 0x30, 0x04, 0x06, 0x02, 0x2a, 0x03]) }],
  [{ oid: '2.5.29.30', critical: true, // nameConstraints permitted dNSName ""
     valueDer: new Uint8Array([0x30, 0x06, 0xa0, 0x04, 0x30, 0x02, 0x82, 0x00]) }],
] as const;
/** R6: which EXTENSIONS entries carry a critical extension we do not understand. */
const BAD_CRITICAL = [false, true, false, false, true];
const EXT_DRAW = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4];

/** One certificate as generated: what was written, so the oracle need not trust our parser. */
interface CertSpec {
  readonly name: number;
  readonly issuerName: number;
  readonly key: number;
  /** Key that signs; -1 = none (a junk signature: anchors, whose signature nobody checks). */
  readonly signer: number;
  readonly profile: number;
  readonly validity: number;
  readonly ext: number;
  readonly flip: boolean;
  readonly serial: number;
}
interface GeneratedCert { readonly spec: CertSpec; readonly der: Uint8Array; readonly x: X509Certificate }

const certMemo = new Map<string, GeneratedCert>();

function certificate(spec: CertSpec): GeneratedCert {
  const memoKey = JSON.stringify(spec);
  const hit = certMemo.get(memoKey);
  if (hit !== undefined) return hit;
  const profile = PROFILES[spec.profile]!;
  const [from, to] = VALIDITY[spec.validity]!;
  const signer = KEYS[spec.signer < 0 ? spec.key : spec.signer]!;
  const signatureAlgorithm = testSignatureAlgorithm(signer.kind, signer.hash);
  const tbs = encodeTestTbsCertificate({
    subject: NAMES[spec.name]!, issuerName: NAMES[spec.issuerName]!, spki: KEYS[spec.key]!.spki, signatureAlgorithm,
    serial: new Uint8Array([1, (spec.serial >> 8) & 0xff, spec.serial & 0xff]),
    notBefore: new Date(NOW.getTime() + from), notAfter: new Date(NOW.getTime() + to),
    ...(profile.v1 ? { version: 1 as const } : {}),
    ca: profile.ca ?? false, omitBasicConstraints: profile.omitBC ?? false,
    ...(profile.pathLen !== undefined ? { pathLen: profile.pathLen } : {}),
    ...(profile.ku ? { keyUsageBits: new Uint8Array(profile.ku) } : {}),
    extensions: [...EXTENSIONS[spec.ext]!],
  });
  // -1: the signature of another message (well formed, wrong): an unsigned anchor.
  // node:crypto names ('sha256'): Deno's node:crypto refuses the WebCrypto spelling 'SHA-256'.
  const signature = nodeSign(signer.hash.replace('-', '').toLowerCase(), spec.signer < 0 ? new Uint8Array([0]) : tbs, signer.privateKey);
  if (spec.flip) signature[signature.length - 1] ^= 0x01;
  const der = assembleTestCertificate(tbs, signatureAlgorithm, signature);
  const made: GeneratedCert = { spec, der, x: new X509Certificate(der) };
  certMemo.set(memoKey, made);
  return made;
}

// ---------------------------------------------------------------- scenarios

interface EntityDraw { name: number; key: number; profile: number; validity: number; ext: number; fault: number; faultKey: number; faultName: number }
interface AnchorDraw { kind: 'copy' | 'reissue' | 'impostor' | 'unrelated'; at: number; key: number; profile: number; validity: number }
interface Scenario { entities: EntityDraw[]; drop: number; stray: boolean; anchors: AnchorDraw[] }

const pick = (list: readonly number[]) => fc.nat(list.length - 1).map((i) => list[i]!);
const entityArb: fc.Arbitrary<EntityDraw> = fc.record({
  name: fc.oneof({ weight: 5, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat(NAMES.length - 1) }),
  key: pick(KEY_DRAW),
  profile: fc.nat(20),
  validity: pick(VALIDITY_DRAW),
  ext: pick(EXT_DRAW),
  fault: fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
  faultKey: pick(KEY_DRAW),
  faultName: fc.nat(NAMES.length - 1),
});
const anchorArb: fc.Arbitrary<AnchorDraw> = fc.record({
  kind: fc.constantFrom('copy', 'copy', 'reissue', 'impostor', 'unrelated'),
  at: fc.nat(3),
  key: pick(KEY_DRAW),
  profile: pick(CA_PROFILES),
  validity: pick(VALIDITY_DRAW),
});
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  entities: fc.array(entityArb, { minLength: 1, maxLength: 4 }),
  drop: fc.nat(3),
  stray: fc.boolean(),
  anchors: fc.array(anchorArb, { minLength: 0, maxLength: 4 }),
});

/** Entity j (0 = root, last = leaf): its certificate, issued by entity j − 1 (the root by itself). */
function entitySpecs(entities: readonly EntityDraw[]): CertSpec[] {
  const names = entities.map((e, j) => (e.name >= 0 ? e.name : j === entities.length - 1 ? 3 : Math.min(j, 2)));
  return entities.map((e, j) => {
    const leaf = j === entities.length - 1 && j > 0;
    const profiles = leaf ? LEAF_PROFILES : CA_PROFILES;
    const up = Math.max(j - 1, 0);
    return {
      name: names[j]!, key: e.key, profile: profiles[e.profile % profiles.length]!, validity: e.validity, ext: e.ext,
      issuerName: e.fault === 3 ? e.faultName : names[up]!,
      signer: e.fault === 2 ? e.faultKey : entities[up]!.key,
      flip: e.fault === 1, serial: j,
    };
  });
}

function anchorSpec(a: AnchorDraw, specs: readonly CertSpec[]): CertSpec {
  const of = specs[a.at % specs.length]!;
  const unsigned = { signer: -1, flip: false, ext: 0 };
  switch (a.kind) {
    case 'copy': return of;
    case 'reissue': return { ...of, ...unsigned, issuerName: of.name, profile: a.profile, validity: a.validity, serial: 500 + a.profile };
    case 'impostor': return { ...of, ...unsigned, issuerName: of.name, key: a.key, profile: 0, validity: 0, serial: 600 };
    case 'unrelated': return { ...unsigned, name: 5, issuerName: 5, key: a.key, profile: 0, validity: 0, serial: 700 };
  }
}

function build(s: Scenario): { chain: GeneratedCert[]; anchors: GeneratedCert[] } {
  const specs = entitySpecs(s.entities);
  const sent = specs.slice(Math.min(s.drop, specs.length - 1)).reverse();
  const chain = sent.map(certificate);
  if (s.stray) chain.push(certificate({ name: 5, issuerName: 5, key: 3, signer: 3, profile: 0, validity: 0, ext: 0, flip: false, serial: 800 }));
  return { chain, anchors: s.anchors.map((a) => certificate(anchorSpec(a, specs))) };
}

// ---------------------------------------------------------------- the independent verdict

const verifyMemo = new WeakMap<X509Certificate, Map<X509Certificate, boolean>>();
/** R5 through OpenSSL (X509_verify), remembered per pair: the oracle may be slow, not wrong. */
function signedBy(cert: GeneratedCert, issuer: GeneratedCert): boolean {
  let m = verifyMemo.get(cert.x);
  if (m === undefined) verifyMemo.set(cert.x, (m = new Map()));
  let ok = m.get(issuer.x);
  if (ok === undefined) m.set(issuer.x, (ok = cert.x.verify(issuer.x.publicKey)));
  return ok;
}

const validAtNow = (c: GeneratedCert) => Date.parse(c.x.validFrom) <= NOW.getTime() && NOW.getTime() <= Date.parse(c.x.validTo);
const selfIssued = (c: GeneratedCert) => c.x.subject === c.x.issuer;
const profileOf = (c: GeneratedCert) => PROFILES[c.spec.profile]!;
/** R6 from what the generator wrote (a v1 certificate has no extensions at all). */
const badCritical = (c: GeneratedCert) => !profileOf(c).v1 && BAD_CRITICAL[c.spec.ext]!;
const sameKey = (a: GeneratedCert, b: GeneratedCert) =>
  Buffer.compare(a.x.publicKey.export({ type: 'spki', format: 'der' }), b.x.publicKey.export({ type: 'spki', format: 'der' })) === 0;

/** R2–R6 for `path` (leaf first) up to `anchor`. */
function pathValid(path: readonly GeneratedCert[], anchor: GeneratedCert): boolean {
  const certs = [...path, anchor];
  for (let i = 0; i < path.length; i++) {
    const cert = certs[i]!, issuer = certs[i + 1]!;
    if (cert.x.issuer !== issuer.x.subject || !cert.x.checkIssued(issuer.x) || !signedBy(cert, issuer)) return false; // R2, R4 keyCertSign, R5
  }
  if (!certs.every(validAtNow)) return false; // R3
  for (let j = 1; j < certs.length; j++) {
    const pathLen = profileOf(certs[j]!).v1 ? undefined : profileOf(certs[j]!).pathLen;
    const below = certs.slice(1, j).filter((c) => !selfIssued(c)).length;
    if (!certs[j]!.x.ca || (pathLen !== undefined && below > pathLen)) return false; // R4
  }
  return !path.some(badCritical); // R6
}

/** R1: is `anchor` the x5c certificate at `k`? */
function standsIn(chain: readonly GeneratedCert[], k: number, anchor: GeneratedCert): boolean {
  const cert = chain[k]!;
  if (Buffer.compare(cert.x.raw, anchor.x.raw) === 0) return true;
  return k > 0 && cert.x.subject === anchor.x.subject && sameKey(cert, anchor);
}

function oracleAnchored(chain: readonly GeneratedCert[], anchors: readonly GeneratedCert[]): boolean {
  if (badCritical(chain[0]!)) return false; // R6 for the leaf, anchor or not
  for (const anchor of anchors) {
    for (let k = 0; k <= chain.length; k++) {
      if (k < chain.length && !standsIn(chain, k, anchor)) continue;
      if (pathValid(chain.slice(0, k), anchor)) return true; // k = n: R2 checks that the anchor issued the top
    }
  }
  return false;
}

function oracleUnanchored(chain: readonly GeneratedCert[]): boolean {
  const ders = new Set(chain.map((c) => Buffer.from(c.der).toString('hex')));
  if (ders.size !== chain.length || chain.some(badCritical)) return false; // R7
  return pathValid(chain.slice(0, -1), chain[chain.length - 1]!);
}

// ---------------------------------------------------------------- our verdict

async function ours(chain: readonly GeneratedCert[], anchors: readonly GeneratedCert[] | undefined): Promise<true | string> {
  try {
    const x5c = parseX5c(chain.map((c) => c.der));
    const trustAnchors = anchors === undefined ? undefined : parseX5cLike(anchors);
    await validateAttestationChain(x5c, makeContext({ authData: new Uint8Array(0), credentialKey: {} as never, now: NOW, trustAnchors }));
    return true;
  } catch (e) {
    if (!isWebAuthnError(e) || !e.code.startsWith('ERR_X509_')) throw e;
    return e.code;
  }
}
const parseX5cLike = (certs: readonly GeneratedCert[]) => (certs.length === 0 ? [] : parseX5c(certs.map((c) => c.der)));

function describeCase(s: Scenario, chain: readonly GeneratedCert[], anchors: readonly GeneratedCert[]): string {
  const line = (c: GeneratedCert) => `${JSON.stringify(c.spec)} subject=${c.x.subject.replace(/\n/g, ',')} issuer=${c.x.issuer.replace(/\n/g, ',')}`;
  return [`scenario ${JSON.stringify(s)}`, 'x5c:', ...chain.map(line), 'anchors:', ...anchors.map(line)].join('\n  ');
}

// The oracle is OpenSSL through node:crypto. Deno's node:crypto is another implementation (it cannot
// even parse the P-384 keys of the pool in X509Certificate), so there is no oracle to agree with: the
// differential runs on Node (npm test) and Bun (whose node:crypto is BoringSSL), not under Deno.
const oracleIsOpenSsl = typeof (globalThis as { Deno?: unknown }).Deno === 'undefined';

describe.runIf(oracleIsOpenSsl)('differential: X.509 path verdicts against OpenSSL + the RFC 5280 rules above', () => {
  beforeAll(() => {
    KEYS = makeKeyPool();
  });

  it(`agrees on ${RUNS} generated chains, with and without anchors`, { timeout: Math.max(120_000, RUNS * 20) }, async () => {
    const tally = { anchoredAccepted: 0, unanchoredAccepted: 0, runs: 0 };
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const { chain, anchors } = build(s);
        const expected = { anchored: oracleAnchored(chain, anchors), unanchored: oracleUnanchored(chain) };
        const got = { anchored: await ours(chain, anchors), unanchored: await ours(chain, undefined) };
        if ((got.anchored === true) !== expected.anchored || (got.unanchored === true) !== expected.unanchored) {
          throw new Error(`verdicts differ: ours ${JSON.stringify(got)}, oracle ${JSON.stringify(expected)}\n  ${describeCase(s, chain, anchors)}`);
        }
        tally.runs++;
        if (expected.anchored) tally.anchoredAccepted++;
        if (expected.unanchored) tally.unanchoredAccepted++;
      }),
      { numRuns: RUNS, ...(process.env.FUZZ_SEED !== undefined ? { seed: Number(process.env.FUZZ_SEED) } : {}) },
    );
    // The generator must reach both verdicts often enough to mean something.
    expect(tally.anchoredAccepted).toBeGreaterThan(RUNS * 0.05);
    expect(tally.unanchoredAccepted).toBeGreaterThan(RUNS * 0.05);
    expect(tally.runs - tally.anchoredAccepted).toBeGreaterThan(RUNS * 0.05);
  });
});
