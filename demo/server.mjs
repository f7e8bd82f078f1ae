// Starts the demo relying party on whichever runtime runs this file:
//   node demo/server.mjs                                          (npm run demo builds first)
//   deno run --allow-net --allow-read --allow-write --allow-env demo/server.mjs
//   bun demo/server.mjs
// Environment: PORT (default 8080), DEMO_DATA_DIR (default .demo-data/ at the repo root),
// DEMO_RP_ID (default localhost), DEMO_ORIGIN (default http://localhost:PORT),
// DEMO_REQUIRE_UV=1 (require user verification; default off so PIN-less security keys work).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.mjs';
import { JsonFileStore } from './store.mjs';

const env = (name) => (globalThis.Deno ? globalThis.Deno.env.get(name) : globalThis.process?.env[name]) || undefined;

const port = Number(env('PORT') ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0..65535, got ${env('PORT')}`);
const host = env('DEMO_HOST') ?? '127.0.0.1';
const dataDir = env('DEMO_DATA_DIR') ?? fileURLToPath(new URL('../.demo-data/', import.meta.url));

const read = (name) => readFile(new URL(`./public/${name}`, import.meta.url), 'utf8');
const staticFiles = {
  '/': { type: 'text/html; charset=utf-8', body: await read('index.html') },
  '/app.js': { type: 'text/javascript; charset=utf-8', body: await read('app.js') },
  '/style.css': { type: 'text/css; charset=utf-8', body: await read('style.css') },
};

const store = await JsonFileStore.open(dataDir);

/** Build the app once the real port is known (PORT=0 picks a free one), so origin is exact. */
function makeApp(actualPort) {
  const origin = env('DEMO_ORIGIN') ?? `http://localhost:${actualPort}`;
  const app = createApp({
    store,
    rpID: env('DEMO_RP_ID') ?? 'localhost',
    origin,
    requireUserVerification: env('DEMO_REQUIRE_UV') === '1',
    staticFiles,
  });
  return { app, origin };
}

function announce(actualPort, origin, runtime) {
  console.log(`webauthn-verify demo (${runtime}) listening on ${host}:${actualPort}; data in ${dataDir}`);
  console.log(`open ${origin}`);
}

if (globalThis.Deno) {
  let app;
  const server = globalThis.Deno.serve(
    { port, hostname: host, onListen: ({ port: p }) => { const made = makeApp(p); app = made.app; announce(p, made.origin, `deno ${globalThis.Deno.version.deno}`); } },
    (req) => app.fetch(req),
  );
  await server.finished;
} else if (globalThis.Bun) {
  let app;
  const server = globalThis.Bun.serve({ port, hostname: host, fetch: (req) => app.fetch(req) });
  const made = makeApp(server.port);
  app = made.app;
  announce(server.port, made.origin, `bun ${globalThis.Bun.version}`);
} else {
  const { serve } = await import('@hono/node-server');
  let app;
  const server = serve({ fetch: (req, env2) => app.fetch(req, env2), port, hostname: host }, (info) => {
    const made = makeApp(info.port);
    app = made.app;
    announce(info.port, made.origin, `node ${process.version}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
