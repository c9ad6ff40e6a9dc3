// Vite: serves and builds the playground (index.html -> app/main.tsx). The page needs
// SharedArrayBuffer (the machine's memory is one shared WebAssembly.Memory), which browsers
// grant only to cross-origin isolated pages, so the dev server and `vite preview` both send
// COOP same-origin and COEP require-corp. Workers are ES modules: the engine's workers import
// the hart module, which splits into chunks.
import { readFile, stat } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

/**
 * The userland binaries (userland/bin/), which the page fetches one by one as the kernels first
 * run them (engine/machine/browser/userland-browser.ts):
 * - `FILE?size` is a module whose default export is the file's size: the page's manifest of
 *   programs, known at build time, so every kernel lists /bin whole before any byte is fetched.
 * - The dev server serves them as bytes, revalidated by ETag (a reload fetches only what
 *   changed). They have no file extension, and Vite would take any extensionless request for a
 *   JavaScript module to transform. The build copies them as assets with hashed names.
 * - `vite preview` lets the browser keep every hashed asset (assets/NAME-HASH.EXT) for a year
 *   without asking again: its name changes when its bytes do.
 */
function userlandBinaries(): Plugin {
  const dir = new URL('./userland/bin/', import.meta.url);
  return {
    name: 'popcorn-userland-binaries',
    enforce: 'pre',
    load(id) {
      const [file = '', query = ''] = id.split('?');
      if (!new URLSearchParams(query).has('size')) return null;
      this.addWatchFile(file);
      return `export default ${statSync(file).size};`;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        // only the bare file: `?url`, `?size` and `?import` requests are modules that name it
        const match = /^\/userland\/bin\/(\w+)\/([\w.-]+)$/.exec(req.url ?? '');
        if (!match) {
          next();
          return;
        }
        const file = new URL(`${match[1] ?? ''}/${match[2] ?? ''}`, dir);
        stat(file)
          .then(async (info) => {
            const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
            res.setHeader('Content-Type', 'application/octet-stream');
            res.setHeader('Cache-Control', 'no-cache');
            res.setHeader('ETag', etag);
            if (req.headers['if-none-match'] === etag) {
              res.statusCode = 304;
              res.end();
              return;
            }
            res.end(await readFile(file));
          })
          .catch(() => {
            next();
          });
      });
    },
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.startsWith('/assets/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        next();
      });
    },
  };
}

const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [userlandBinaries()],
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  worker: { format: 'es' },
  build: { target: 'es2022' },
});
