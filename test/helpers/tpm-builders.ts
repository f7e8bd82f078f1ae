/** Builders for TPMS_ATTEST / TPMT_PUBLIC byte strings used by the tpm tests (test-only). */

export function u16(v: number): number[] {
  return [(v >> 8) & 0xff, v & 0xff];
}
export function u32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}
export function sized(b: Uint8Array | number[]): number[] {
  return [...u16(b.length), ...b];
}

export interface AttestFields {
  magic?: number;
  type?: number;
  qualifiedSigner?: number[];
  extraData?: Uint8Array | number[];
  safe?: number;
  name?: Uint8Array | number[];
  qualifiedName?: number[];
  trailing?: number[];
}

export function buildCertInfo(f: AttestFields = {}): Uint8Array {
  return new Uint8Array([
    ...u32(f.magic ?? 0xff544347),
    ...u16(f.type ?? 0x8017),
    ...sized(f.qualifiedSigner ?? [0x00, 0x0b, ...new Array(32).fill(1)]),
    ...sized(f.extraData ?? new Array(32).fill(2)),
    ...[0, 0, 0, 0, 0, 0, 0, 9], // clock
    ...u32(1), // resetCount
    ...u32(2), // restartCount
    f.safe ?? 1,
    ...[0, 0, 0, 0, 0, 0, 0, 7], // firmwareVersion
    ...sized(f.name ?? [0x00, 0x0b, ...new Array(32).fill(3)]),
    ...sized(f.qualifiedName ?? [0x00, 0x0b, ...new Array(32).fill(4)]),
    ...(f.trailing ?? []),
  ]);
}

export interface EccPublicFields {
  nameAlg?: number;
  curveId?: number;
  scheme?: number[];
  kdf?: number[];
  symmetric?: number[];
  x: Uint8Array | number[];
  y: Uint8Array | number[];
  trailing?: number[];
}

export function buildEccPubArea(f: EccPublicFields): Uint8Array {
  return new Uint8Array([
    ...u16(0x0023),
    ...u16(f.nameAlg ?? 0x000b),
    ...u32(0x00060472),
    ...sized([]),
    ...(f.symmetric ?? u16(0x0010)),
    ...(f.scheme ?? u16(0x0010)),
    ...u16(f.curveId ?? 0x0003),
    ...(f.kdf ?? u16(0x0010)),
    ...sized(f.x),
    ...sized(f.y),
    ...(f.trailing ?? []),
  ]);
}

export interface RsaPublicFields {
  nameAlg?: number;
  keyBits?: number;
  exponent?: number;
  scheme?: number[];
  n: Uint8Array | number[];
  trailing?: number[];
}

export function buildRsaPubArea(f: RsaPublicFields): Uint8Array {
  return new Uint8Array([
    ...u16(0x0001),
    ...u16(f.nameAlg ?? 0x000b),
    ...u32(0x00060472),
    ...sized(new Array(32).fill(5)),
    ...u16(0x0010),
    ...(f.scheme ?? u16(0x0010)),
    ...u16(f.keyBits ?? f.n.length * 8),
    ...u32(f.exponent ?? 0),
    ...sized(f.n),
    ...(f.trailing ?? []),
  ]);
}
