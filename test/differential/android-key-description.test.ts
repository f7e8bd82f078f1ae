/**
 * Our KeyDescription reader (src/attestation/android-key/key-description.ts, on our strict DER reader)
 * against asn1js as an independent oracle (issue 12: "the android-key KeyDescription uses our DER
 * reader; asn1js stays as its differential oracle"), on every real KeyDescription in fixtures/ (the
 * leaf of every android-key x5c in fixtures/webauthn and the Key Attestation CA1 chains in
 * fixtures/android-key-attestation) and on fast-check mutations of them: byte flips, truncations,
 * length-octet changes, inserted and deleted octets, and structural edits re-encoded by a small
 * DER/BER writer below (long-form and indefinite lengths, high-tag-number padding, padded
 * INTEGERs, constructed strings, repeated, dropped and swapped elements).
 *
 * The oracle reads the same schema through asn1js's object model (types by class and number,
 * values as asn1js decodes them). When both accept, every field must agree. asn1js decodes BER, so
 * where we refuse what asn1js reads, the refusal must be one of the rules named in
 * STRICTER_THAN_ASN1JS (keyed by details.reason). Where we read what asn1js refuses, the only
 * allowed cause is the content of a universal type in a tag WebAuthn does not read (we check its
 * DER header, asn1js also decodes a time, a BIT STRING, an OID there): see `compare`.
 */
import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OID_ANDROID_KEY_DESCRIPTION, parseKeyDescription, type AuthorizationList, type KeyDescription } from '../../src/attestation/android-key/key-description.js';
import { decodeCbor, type CborMap } from '../../src/cbor/decode.js';
import { isWebAuthnError } from '../../src/errors.js';
import { parseCertificate } from '../../src/x509/certificate.js';
import { pemCertificates } from '../../src/x509/pem.js';
import { fixturePath, loadFixtureVectors, loadWebAuthnVectors } from '../helpers/fixtures.js';
import { readdirSync, readFileSync } from 'node:fs';

/** Every rule by which we refuse a KeyDescription asn1js reads, with the clause. */
const STRICTER_THAN_ASN1JS: Readonly<Record<string, string>> = {
  'non-minimal length': 'X.690 §10.1 minimal length octets',
  'indefinite length': 'X.690 §10.1 definite form',
  'length too large': 'X.690 §10.1 (and our 4-octet length bound)',
  'content exceeds enclosing element': "X.690 §8.1.1, §8.9.2 (asn1js lets a parent's last child run past the parent's end)",
  'non-minimal tag': 'X.690 §8.1.2.4.2 c (no leading 0x80 tag octet), §8.1.2.3 (tags < 31 in one octet)',
  'constructed universal type': 'X.690 §10.2 (DER strings primitive); §8.3, §8.4, §8.8 (INTEGER, ENUMERATED, NULL primitive)',
  'primitive SEQUENCE or SET': 'X.690 §8.9.1, §8.11.1 (SEQUENCE and SET are constructed)',
  'reserved universal tag': 'X.690 §8.1.5 / X.680 §8.6 (end-of-contents only closes an indefinite length)',
  'non-minimal INTEGER': 'X.690 §8.3.2 (asn1js keeps the padded octets)',
  'empty INTEGER': 'X.690 §8.3.1 (one or more content octets)',
  'negative INTEGER': 'KeyDescription versions, security levels, purposes and origins are non-negative',
  'INTEGER too large': 'our 6-octet bound on those INTEGERs',
  'allApplications is not NULL': 'X.690 §8.8.2 (NULL has no content octets; asn1js reads it with a warning)',
  'nesting too deep': 'our 16-level depth bound (KeyDescriptions nest about 6 deep)',
};

const BAD = 'ERR_ATTESTATION_ANDROID_KEY_DESCRIPTION_INVALID';
/** Mutations per run: 3000, or FUZZ_RUNS / 10 for a long local run (FUZZ_RUNS=1000000 → 100 000). */
const RUNS = process.env.FUZZ_RUNS !== undefined ? Math.max(3000, Math.floor(Number(process.env.FUZZ_RUNS) / 10)) : 3000;

/** The fields we compare, in a plain shape. */
function shape(kd: KeyDescription) {
  const list = (l: AuthorizationList) => ({ purpose: l.purpose && [...l.purpose], allApplications: l.allApplications, origin: l.origin, tags: [...l.tags] });
  return {
    attestationVersion: kd.attestationVersion,
    attestationSecurityLevel: kd.attestationSecurityLevel,
    keymasterVersion: kd.keymasterVersion,
    keymasterSecurityLevel: kd.keymasterSecurityLevel,
    attestationChallenge: Buffer.from(kd.attestationChallenge).toString('hex'),
    uniqueId: Buffer.from(kd.uniqueId).toString('hex'),
    softwareEnforced: list(kd.softwareEnforced),
    teeEnforced: list(kd.teeEnforced),
  };
}
type Shape = ReturnType<typeof shape>;

// ---- the oracle: the same schema read through asn1js -------------------------------------------

type Block = asn1js.BaseBlock;
const universal = (b: Block, n: number) => b.idBlock.tagClass === 1 && b.idBlock.tagNumber === n;
const childrenOf = (b: Block) => (b as asn1js.Constructed).valueBlock.value as Block[];

function oracleInt(b: Block | undefined, types: number[] = [2]): number {
  if (b === undefined || !types.some((t) => universal(b, t))) throw new Error('wrong type');
  return Number((b as asn1js.Integer).toBigInt());
}

function oracleOctets(b: Block | undefined): string {
  if (b === undefined || !universal(b, 4)) throw new Error('wrong type');
  const o = b as asn1js.OctetString;
  const parts = o.idBlock.isConstructed ? childrenOf(o).map((c) => (c as asn1js.OctetString).valueBlock.valueHexView) : [o.valueBlock.valueHexView];
  return parts.map((p) => Buffer.from(p).toString('hex')).join('');
}

function oracleList(b: Block | undefined) {
  if (b === undefined || !universal(b, 16)) throw new Error('wrong type');
  const out: Shape['teeEnforced'] = { purpose: undefined, allApplications: false, origin: undefined, tags: [] };
  for (const item of childrenOf(b)) {
    if (item.idBlock.tagClass !== 3 || !item.idBlock.isConstructed) throw new Error('not an EXPLICIT member');
    const tag = item.idBlock.tagNumber;
    if (out.tags.includes(tag)) throw new Error('repeated tag');
    out.tags.push(tag);
    const inner = childrenOf(item);
    if (inner.length !== 1) throw new Error('EXPLICIT wraps one element');
    if (tag === 1) {
      if (!universal(inner[0]!, 17)) throw new Error('purpose not a SET');
      out.purpose = childrenOf(inner[0]!).map((p) => oracleInt(p));
    } else if (tag === 600) {
      if (!universal(inner[0]!, 5)) throw new Error('allApplications not NULL');
      out.allApplications = true;
    } else if (tag === 702) {
      out.origin = oracleInt(inner[0]);
    }
  }
  return out;
}

/** What asn1js reads from the bytes, or why it cannot. */
function oracle(der: Uint8Array): { ok: true; value: Shape } | { ok: false; why: string } {
  try {
    const { offset, result } = asn1js.fromBER(der.slice());
    if (offset === -1) return { ok: false, why: `asn1js: ${result.error}` };
    if (offset !== der.length) return { ok: false, why: 'not one element' };
    if (!universal(result, 16)) return { ok: false, why: 'not a SEQUENCE' };
    const f = childrenOf(result);
    if (f.length !== 8) return { ok: false, why: 'not 8 fields' };
    const value: Shape = {
      attestationVersion: oracleInt(f[0]),
      attestationSecurityLevel: oracleInt(f[1], [10]),
      keymasterVersion: oracleInt(f[2]),
      keymasterSecurityLevel: oracleInt(f[3], [10]),
      attestationChallenge: oracleOctets(f[4]),
      uniqueId: oracleOctets(f[5]),
      softwareEnforced: oracleList(f[6]),
      teeEnforced: oracleList(f[7]),
    };
    return { ok: true, value };
  } catch (e) {
    return { ok: false, why: String((e as Error).message) };
  }
}

/** Our verdict: the shape, or the refusal's reason (anything but our coded error fails the test). */
function ours(der: Uint8Array): { ok: true; value: Shape } | { ok: false; why: string } {
  try {
    return { ok: true, value: shape(parseKeyDescription(der)) };
  } catch (e) {
    if (!isWebAuthnError(e) || e.code !== BAD) throw e;
    return { ok: false, why: String(e.details?.reason) };
  }
}

type Outcome = 'both read' | 'both refuse' | 'unread content' | `stricter: ${string}`;

/**
 * Compares both verdicts. Where asn1js refuses what we read, the fault must lie only in the
 * content of a universal type we do not interpret (a time, a BMPString, an OBJECT IDENTIFIER in a
 * tag WebAuthn does not read: we check its DER header, asn1js also decodes its content): with every
 * such element turned into an OCTET STRING of the same content, asn1js must read what we read.
 */
function compare(der: Uint8Array): Outcome {
  const mine = ours(der);
  const theirs = oracle(der);
  if (mine.ok && theirs.ok) {
    expect(mine.value).toEqual(theirs.value);
    return 'both read';
  }
  if (mine.ok) {
    const neutral = Uint8Array.from(encode(uninterpreted(toTree(der))));
    expect(oracle(neutral), `we accept what asn1js refuses (${theirs.ok ? '' : theirs.why})`).toEqual(mine);
    return 'unread content';
  }
  if (!theirs.ok) return 'both refuse';
  expect(Object.keys(STRICTER_THAN_ASN1JS), `unnamed stricter-than-asn1js rule: ${mine.why}`).toContain(mine.why);
  return `stricter: ${mine.why}`;
}

// ---- the corpus: every real KeyDescription in fixtures/ ----------------------------------------

function keyDescriptionOf(cert: Uint8Array): Uint8Array | undefined {
  return parseCertificate(cert).extensions.get(OID_ANDROID_KEY_DESCRIPTION)?.value;
}

function realKeyDescriptions(): Array<[string, Uint8Array]> {
  const out = new Map<string, [string, Uint8Array]>();
  const add = (name: string, cert: Uint8Array) => {
    const kd = keyDescriptionOf(cert);
    if (kd !== undefined) out.set(Buffer.from(kd).toString('hex'), [name, kd]);
  };
  for (const c of [...loadWebAuthnVectors(), ...loadFixtureVectors()]) {
    const ao = c.response?.response?.attestationObject;
    if (typeof ao !== 'string') continue;
    const x5c = ((decodeCbor(Buffer.from(ao, 'base64url')) as CborMap).get('attStmt') as CborMap).get('x5c');
    if (Array.isArray(x5c)) x5c.forEach((d, i) => add(`${c.id} x5c ${i}`, d as Uint8Array));
  }
  for (const file of readdirSync(fixturePath('android-key-attestation')).filter((f) => f.endsWith('.pem'))) {
    pemCertificates(readFileSync(fixturePath('android-key-attestation', file), 'utf8')).forEach((d, i) => add(`${file} ${i}`, d));
  }
  return [...out.values()];
}

// ---- a small DER/BER tree writer for structural mutations --------------------------------------

interface Node {
  id: number[];
  content?: Uint8Array;
  children?: Node[];
  length?: 'long' | 'indefinite';
}

/** The seed as a tree (seeds are DER, so the parser under test only locates the elements). */
function toTree(bytes: Uint8Array, start = 0, end = bytes.length): Node[] {
  const out: Node[] = [];
  for (let pos = start; pos < end; ) {
    const first = bytes[pos]!;
    let idEnd = pos + 1;
    if ((first & 0x1f) === 0x1f) while (bytes[idEnd++]! & 0x80);
    const l0 = bytes[idEnd]!;
    const n = l0 < 0x80 ? 0 : l0 & 0x7f;
    let len = l0 < 0x80 ? l0 : 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[idEnd + 1 + i]!;
    const cs = idEnd + 1 + n;
    const id = [...bytes.subarray(pos, idEnd)];
    out.push(first & 0x20 ? { id, children: toTree(bytes, cs, cs + len) } : { id, content: bytes.slice(cs, cs + len) });
    pos = cs + len;
  }
  return out;
}

function encodeLength(n: number, form: Node['length']): number[] {
  if (form === 'indefinite') return [0x80];
  const octets: number[] = [];
  for (let m = n; m > 0; m = Math.floor(m / 256)) octets.unshift(m % 256);
  if (n < 0x80 && form !== 'long') return [n];
  return [0x80 | (octets.length || 1), ...(octets.length ? octets : [0])];
}

function encode(nodes: Node[]): number[] {
  return nodes.flatMap((node) => {
    const content = node.children ? encode(node.children) : [...node.content!];
    const eoc = node.length === 'indefinite' ? [0, 0] : [];
    return [...node.id, ...encodeLength(content.length, node.length), ...content, ...eoc];
  });
}

function allNodes(nodes: Node[], out: Array<{ node: Node; siblings: Node[] }> = []) {
  for (const node of nodes) {
    out.push({ node, siblings: nodes });
    if (node.children) allNodes(node.children, out);
  }
  return out;
}

/** The universal types we read: INTEGER, OCTET STRING, NULL, ENUMERATED (SEQUENCE and SET are constructed). */
const READ_TYPES = new Set([0x02, 0x04, 0x05, 0x0a]);

/** Every other primitive universal element as an OCTET STRING with the same content. */
function uninterpreted(nodes: Node[]): Node[] {
  for (const { node } of allNodes(nodes)) {
    if (node.content && (node.id[0]! & 0xc0) === 0 && !(node.id.length === 1 && READ_TYPES.has(node.id[0]!))) node.id = [0x04];
  }
  return nodes;
}

const EDITS = ['long length', 'indefinite length', 'pad tag', 'high form', 'pad integer', 'constructed', 'duplicate', 'drop', 'swap', 'primitive'] as const;

/** One structural edit of the node at `which` (pre-order), re-encoded with its ancestors. */
function structuralEdit(seed: Uint8Array, which: number, edit: (typeof EDITS)[number]): Uint8Array {
  const tree = toTree(seed);
  const all = allNodes(tree);
  const { node, siblings } = all[which % all.length]!;
  const at = siblings.indexOf(node);
  const isInteger = node.id[0] === 0x02 || node.id[0] === 0x0a;
  switch (edit) {
    case 'long length':
    case 'indefinite length':
      node.length = edit === 'long length' ? 'long' : 'indefinite';
      break;
    case 'pad tag': // a leading 0x80 octet in a high tag number
      if (node.id.length > 1) node.id.splice(1, 0, 0x80);
      break;
    case 'high form': // a tag number < 31 in the high-tag-number form
      if (node.id.length === 1) node.id = [node.id[0]! | 0x1f, node.id[0]! & 0x1f];
      break;
    case 'pad integer':
      if (node.content && isInteger) node.content = Uint8Array.from([node.content[0]! & 0x80 ? 0xff : 0x00, ...node.content]);
      break;
    case 'constructed': // a primitive element as one constructed chunk of itself
      if (node.content) Object.assign(node, { id: [node.id[0]! | 0x20, ...node.id.slice(1)], children: [{ id: [...node.id], content: node.content }], content: undefined });
      break;
    case 'primitive': // a constructed element's children as primitive content
      if (node.children) Object.assign(node, { id: [node.id[0]! & ~0x20, ...node.id.slice(1)], content: Uint8Array.from(encode(node.children)), children: undefined });
      break;
    case 'duplicate':
      siblings.splice(at, 0, structuredClone(node));
      break;
    case 'drop':
      siblings.splice(at, 1);
      break;
    case 'swap':
      if (at + 1 < siblings.length) siblings.splice(at, 2, siblings[at + 1]!, node);
      break;
  }
  return Uint8Array.from(encode(tree));
}

const mutation = (seeds: Uint8Array[]) =>
  fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), seed: fc.nat(seeds.length - 1), pos: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('truncate' as const), seed: fc.nat(seeds.length - 1), pos: fc.nat(), xor: fc.constant(0) }),
    fc.record({ kind: fc.constant('insert' as const), seed: fc.nat(seeds.length - 1), pos: fc.nat(), xor: fc.nat(255) }),
    fc.record({ kind: fc.constant('delete' as const), seed: fc.nat(seeds.length - 1), pos: fc.nat(), xor: fc.constant(0) }),
    fc.record({ kind: fc.constant('length' as const), seed: fc.nat(seeds.length - 1), pos: fc.nat(), xor: fc.integer({ min: -3, max: 3 }) }),
    fc.record({ kind: fc.constantFrom(...EDITS), seed: fc.nat(seeds.length - 1), pos: fc.nat(), xor: fc.constant(0) }),
  );

/** Where each element's first length octet is, in a DER seed. */
function lengthOffsets(bytes: Uint8Array, start = 0, end = bytes.length, out: number[] = []): number[] {
  for (let pos = start; pos < end; ) {
    let at = pos + 1;
    if ((bytes[pos]! & 0x1f) === 0x1f) while (bytes[at++]! & 0x80);
    out.push(at);
    const l0 = bytes[at]!;
    const n = l0 < 0x80 ? 0 : l0 & 0x7f;
    let len = l0 < 0x80 ? l0 : 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[at + 1 + i]!;
    if (bytes[pos]! & 0x20) lengthOffsets(bytes, at + 1 + n, at + 1 + n + len, out);
    pos = at + 1 + n + len;
  }
  return out;
}

function mutate(seed: Uint8Array, m: { kind: string; pos: number; xor: number }): Uint8Array {
  const b = seed.slice();
  const pos = m.pos % b.length;
  switch (m.kind) {
    case 'flip':
      b[pos]! ^= m.xor;
      return b;
    case 'truncate':
      return b.subarray(0, pos);
    case 'insert':
      return Uint8Array.from([...b.subarray(0, pos), m.xor, ...b.subarray(pos)]);
    case 'delete':
      return Uint8Array.from([...b.subarray(0, pos), ...b.subarray(pos + 1)]);
    case 'length': {
      const offsets = lengthOffsets(seed);
      const at = offsets[m.pos % offsets.length]!;
      b[at] = (b[at]! + m.xor + 256) % 256;
      return b;
    }
    default:
      return structuralEdit(seed, m.pos, m.kind as (typeof EDITS)[number]);
  }
}

// ---- the tests -----------------------------------------------------------------------------------

const REAL = realKeyDescriptions();

describe('KeyDescription: ours = asn1js on every real one', () => {
  it('finds them all (3 android-key vectors in fixtures/webauthn, 2 Key Attestation CA1 chains)', () => {
    expect(REAL.length).toBeGreaterThanOrEqual(5);
    // Up to KeyMint: attestation versions 3 (Keymaster 4) … 300 and 400 (KeyMint).
    expect(new Set(REAL.map(([, kd]) => parseKeyDescription(kd).attestationVersion))).toContain(400);
  });
  it.each(REAL)('%s', (_name, kd) => {
    const theirs = oracle(kd);
    expect(theirs.ok).toBe(true);
    expect(ours(kd)).toEqual(theirs);
  });
});

describe('KeyDescription: ours = asn1js under mutation', () => {
  it('property: both read the same fields, or we refuse by a named rule, or both refuse', () => {
    const seeds = REAL.map(([, kd]) => kd);
    const tally = new Map<Outcome, number>();
    fc.assert(
      fc.property(mutation(seeds), (m) => {
        const outcome = compare(mutate(seeds[m.seed]!, m));
        tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
      }),
      { numRuns: RUNS },
    );
    // The run exercises every outcome and most named rules, not only their listing.
    expect(tally.get('both read')).toBeGreaterThan(100);
    expect(tally.get('both refuse')).toBeGreaterThan(100);
    expect([...tally.keys()].filter((k) => k.startsWith('stricter: ')).length).toBeGreaterThanOrEqual(6);
  }, 600_000);
});

describe('KeyDescription: where we are stricter than asn1js, one hand-built case each', () => {
  const seed = REAL[0]![1];
  const edit = (e: (typeof EDITS)[number], path: (b: Uint8Array) => number) => structuralEdit(seed, path(seed), e);
  /** Pre-order index of the first node whose identifier octets match. */
  const first = (id: number) => (b: Uint8Array) => allNodes(toTree(b)).findIndex(({ node }) => node.id[0] === id);
  const cases: Array<[string, Uint8Array]> = [
    ['non-minimal length', edit('long length', first(0x02))],
    ['indefinite length', edit('indefinite length', first(0x30))],
    ['non-minimal tag', edit('high form', first(0x04))],
    ['non-minimal INTEGER', edit('pad integer', first(0x02))],
    ['constructed universal type', edit('constructed', first(0x04))],
  ];
  it.each(cases)('%s: asn1js reads it, we refuse it by that named rule', (rule, der) => {
    expect(STRICTER_THAN_ASN1JS[rule]).toBeDefined();
    expect(oracle(der).ok).toBe(true);
    expect(ours(der)).toEqual({ ok: false, why: rule });
  });
});
