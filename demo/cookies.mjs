// The demo's two cookies, both HttpOnly and SameSite=Strict:
// - `cid`: the browser's pending ceremony (set when a ceremony starts, cleared when it is consumed);
// - `sid`: the signed-in session (set only by a verified registration or sign-in).
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';

/** @param {boolean} secure  true when the origin is https (the cookie is then Secure) */
export function cookieJar(secure) {
  return {
    set: (c, name, value) => setCookie(c, name, value, { httpOnly: true, sameSite: 'Strict', path: '/', secure }),
    clear: (c, name) => deleteCookie(c, name, { path: '/', secure }),
  };
}

/** Starts a ceremony for this browser (replacing its previous one) and sets the ceremony cookie. */
export async function beginCeremony(c, ctx, ceremony) {
  const id = await ctx.ceremonies.begin(ceremony, { ttlMs: ctx.ttl, clientIp: ctx.clientIp(c), replaces: getCookie(c, 'cid') });
  ctx.cookies.set(c, 'cid', id);
}

/** Consumes this browser's ceremony (single use, even if verification then fails). */
export async function takeCeremony(c, ctx, kind) {
  const id = getCookie(c, 'cid');
  ctx.cookies.clear(c, 'cid');
  return ctx.ceremonies.take(id, kind);
}

/** Signs the browser in with a fresh session id. */
export async function signIn(c, ctx, userId) {
  const session = await ctx.ceremonies.signIn(userId, c.get('session')?.id);
  ctx.cookies.set(c, 'sid', session.id);
}
