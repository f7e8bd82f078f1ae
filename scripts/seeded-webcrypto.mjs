/**
 * A seeded WebCrypto for scripts/generate-fixtures.mjs, so that the generated fixtures are the same
 * bytes on every run (test/vectors/fixtures-generated.test.ts regenerates them and compares). While `fn`
 * runs, the global `crypto` answers from the seed instead of the system's randomness:
 *
 * - getRandomValues: a SHA-256 counter stream over the seed (credential ids, user handles,
 *   challenges, certificate serials);
 * - subtle.generateKey: ECDSA P-256/384/521 and Ed25519 keys derived from the same stream (via
 *   @noble/curves); RSA keys are taken in order from FIXED_RSA_KEYS below (fixed 2048-bit test
 *   keys: an RSA key cannot be derived from a seed without writing prime generation ourselves);
 * - subtle.sign for ECDSA: deterministic signatures (RFC 6979, @noble/curves) over the WebCrypto
 *   digest; every other algorithm used (RSASSA-PKCS1-v1_5, Ed25519) is deterministic already.
 *
 * The originals are restored afterwards. Test tooling only: nothing in src/ imports this.
 */
import { createHash } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';

const CURVES = { 'P-256': p256, 'P-384': p384, 'P-521': p521 };
/** Seed bytes for a secret scalar: field size + 16 bytes, reduced mod n by noble (FIPS 186-5 A.2.1). */
const SCALAR_SEED_BYTES = { 'P-256': 48, 'P-384': 64, 'P-521': 82 };

/** PKCS#8 DER (base64) of the RSA-2048 test keys, used in order. Made once with `openssl genpkey`. */
const FIXED_RSA_KEYS = [
  (
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDR5jmebTT0ku2DVDqOLCZFOANJd61iBuLbtcr7zZHIWHyq' +
    'yZPTUy7NLeWiqaJKNio6HjUgyTp0LfAE5R3gPPavk/Lelvg2djanePtt4l1jlrCKYZf8G0eg+o4CsiUG9GCGzt6rKfV60lQ5' +
    't23Vo4IRaHq1DrPYDnQYLNT5ka93oNo/Tf2rqlvWTFrb6HLjfh+WJ/+sU/DlRm/5dBn9zScVYFHWk93mQsw5GwpDp+El15kJ' +
    'bOEZ26LLwN9abHvXbtXeCMYCVnbGb6QQy59vHxJikPGxwPZFpXZL3l7KQ1Gcus2P8tBaFP0tSc7OAoAETc13CAKnMWRB/vb8' +
    '+WN5QJVlAgMBAAECggEAAJgCvVFlXyfA2kIO8SYFoBgaq+BVy9T/J7LDXAqZ1fpCGzphjuB8xAHUO3orxlzFQ8+gENng4drb' +
    'afghj7Si2Gsch2ETJ+KvuhhcH1R1NS0dwYmpipujjG+ins+7Z3vVGUYhvrqddV2w9U5w77P8HNAYQMWsE1/L5K5qL9NbFR7z' +
    'DnycLGUwiZE1qyga3OiWo5ZcMRllUSK787kC9KeKD8Dm4VbLO/Plx/j9PqHB7Vu97R4b64NwKIfuNWKn0v7HWOtnATepjbDH' +
    '4JWN+LHFFwmfYXOtblS9Hmkj+ulM7kya7VH1dSbTdn2kHFe+wzCs88Vx5by7YTmYTLQdlXpCpQKBgQD5DubHFsT6lS7KoDwy' +
    'FXXg7OscYCwYzt0t6gZrxwRWs9QNr1FVzVrVum9vMrzuHLN8iZT7wRcuTXUzKJnQypAtceE4H5mY+tf7TfkYf52U0DBSjhzQ' +
    '+EOJ/bW5sRjydxGMkaYqapzw14srKnerJeKtW7TIg2x/KDfSlZJvvLpU3wKBgQDXv+oHoIu4lJa/gL/VXC76wl6bsLHm0ZOq' +
    'XryNz+wAlLAe0Lg2bYFSopyrVJLpNciV7W4TKH9Q6VKo/zJ7ew2vMNmBbmHGHFJjN5gK30sbzQtDWfbhFEJfQe0B0Pn8SET4' +
    'vhygiSyi9PIAuhw47Y4ASJ6GG7hOYIJ7iMvn3vu6OwKBgQDiVCxcF9EBdriC4oJRcTciI6q0qqDoGnTc2KLlJoJG2DyIAx4C' +
    'vw8g0r+ZaZ5PND3Xmp+M+Le8GB+9UdQV7T6ATdDBU9YdMzc65GzNWos1RMvk+cguDq4xpCGUkd99175W47UBLslYBEgv/fOp' +
    '0E/iAkiTPvtFwqKX99yPNg6OOQKBgEPPJ8kZ5pAu82phFuoCPSnHKWEZmfCH8jdb6ztPHEfac7hbtWo15K2KOl+HB12Q7+hf' +
    'ZXdUBR/zFW3UN5Ojy1tCqToK7WQMxsA0Wu8f20VznpSek/+OFIZH/CvT+J4YQMVFS04RjxvwjJc552DlGPpx2JEh6T2JC7mz' +
    '9xJ7fPa9AoGAOuhhqbm8QabYeMMU8IR7Tt6kaGb0LNggSU/D8vfVpmejNAYPi05qxOm5UsenHNH6I+/U2XJ3U2d4eh6CvI34' +
    'M6XnwQQhQpjopin2Udlh3k6yyLqB5NU/1DFitH38Q6/urszXPNWySFoyWRW76vrWc+nqQdVq/5I3My3fGULpAhY='
  ),
  (
    'MIIEvwIBADANBgkqhkiG9w0BAQEFAASCBKkwggSlAgEAAoIBAQDF71l6l4sov1ROyoWTYWFk9EjO55euvPNCPfZYj9nQ85OB' +
    'MI7guEuftCVfG+Y+ZQxdR0sOXFwirsAuCUxEJ2ED6rQ/wBv5+EuZ7xpYzQ23CiJTVucaPH0i8JN3g0DasbDVwAccFagp6iRL' +
    'a5sSs8ealIacx66/NolcFgdg/wdle71dHmEBcicYaNNmNjTtTfkYpV+NH4jpayVe1nG6cz+of9bxHl54ISp/kNkjq7biX3Je' +
    '9q8dy7dvCbIY93yvyLPgtI1mM7tDihENm2vwmhmEYUdi6msNN0OjXjN14piEm0FxNJJpjuNJN0TnaQkK5sf6QIJpo7DlhLou' +
    'UzVnQL/lAgMBAAECggEACsOVbiFHpBOjlhVVZkppbYALZZUanpoP8I5GE1LfWYmlf+UQIBBlrG2zipSN1N7R6VCzODi1mf0+' +
    '3kILL7mkgP4Gh2D/JHzoP5rNJ/8eu9GFRFr5fmfDtl625kzw/fOj1jv3JwPWfVEKYD+d00qLlFB3cZc6XZOtrKBWDmRQFqin' +
    'fRj1jBjafFrOGYXEEyY0vBo+hCrWi+pYBd7nd+bJybhdWLJS/LX+FXwPoAfcz3TNtvdnV1BvjkLprptW8tdvoy666l+0Pbm/' +
    '+bbag7V6BG5ZWEwwBwSx9GeKsi0PwCZkLSKPJGQZGKWJxQhYEcdSvoZtjwi8nDVG8CoNf3yqkQKBgQDxIgk2GOSwQEoyfHpo' +
    'B8pqwHu6Z828zSY5Q7JCaoBzW4WYPXVuInhyTx2r3lBgXp2G+YotNKC20vuvXfkldEkD6rsVoG3bIPyiN3x7qXqRGEHt96DP' +
    'myKwSIUmV2AFC3PXvIuaNFuKBmCkW+wQQHQqMn/hbvUk5WamI4Pxyc5mJwKBgQDSI32PrleM4YImx41tcPyGa8YLi4HfKbWO' +
    'I0Nn/+l7hyX798chP3cZoKMURIgZXW2mvml38mDP2/MBwmPwgNu8/UZReuHYRlL8PDPldof+FeaewoWiHGhnB2sSvf0fT1bM' +
    'AJpL5ITXDX7SWn4KvUZU9MbxnEbZy7Cr7gG2bnVdEwKBgQDe4igDgfT4WSR8EAUQ3YqjK/Hxtfs8dZ/MNJ+ztj+u4TzWIJDH' +
    '0ULl3e0+LMq8mRggZ83pxQh8lP4g9crSbO8EmNZ+wgBpGM+LnaAJqfjp3rMqI8bXvrzMluvEKeVOJGzaT6P2UEkAhq6TnYfQ' +
    '6dK2ImGD3YzoosZD8PYH6xJF5wKBgQCASd57+0nD3mCg4C79Y38naWBs5+yPm10Vu32JXnjiSy3rV+ef6qkBYkptMzGLmrg4' +
    'lgK5kaV9AKCosE5nI6QDCvUFBWofqT88clyUd/qqKiCzR7phr8olLCg4NvjzRnKM9Mk+D/Lxf3GvZkOQtuDbONzD4E545Jul' +
    'Oxack27fNQKBgQDNImzg4FDpy081zAw4CYTYq6T0H1VKsuBOjjt5A4g1L9eDiJUJRZ7UhHvRxYQmPK2Ot+dhXmE5WjRSkz7z' +
    'eBJhPtPoWOQR0JgW26RCVV51ziJKNb3ZdQTkaGAJaqwdVlMxhrOqzPa0H1I1SPSi8T1CvPAQy6barRNHVt8iMGbM5A=='
  ),
  (
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCmlwGxkyidxvuX0mFoDDJUQri7QjVZ713kpJeuzgoAaXFZ' +
    'SLFu5amoL82I/zeEj4sXWzq1i3rXXZI5tOxjMHEfe72Lmg/3v4orEy9CpLQUCn2/F7Xf866W+K8sBh6+qqWCIRxg0nivOI1I' +
    'dAXLEcZLpG1o7KbnIge5Ob8I/Q72fCMB2gPC7ZzZKYDW0yV8E540rBF1OWSnNd7yC5175EjmJfKJ5aWTBKZKZ2FhgBEVtksN' +
    'XPfiaZRJUWdKlvbJxB3krJzujjahwk9WbSTs84hXiLaGX771vObOl9upl2OVl0VzaB9tzyL83mJVpl+CVnqACUWG5nVGRnSe' +
    '/Hm2lufjAgMBAAECggEABQLq6qAeKyzmuaj7BCnFw9IkA4IY38U7IlsvMvOAyoVhgwmUSN1Azs3tVW80CNlWmlPEvtxczCjE' +
    '8tZ1+//jj0pmJ9JxI4dQDT6s/8i7oBS2tq5sarnGaUU+48ilWSACDZmYZHNAbSj62xCecf7tY64lGnBwDujvqYtKq2cNca26' +
    '5CDr3u+2ohnHts0enJWJT2sWsJ9GnUTL5T4/Bjx/xmnSITFhYdvCw0N+CL9D3uRT55uVy6/GQy3Sr1oKWvzr0g5pju1tzlk+' +
    'QMhiO03kzjKp//vYuUN1oqKYnu1sookOC8fzSxJj6aDdt4E8fOLcOzRJw6yF/KnX7jhBp9SCrQKBgQDTsWoMjW3j7bzstrJh' +
    'eWDAs4b2yh8AkkNBImAZCRtYssMm49nepcbV1St/0mLIHflnuc2sgXnvwsFdkrPS29LLmJbzAlcQ4e5qXm2AJ80WLWCxfkmI' +
    'ml9TRcoWrRt0gcJsz6ikf+H5JGJG2Bw4UPSW5FOIgh3lyJZkJrNm4Pnu7QKBgQDJdPMdVqoso/PoIMyBC9V77YSo9P4Nh+B7' +
    'ItIc9bxn/8IJAEpri8Uq5UL789bkDbjCWlAzIFORtBBpp7EOXuBmnyibZnigbAC+mDdY+l9e//V7b5jx2LZXmJ2PzzmzvbdL' +
    'ctwaQL9DbHpf35Uw+w9J/KQEkjfSRlQeOc2aIJSIDwKBgB8l7K+6I6A0++Zsn2SeQnE4OTSY2uTvoHu1/iPQ5jgv3W0ce5M6' +
    'Gz6dZhAhua0uU+NCQJQQXQu9QUxuaI0vER4p7pQFFSCDzdvS1xPTR2bq+F5FcbZq2HndO/YINJD5As2V5H+H3Y0WIGvCIqza' +
    'pJKLOAtO8e08jXxhAWay1bOlAoGBAKB05Nq+V2ac471Eun4iVdSSVvJXyC4wxmxtTJtCYuEWxY5zy9KjDdTfrB2Plt4ny7wJ' +
    'QQ2ntsg7ekMdDJocmXFDXY2A7Z0gyOsFxDe7m9DH39eECHbAnGNirESJ0jTGa8LNZmAGqBBky4enRmYv4XqVnnIBoDJ8T62P' +
    'bqJPRt6jAoGATyql80D6ZOZvGGyoDZ6mhVje0RqvnmexIG8RuEhYIc8GzYO1nZ27PZDfDcUdgMbQUQwEfhkc3yNnfeexhtEZ' +
    'k9r6x1fid60EO0/2+9XKD2RGmFWFimvdU7gftI5s+0DGIWRpsfKCF6rMf9RZxSCEhL4gN9l42alcSmT6f63LgA0='
  ),
];

const b64u = (bytes) => Buffer.from(bytes).toString('base64url');

/** n bytes at a time from SHA-256(seed ‖ 0x00 ‖ counter), counter = 0, 1, 2, … */
function byteStream(seed) {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 32) {
      const block = createHash('sha256').update(`${seed}\0${counter++}`).digest();
      out.set(block.subarray(0, Math.min(32, n - i)), i);
    }
    return out;
  };
}

/** The JWKs of a key pair derived from the stream (drawn synchronously, so call order fixes the key). */
function derivedJwks(params, next, rsaIndex) {
  if (params.name === 'ECDSA') {
    const curve = CURVES[params.namedCurve];
    if (!curve) throw new Error(`seeded WebCrypto: no curve ${params.namedCurve}`);
    const d = curve.utils.randomSecretKey(next(SCALAR_SEED_BYTES[params.namedCurve]));
    const point = curve.getPublicKey(d, false);
    const size = (point.length - 1) / 2;
    const pub = { kty: 'EC', crv: params.namedCurve, x: b64u(point.subarray(1, 1 + size)), y: b64u(point.subarray(1 + size)) };
    return { pub, priv: { ...pub, d: b64u(d) } };
  }
  if (params.name === 'Ed25519') {
    const d = next(32);
    const pub = { kty: 'OKP', crv: 'Ed25519', x: b64u(ed25519.getPublicKey(d)) };
    return { pub, priv: { ...pub, d: b64u(d) } };
  }
  if (params.name === 'RSASSA-PKCS1-v1_5' || params.name === 'RSA-PSS') {
    const der = FIXED_RSA_KEYS[rsaIndex];
    if (der === undefined) throw new Error('seeded WebCrypto: out of fixed RSA keys; add one to FIXED_RSA_KEYS');
    return { pkcs8: Buffer.from(der, 'base64') };
  }
  throw new Error(`seeded WebCrypto: cannot derive a ${params.name} key`);
}

async function importPair(subtle, params, jwks, extractable, usages) {
  const signUsages = usages.filter((u) => u === 'sign');
  const verifyUsages = usages.filter((u) => u === 'verify');
  if (jwks.pkcs8) {
    const privateKey = await subtle.importKey('pkcs8', jwks.pkcs8, params, true, signUsages);
    const { kty, n, e } = await subtle.exportKey('jwk', privateKey);
    const publicKey = await subtle.importKey('jwk', { kty, n, e }, params, true, verifyUsages);
    return { privateKey, publicKey };
  }
  const privateKey = await subtle.importKey('jwk', jwks.priv, params, extractable, signUsages);
  const publicKey = await subtle.importKey('jwk', jwks.pub, params, true, verifyUsages);
  return { privateKey, publicKey };
}

/** RFC 6979 ECDSA over WebCrypto's digest of `data`, as WebCrypto returns it (r‖s). */
async function deterministicEcdsa(subtle, algorithm, key, data) {
  const jwk = await subtle.exportKey('jwk', key); // generated keys are extractable
  const curve = CURVES[jwk.crv];
  const digest = new Uint8Array(await subtle.digest(algorithm.hash, data));
  const signature = curve.sign(digest, Buffer.from(jwk.d, 'base64url'), { prehash: false });
  return new Uint8Array(signature).buffer;
}

/** Runs `fn` with the global crypto seeded by `seed`; restores it afterwards. */
export async function withSeededWebCrypto(seed, fn) {
  const c = globalThis.crypto;
  const subtle = c.subtle;
  const real = { sign: subtle.sign.bind(subtle), importKey: subtle.importKey.bind(subtle), exportKey: subtle.exportKey.bind(subtle), digest: subtle.digest.bind(subtle) };
  const next = byteStream(seed);
  let rsaIndex = 0;
  c.getRandomValues = (array) => {
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(next(array.byteLength));
    return array;
  };
  subtle.generateKey = (params, extractable, usages) => {
    const jwks = derivedJwks(params, next, params.name.startsWith('RSA') ? rsaIndex++ : -1);
    return importPair(real, params, jwks, extractable, usages);
  };
  subtle.sign = (algorithm, key, data) =>
    (algorithm?.name ?? algorithm) === 'ECDSA' ? deterministicEcdsa(real, algorithm, key, data) : real.sign(algorithm, key, data);
  try {
    return await fn();
  } finally {
    delete c.getRandomValues;
    delete subtle.generateKey;
    delete subtle.sign;
  }
}
