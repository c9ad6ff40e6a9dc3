// A plain static file server for the end-to-end tests: serves a build directory the way a static
// host that cannot set headers (GitHub Pages and the like) does, with a content type by file
// extension and no Cross-Origin-* header at all, so the page must isolate itself through the
// service worker. `overrides` replaces a file's content (to stand in a broken worker, say).
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  close(): Promise<void>;
}

/** Serves `root` on 127.0.0.1 on a free port; `/` and directories answer with their index.html. */
export async function serveStatic(root: string, overrides: Record<string, string> = {}): Promise<StaticServer> {
  const base = resolve(root);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    const override = overrides[path];
    if (override !== undefined) {
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(override);
      return;
    }
    const file = normalize(join(base, path));
    // nothing outside the build directory, whatever `..` the request holds
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    void (async () => {
      try {
        const target = (await stat(file)).isDirectory() ? join(file, 'index.html') : file;
        const body = await readFile(target);
        res.writeHead(200, { 'Content-Type': TYPES[extname(target)] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      }
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => {
          done();
        });
      }),
  };
}
