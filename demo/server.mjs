// Starts the demo relying party on whichever runtime runs this file:
//   node demo/server.mjs                                          (npm run demo builds first)
//   deno run --allow-net --allow-read --allow-write --allow-env demo/server.mjs
//   bun demo/server.mjs
// Environment (docs/demo.md): PORT (default 8080), DEMO_HOST (127.0.0.1), DEMO_RP_ID (localhost),
// DEMO_ORIGIN (http://localhost:PORT), DEMO_REQUIRE_UV=1, and the database:
//   DEMO_DATABASE_URL=postgres://…  a PostgreSQL shared by any number of demo processes, or else
//   DEMO_DATA_DIR                    the embedded PGlite directory (default .demo-data/pglite/).
// DEMO_MAX_CEREMONIES / DEMO_MAX_CEREMONIES_PER_IP bound pending ceremonies (10000 / 64).
// DEMO_MDS_BLOB=<BLOB .jwt> names each passkey's authenticator from FIDO metadata, verified once here
// (DEMO_MDS_ROOT=<pem> overrides the root; DEMO_MDS_NOW=<ISO date> is for tests with an old BLOB).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.mjs';
import { browserModuleFiles } from './browser-module.mjs';
import { DatabaseOpenError, openDatabase } from './db.mjs';
import { loadMetadataFromEnv, StartupError } from './metadata.mjs';
import { SqlStore } from './store.mjs';

const env = (name) => (globalThis.Deno ? globalThis.Deno.env.get(name) : globalThis.process?.env[name]) || undefined;
const die = (message) => {
  console.error(`demo: ${message}`);
  process.exit(1);
};

const port = Number(env('PORT') ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) die(`PORT must be 0..65535, got ${env('PORT')}`);
const host = env('DEMO_HOST') ?? '127.0.0.1';
const positive = (name) => {
  const v = env(name);
  if (v === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(v)) die(`${name} must be a positive integer, got ${v}`);
  return Number(v);
};
const limits = { maxPendingCeremonies: positive('DEMO_MAX_CEREMONIES'), maxPendingCeremoniesPerIp: positive('DEMO_MAX_CEREMONIES_PER_IP') };

const read = (name) => readFile(new URL(`./public/${name}`, import.meta.url), 'utf8');
const staticFiles = {
  '/': { type: 'text/html; charset=utf-8', body: await read('index.html') },
  '/app.js': { type: 'text/javascript; charset=utf-8', body: await read('app.js') },
  '/style.css': { type: 'text/css; charset=utf-8', body: await read('style.css') },
  '/favicon.svg': { type: 'image/svg+xml', body: await read('favicon.svg') },
  // webauthn-verify/browser (createCredential/getCredential), as built: /lib/browser.js and its chunks.
  ...(await browserModuleFiles().catch((e) => die(`cannot read webauthn-verify/browser from the build (${e.code ?? e.message}): run npm run build`))),
};

// Verified before anything else starts: a refused BLOB is a one-line error naming the file and code.
const metadata = await loadMetadataFromEnv(env).catch((e) => die(e instanceof StartupError ? e.message : `DEMO_MDS_BLOB: ${e.message}`));
// With a BLOB (opt-in), one more line: which one was verified.
if (metadata) console.log(`metadata: BLOB no. ${metadata.no}, ${metadata.entries.length} ${metadata.entries.length === 1 ? 'entry' : 'entries'}, next update ${metadata.nextUpdate} (${env('DEMO_MDS_BLOB')})`);
const db = await openStore();
const store = await SqlStore.open(db).catch((e) => die(`cannot prepare the database ${db.label}: ${e.message}`));

async function openStore() {
  const url = env('DEMO_DATABASE_URL');
  const dataDir = url ? undefined : env('DEMO_DATA_DIR') ?? fileURLToPath(new URL('../.demo-data/pglite/', import.meta.url));
  try {
    return await openDatabase({ url, dataDir });
  } catch (e) {
    return die(e instanceof DatabaseOpenError ? e.message : `cannot open the database ${url ? 'at DEMO_DATABASE_URL' : dataDir}: ${e.message}`);
  }
}

/** Build the app once the real port is known (PORT=0 picks a free one), so origin is exact. */
function makeApp(actualPort) {
  const origin = env('DEMO_ORIGIN') ?? `http://localhost:${actualPort}`;
  const app = createApp({ store, rpID: env('DEMO_RP_ID') ?? 'localhost', origin, requireUserVerification: env('DEMO_REQUIRE_UV') === '1', staticFiles, metadata, ...limits });
  // One line, the URL that works: the page must be opened at the origin (an IP address is not the
  // RP ID). Where the data lives is in docs/demo.md (DEMO_DATA_DIR / DEMO_DATABASE_URL).
  // Behind a proxy (DEMO_ORIGIN set), the listening address is not the URL: say both.
  if (env('DEMO_ORIGIN')) console.log(`listening on ${host}:${actualPort} for ${origin}`);
  console.log(`open ${origin}`);
  return app;
}

const inUse = () => die(`port ${port} is already in use: start with PORT=<another port> (or PORT=0 for any free one)`);
let stopping = false;
async function stop(closeServer) {
  if (stopping) return;
  stopping = true;
  await closeServer().catch(() => {});
  await db.close().catch(() => {});
  process.exit(0);
}

if (globalThis.Deno) {
  let app;
  const server = globalThis.Deno.serve(
    { port, hostname: host, onListen: ({ port: p }) => (app = makeApp(p)) },
    (req, info) => app.fetch(req, { clientIp: info.remoteAddr?.hostname }),
  );
  await server.finished;
} else if (globalThis.Bun) {
  let app;
  const server = globalThis.Bun.serve({ port, hostname: host, fetch: (req, srv) => app.fetch(req, { clientIp: srv.requestIP(req)?.address }) });
  app = makeApp(server.port);
} else {
  const { serve } = await import('@hono/node-server');
  let app;
  const server = serve({ fetch: (req, env2) => app.fetch(req, env2), port, hostname: host }, (info) => (app = makeApp(info.port)));
  server.on('error', (e) => (e.code === 'EADDRINUSE' ? inUse() : die(e.message)));
  const closeServer = () => new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
  process.on('SIGINT', () => stop(closeServer));
  process.on('SIGTERM', () => stop(closeServer));
}
