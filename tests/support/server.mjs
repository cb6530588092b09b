// A tiny static file server for tests and benchmarks: node's http module, no dependencies.
//
//   const server = await serve('/abs/path/to/dist');
//   server.url        // 'http://127.0.0.1:PORT/' (random free port)
//   server.requests   // [{ method, path, status, time }] for every request, in order
//   await server.close();
//
// `serve(dir, { precompressed: true })` answers like a production server configured for
// precompressed files (nginx `brotli_static`, Caddy `precompressed`): a request accepting
// brotli (or gzip) for a file with a `.br` (or `.gz`) copy beside it gets that copy.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeType(filePath) {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Maps a URL path onto a file inside `root`, or null if it would escape it. */
function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

async function fileFor(root, urlPath) {
  const file = resolveInside(root, urlPath);
  if (file === null) return null;
  const info = await stat(file).catch(() => null);
  if (info?.isDirectory()) return fileFor(root, path.posix.join(urlPath, 'index.html'));
  return info?.isFile() ? file : null;
}

/** The precompressed copy of `file` the request accepts, as [path, encoding], or null. */
async function encodedCopy(file, acceptEncoding) {
  for (const [suffix, encoding] of [['.br', 'br'], ['.gz', 'gzip']]) {
    if (!acceptEncoding.split(',').some((part) => part.trim().split(';')[0] === encoding)) continue;
    const info = await stat(file + suffix).catch(() => null);
    if (info?.isFile()) return [file + suffix, encoding];
  }
  return null;
}

/** Serves `dir` on 127.0.0.1 with a random port. Resolves once it is listening. */
export async function serve(dir, { precompressed = false } = {}) {
  const root = path.resolve(dir);
  const requests = [];
  const server = createServer(async (req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://localhost').pathname;
    const entry = { method: req.method, path: urlPath, status: 0, time: Date.now() };
    requests.push(entry);
    const file = req.method === 'GET' || req.method === 'HEAD' ? await fileFor(root, urlPath) : null;
    if (file === null) {
      entry.status = 404;
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`not found: ${urlPath}\n`);
      return;
    }
    try {
      const copy = precompressed ? await encodedCopy(file, req.headers['accept-encoding'] ?? '') : null;
      const body = await readFile(copy ? copy[0] : file);
      entry.status = 200;
      res.writeHead(200, {
        'content-type': mimeType(file),
        'content-length': body.length,
        'cache-control': 'no-store',
        ...(copy ? { 'content-encoding': copy[1], vary: 'accept-encoding' } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      entry.status = 500;
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`cannot read ${urlPath}: ${err.message}\n`);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    /** Paths of every request served so far (successful or not), in order. */
    get paths() {
      return requests.map((r) => r.path);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
