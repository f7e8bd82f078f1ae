/**
 * The runtime builtin lookup: node:crypto where the runtime has it, found WITHOUT a static `node:`
 * import, so every module that uses it loads (and does nothing) on Deno, Bun, browsers and
 * workers. The builtin is looked up once, at run time, through
 * `globalThis.process?.getBuiltinModule?.('node:crypto')` (Node ≥ 20.16; Deno and Bun provide it
 * too). Where it is missing, `nodeCrypto()` is undefined and callers use WebCrypto.
 *
 * Users: the hash module (./hash.ts, SHA-2 through OpenSSL) and the node signature backend
 * (src/signature/backends/node.ts). This file only finds the module; it calls nothing in it.
 */

/** The opaque node:crypto KeyObject (only passed back to node:crypto). */
export interface NodeKeyObject {
  readonly type: string;
}

/** Key plus options, as node:crypto `verify` takes them. */
export interface NodeVerifyKey {
  key: NodeKeyObject;
  dsaEncoding?: 'der' | 'ieee-p1363';
  padding?: number;
  saltLength?: number;
}

/** The slice of node:crypto this library uses (typed here: src compiles without @types/node). */
export interface NodeCryptoModule {
  createPublicKey(input: { key: JsonWebKey; format: 'jwk' }): NodeKeyObject;
  verify(algorithm: string | null, data: Uint8Array, key: NodeKeyObject | NodeVerifyKey, signature: Uint8Array): boolean;
  verify(
    algorithm: string | null,
    data: Uint8Array,
    key: NodeKeyObject | NodeVerifyKey,
    signature: Uint8Array,
    callback: (error: unknown, ok: boolean) => void,
  ): void;
  createHash(algorithm: string): { update(data: Uint8Array): { digest(): Uint8Array } };
  readonly constants: { readonly RSA_PKCS1_PADDING: number; readonly RSA_PKCS1_PSS_PADDING: number };
}

type GetBuiltinModule = (id: string) => unknown;

let cached: NodeCryptoModule | null | undefined;

/** node:crypto when the runtime provides `process.getBuiltinModule`, else undefined. Looked up once. */
export function nodeCrypto(): NodeCryptoModule | undefined {
  if (cached === undefined) {
    cached = null;
    try {
      const proc = (globalThis as { process?: { getBuiltinModule?: GetBuiltinModule } }).process;
      const m = proc?.getBuiltinModule?.('node:crypto') as Partial<NodeCryptoModule> | undefined;
      if (typeof m?.verify === 'function' && typeof m.createPublicKey === 'function' && typeof m.createHash === 'function') {
        cached = m as NodeCryptoModule;
      }
    } catch {
      cached = null; // a runtime that throws on the lookup simply has no node backend
    }
  }
  return cached ?? undefined;
}
