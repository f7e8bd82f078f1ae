// The demo page: vanilla JS, no build step. It asks the server for options, hands them to
// webauthn-verify/browser (served by the demo from the library's build as /lib/browser.js), and
// posts the JSON it returns back. Every failure is shown with its code.
//
// createCredential/getCredential take the options JSON the server sent and return the response
// JSON verifyRegistration/verifyAssertion take. They use the browser's own
// PublicKeyCredential.parse*OptionsFromJSON and toJSON() (WebAuthn L3 §5.1.8–§5.1.10) where it has
// them and the library's exact fallback where it does not, and turn the browser's DOMExceptions
// into coded errors (ERR_BROWSER_NOT_ALLOWED for a cancelled prompt, ERR_BROWSER_INVALID_STATE
// for an excluded authenticator, … docs/errors.md), with the DOMException's name in details.name.
import { createCredential, getCredential, isWebAuthnError } from '/lib/browser.js';

const $ = (id) => document.getElementById(id);

// ---- server calls
class ApiError extends Error {
  constructor(code, message, details) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

async function api(path, body, method = body === undefined ? 'GET' : 'POST') {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = await res.json().catch(() => ({ error: { code: 'DEMO_BAD_RESPONSE', message: `HTTP ${res.status}` } }));
  if (!res.ok || data.error) throw new ApiError(data.error?.code ?? `HTTP_${res.status}`, data.error?.message ?? 'Request failed', data.error?.details);
  return data;
}

// Test hooks (used by test/e2e): adjust options before the browser call. The server still
// verifies against its own policy, so nothing here can weaken verification.
window.demoHooks = { beforeCreate: null, beforeGet: null };
const last = { options: null, response: null, result: null };

async function ceremonyCreate(body) {
  let options = await api('/api/register/options', body);
  if (window.demoHooks.beforeCreate) options = window.demoHooks.beforeCreate(structuredClone(options));
  last.options = options;
  last.response = await createCredential(options);
  last.result = await api('/api/register/verify', last.response);
  return last.result;
}

async function ceremonyGet(body) {
  let options = await api('/api/login/options', body);
  if (window.demoHooks.beforeGet) options = window.demoHooks.beforeGet(structuredClone(options));
  last.options = options;
  last.response = await getCredential(options);
  last.result = await api('/api/login/verify', last.response);
  return last.result;
}

// ---- UI
function show(kind, text, code = '') {
  const m = $('message');
  m.className = kind;
  m.dataset.code = code;
  m.textContent = text;
}

// Server refusals carry the server's code; browser-side failures (user cancelled, no
// authenticator, an excluded one) arrive from webauthn-verify/browser as ERR_BROWSER_* codes with
// the browser's DOMException name in details.name, shown too.
const codeOf = (e) => (e instanceof ApiError || isWebAuthnError(e) ? e.code : e?.name ?? 'Error');

function showError(e) {
  const code = codeOf(e);
  const browserName = isWebAuthnError(e) && typeof e.details?.name === 'string' ? ` (${e.details.name})` : '';
  show('error', `${code}: ${e?.message ?? e}${browserName}`, code);
}

// COSE algorithm ids (IANA registry) by name, for the passkey table.
const ALGORITHMS = { '-7': 'ES256', '-35': 'ES384', '-36': 'ES512', '-8': 'EdDSA', '-19': 'Ed25519', '-53': 'Ed448', '-257': 'RS256', '-258': 'RS384', '-259': 'RS512', '-37': 'PS256', '-38': 'PS384', '-39': 'PS512', '-47': 'ES256K', '-48': 'ML-DSA-44', '-49': 'ML-DSA-65', '-50': 'ML-DSA-87' };
const algorithmName = (alg) => ALGORITHMS[String(alg)] ?? `COSE ${alg}`;
// Dates in the browser's own locale and time zone.
const localDate = (iso) => (iso ? new Date(iso).toLocaleString() : 'never');

// The authenticator's name is its own claim (its AAGUID, not proven by attestation here): the
// server labels it "… (reported by the authenticator)"; the tooltip says where the name came from.
const NAME_SOURCES = { 'fido-metadata': 'FIDO metadata BLOB', 'known-providers': 'the demo\'s list of passkey providers' };
const authenticatorTitle = (c) => `AAGUID ${c.aaguid}${c.authenticator ? `; name from ${NAME_SOURCES[c.authenticator.source] ?? c.authenticator.source}` : ''}`;

function passkeyRow(c, removable) {
  const tr = document.createElement('tr');
  tr.dataset.id = c.id;
  const cells = [
    { text: `${c.id.slice(0, 10)}…`, className: 'id', title: c.id },
    { text: c.authenticator?.label ?? '–', className: 'authenticator', title: authenticatorTitle(c) },
    { text: algorithmName(c.algorithm) },
    { text: `${c.fmt} / ${c.attestationType}` },
    { text: String(c.counter) },
    { text: c.backupEligible ? (c.backedUp ? 'backed up' : 'eligible') : 'no' },
    { text: localDate(c.lastUsedAt) },
  ];
  for (const cell of cells) {
    const td = document.createElement('td');
    if (cell.className) td.className = cell.className;
    if (cell.title) td.title = cell.title;
    td.textContent = cell.text;
    tr.append(td);
  }
  const td = document.createElement('td');
  // The last passkey cannot be removed (the server refuses it too): no button for it.
  if (removable) {
    const btn = document.createElement('button');
    btn.textContent = 'Remove';
    btn.addEventListener('click', () => run(() => remove(c.id)));
    td.append(btn);
  }
  tr.append(td);
  return tr;
}

async function refresh() {
  const me = await api('/api/me');
  $('signed-out').hidden = !!me.user;
  $('signed-in').hidden = !me.user;
  if (!me.user) return me;
  $('who').textContent = me.user.displayName ? `${me.user.displayName} (${me.user.name})` : me.user.name;
  const rows = me.credentials.map((c) => passkeyRow(c, me.credentials.length > 1));
  $('passkeys').replaceChildren(...rows);
  return me;
}

async function remove(id) {
  await api(`/api/credentials/${encodeURIComponent(id)}`, undefined, 'DELETE');
  show('ok', 'Passkey removed');
  return refresh();
}

async function run(fn) {
  try {
    const out = await fn();
    await refresh();
    return { ok: true, value: out };
  } catch (e) {
    showError(e);
    return { ok: false, code: codeOf(e), message: e?.message, details: e?.details };
  }
}

const actions = {
  register: (username, displayName) => run(async () => {
    const r = await ceremonyCreate({ username, displayName });
    show('ok', `Account created; passkey ${r.credential.id.slice(0, 12)}… (${r.attestation.fmt}) registered`);
    return r;
  }),
  addPasskey: () => run(async () => {
    const r = await ceremonyCreate({});
    show('ok', `Passkey ${r.credential.id.slice(0, 12)}… (${r.attestation.fmt}) added`);
    return r;
  }),
  login: (username) => run(async () => {
    const r = await ceremonyGet({ username });
    show('ok', `Signed in as ${r.user.name} (counter ${r.counter})`);
    return r;
  }),
  loginDiscoverable: () => run(async () => {
    const r = await ceremonyGet({});
    show('ok', `Signed in as ${r.user.name} (counter ${r.counter})`);
    return r;
  }),
  remove: (id) => run(() => remove(id)),
  logout: () => run(async () => {
    await api('/api/logout', {});
    show('ok', 'Signed out');
  }),
  refresh: () => run(() => refresh()),
  api: (path, body, method) => run(() => api(path, body, method)),
};
window.demo = { ...actions, last };

$('register-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  actions.register(String(f.get('username')), String(f.get('displayName') || ''));
});
$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  actions.login(String(new FormData(e.target).get('username')));
});
$('login-discoverable').addEventListener('click', () => actions.loginDiscoverable());
$('add-passkey').addEventListener('click', () => actions.addPasskey());
$('logout').addEventListener('click', () => actions.logout());

if (!window.PublicKeyCredential) show('error', 'ERR_BROWSER_UNSUPPORTED: This browser does not support WebAuthn', 'ERR_BROWSER_UNSUPPORTED');
refresh().then(() => { window.demoReady = true; }, showError);
