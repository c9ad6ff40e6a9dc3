// Vite: serves and builds the playground (index.html -> app/main.tsx). The page needs
// SharedArrayBuffer (the machine's memory is one shared WebAssembly.Memory), which browsers
// grant only to cross-origin isolated pages, so the dev server and `vite preview` both send
// COOP same-origin and COEP require-corp. Workers are ES modules: the engine's workers import
// the hart module, which splits into chunks.
import { readFile } from 'node:fs/promises';
import { defineConfig, type Plugin } from 'vite';

/**
 * The dev server serves the userland binaries (userland/bin/, which the page fetches: see
 * engine/machine/browser/userland-browser.ts) as bytes. They have no file extension, and Vite
 * would take any extensionless request for a JavaScript module to transform. The build copies
 * them as assets and needs nothing.
 */
function userlandBinaries(): Plugin {
  const dir = new URL('./userland/bin/', import.meta.url);
  return {
    name: 'popcorn-userland-binaries',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        // only the bare file: `?url` and `?import` requests are the module that names it
        const match = /^\/userland\/bin\/(\w+)\/([\w.-]+)$/.exec(req.url ?? '');
        if (!match) {
          next();
          return;
        }
        readFile(new URL(`${match[1] ?? ''}/${match[2] ?? ''}`, dir)).then(
          (bytes) => {
            res.setHeader('Content-Type', 'application/octet-stream');
            res.end(bytes);
          },
          () => {
            next();
          },
        );
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
