// A tiny static HTTP server for the browser tests (node:http, no dependencies).
//
//   /            -> dist/index.html
//   /<file>      -> dist/<file>           (the Trunk release build)
//   /fixtures/x  -> ../shared/data/fixtures/x   (or $KPI_FIXTURES/x)
//   /shared/x    -> ../shared/data/x            (hostile and real files)
//   /generated/x -> target/e2e/generated/x      (files the tests write)
//   /cubes/x     -> core/tests/data/cubes/x     (cubes of the fixtures and the sample)
//   /encoded/x   -> the same, sent with `content-encoding: gzip` (a server that has the
//                   browser decode a .gz, as Apache's `AddEncoding x-gzip .gz` does)
//
// Listens on 127.0.0.1 with an ephemeral port. Anything missing is a plain 404.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const distDir = process.env.KPI_DIST ? path.resolve(process.env.KPI_DIST) : path.join(repoRoot, 'dist');
export const fixturesDir = process.env.KPI_FIXTURES
  ? path.resolve(process.env.KPI_FIXTURES)
  : path.resolve(repoRoot, '..', 'shared', 'data', 'fixtures');

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.otf': 'font/otf',
  '.ttf': 'font/ttf',
  '.gz': 'application/gzip',
  '.ndjson': 'application/x-ndjson',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

let server = null;

/** Maps a URL path to a file inside `root`, or null if it would escape it. */
function resolveInside(root, relative) {
  const file = path.resolve(root, '.' + path.posix.normalize('/' + relative));
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

export const generatedDir = path.join(repoRoot, 'target', 'e2e', 'generated');
const sharedDir = path.resolve(fixturesDir, '..');
const cubesDir = path.join(repoRoot, 'core', 'tests', 'data', 'cubes');

function fileFor(urlPath) {
  if (urlPath === '/fixtures' || urlPath.startsWith('/fixtures/')) {
    return resolveInside(fixturesDir, urlPath.slice('/fixtures'.length));
  }
  if (urlPath.startsWith('/shared/')) return resolveInside(sharedDir, urlPath.slice('/shared'.length));
  if (urlPath.startsWith('/generated/')) {
    return resolveInside(generatedDir, urlPath.slice('/generated'.length));
  }
  if (urlPath.startsWith('/cubes/')) return resolveInside(cubesDir, urlPath.slice('/cubes'.length));
  if (urlPath.startsWith('/encoded/')) return resolveInside(generatedDir, urlPath.slice('/encoded'.length));
  if (urlPath === '/' || urlPath === '') return path.join(distDir, 'index.html');
  return resolveInside(distDir, urlPath);
}

async function handle(req, res) {
  const send = (status, text) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(text);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
  let urlPath;
  try {
    urlPath = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return send(400, 'bad request\n');
  }
  let file = fileFor(urlPath);
  if (!file) return send(404, 'not found\n');
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return send(404, 'not found\n');
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-store',
    ...(urlPath.startsWith('/encoded/') ? { 'content-encoding': 'gzip' } : {}),
  });
  if (req.method === 'HEAD') return res.end();
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** Starts the server; resolves to { url, port } (url ends without a slash). */
export async function start() {
  if (server) throw new Error('test server already started');
  const s = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`internal error: ${err}\n`);
    });
  });
  await new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(0, '127.0.0.1', resolve);
  });
  server = s;
  const { port } = s.address();
  return { url: `http://127.0.0.1:${port}`, port };
}

/** Stops the server (a no-op when it is not running). */
export async function stop() {
  const s = server;
  server = null;
  if (!s) return;
  s.closeAllConnections?.();
  await new Promise((resolve) => s.close(() => resolve()));
}
