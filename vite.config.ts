// Vite: serves and builds the playground (index.html -> app/main.tsx). The page needs
// SharedArrayBuffer (the machine's memory is one shared WebAssembly.Memory), which browsers
// grant only to cross-origin isolated pages, so the dev server and `vite preview` both send
// COOP same-origin and COEP require-corp. Workers are ES modules: the engine's workers import
// the hart module, which splits into chunks.
import { readFile, stat } from 'node:fs/promises';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type HtmlTagDescriptor, type Plugin, type Rollup } from 'vite';

/** The module that lists the page's programs (engine/machine/browser/userland-browser.ts). */
const PROGRAMS_MODULE = 'virtual:userland-programs';
/** Where they are: the group engine/kernels/userland-paths.ts puts in the root filesystem. */
const PROGRAMS_DIR = 'userland/bin/glibc/';

/**
 * The userland binaries (userland/bin/glibc/), which the page fetches one by one as the kernels
 * first run them (engine/machine/browser/userland-browser.ts):
 * - `virtual:userland-programs` lists them, each with its name, size and URL: the page's
 *   manifest of programs, known at build time, so every kernel lists /bin whole before any byte
 *   is fetched. In the build the URLs are assets with hashed names; on the dev server, the files.
 * - The dev server serves them as bytes, revalidated by ETag (a reload fetches only what
 *   changed), and reloads the page when one is rebuilt. They have no file extension, and Vite
 *   would take any extensionless request for a JavaScript module to transform.
 * - `vite preview` lets the browser keep every hashed asset (assets/NAME-HASH.EXT) for a year
 *   without asking again: its name changes when its bytes do.
 */
function userlandBinaries(): Plugin {
  const root = new URL('./', import.meta.url);
  const dir = new URL(PROGRAMS_DIR, root);
  let serving = false;
  let base = '/';
  return {
    name: 'popcorn-userland-binaries',
    configResolved(config) {
      serving = config.command === 'serve';
      base = config.base;
    },
    resolveId(id) {
      return id === PROGRAMS_MODULE ? `\0${PROGRAMS_MODULE}` : null;
    },
    load(id) {
      if (id !== `\0${PROGRAMS_MODULE}`) return null;
      let names: string[] = [];
      try {
        names = readdirSync(dir).sort();
      } catch {
        // not built yet: the page says so
      }
      const path = (name: string) => fileURLToPath(new URL(name, dir));
      const imports = serving
        ? []
        : names.map((name, i) => `import url${i} from ${JSON.stringify(`${path(name)}?url`)};`);
      const entries = names.map((name, i) => {
        const url = serving ? JSON.stringify(`${base}${PROGRAMS_DIR}${name}`) : `url${i}`;
        return `{ name: ${JSON.stringify(name)}, size: ${statSync(path(name)).size}, url: ${url} }`;
      });
      return `${imports.join('\n')}\nexport default [\n${entries.join(',\n')}\n];\n`;
    },
    configureServer(server) {
      // a rebuilt program: the list's sizes change, so the page reloads with the new list
      server.watcher.add(fileURLToPath(dir));
      server.watcher.on('all', (_event, file) => {
        if (!file.startsWith(fileURLToPath(dir))) return;
        const module = server.environments.client.moduleGraph.getModuleById(`\0${PROGRAMS_MODULE}`);
        if (module) server.environments.client.moduleGraph.invalidateModule(module);
        server.environments.client.hot.send({ type: 'full-reload' });
      });
      server.middlewares.use((req, res, next) => {
        // only the bare file: `?url` and `?import` requests are modules that name it
        const match = /^\/userland\/bin\/(\w+)\/([\w.-]+)$/.exec(req.url ?? '');
        if (!match) {
          next();
          return;
        }
        const file = new URL(`userland/bin/${match[1] ?? ''}/${match[2] ?? ''}`, root);
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

/** The hart's WebAssembly, by source path. */
const HART = 'engine/hw/generated/hart.wasm';
/**
 * What every boot needs first, by source path (the build names them with a hash): the hart.
 * Not the programs every kernel runs to its first prompt (init, sh): a kernel's worker fetches
 * those itself when it needs them, not the page (engine/machine/browser/kernel-web-worker.ts).
 */
const BOOT_FILES = [HART];
/**
 * How many kernels the default scenario (engine/machine/scenarios/two-kernels.json) has: the
 * workers index.html starts for it. Not parsed here (the config would import the engine);
 * app/early-start.test.ts checks it.
 */
export const DEFAULT_SCENARIO_KERNELS = 2;
/** The kernels' Web Worker (engine/machine/browser/kernel-workers.ts starts it). */
const KERNEL_WORKER = 'engine/machine/browser/kernel-web-worker.ts';

/** The URL, in the build `bundle` (or on the dev server when there is none), of source file `source`. */
function builtUrl(base: string, source: string, bundle: Rollup.OutputBundle | undefined): string {
  if (!bundle) return base + source; // the dev server serves them at their own paths
  const asset = Object.values(bundle).find((file) => file.type === 'asset' && file.originalFileNames.includes(source));
  if (!asset) throw new Error(`the build has no ${source}`);
  return base + asset.fileName;
}

/**
 * Starts the machine's boot downloads from the HTML: a preload for each of BOOT_FILES, so that
 * they download while the page's scripts do, not after them. The page fetches them with fetch()
 * (engine/hw/hart-module.ts), which takes a
 * preloaded response when the request matches: as="fetch" with crossorigin (a CORS-mode request
 * with same-origin credentials, fetch()'s defaults).
 */
function bootPreloads(): Plugin {
  let base = '/';
  return {
    name: 'popcorn-boot-preloads',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx): HtmlTagDescriptor[] {
        // first in the head: index.html's early start fetches the hart, and takes the preload
        // only if it was asked for before
        return BOOT_FILES.map((source) => ({
          tag: 'link',
          attrs: { rel: 'preload', href: builtUrl(base, source, ctx.bundle), as: 'fetch', crossorigin: 'anonymous' },
          injectTo: 'head-prepend',
        }));
      },
    },
  };
}

/**
 * Fills in index.html's early start (the script that starts the kernel workers and compiles the
 * hart before the app's scripts have loaded): the worker's URL (in the build, its chunk; on the
 * dev server, the module as Vite serves it to `new Worker(new URL(...))`), the hart's, and how
 * many kernels the default scenario has (app/early-start.ts takes them over for it).
 */
function earlyStart(): Plugin {
  let base = '/';
  return {
    name: 'popcorn-early-start',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        let worker = `${base}${KERNEL_WORKER}?worker_file&type=module`;
        if (ctx.bundle) {
          const chunk = Object.values(ctx.bundle).find((file) =>
            /(^|\/)kernel-web-worker-[\w-]+\.js$/.test(file.fileName),
          );
          if (!chunk) throw new Error(`the build has no ${KERNEL_WORKER}`);
          worker = base + chunk.fileName;
        }
        return html
          .replace('%POPCORN_KERNELS%', String(DEFAULT_SCENARIO_KERNELS))
          .replace('%POPCORN_KERNEL_WORKER%', worker)
          .replace('%POPCORN_HART%', builtUrl(base, HART, ctx.bundle));
      },
    },
  };
}

const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [userlandBinaries(), bootPreloads(), earlyStart()],
  server: {
    headers: crossOriginIsolation,
    // transformed when the server starts, so that the first visit does not wait for it
    warmup: { clientFiles: ['./app/main.tsx', './engine/machine/browser/kernel-web-worker.ts'] },
  },
  preview: { headers: crossOriginIsolation },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // a program is always a file of its own, however small (init and time are under 3 KB, which
    // Vite would inline into the script as a data: URL): fetched when first run, then cached
    assetsInlineLimit: (file) => (file.includes(`/${PROGRAMS_DIR}`) ? false : undefined),
    rolldownOptions: {
      output: {
        // Libraries in chunks of their own, which change less often than the app (so stay
        // cached across its releases): React, which the first paint needs; xterm.js and d3,
        // which come with the terminal and the views, loaded after it (app/terminal,
        // app/lazy-views.ts).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'xterm', test: /node_modules[\\/]@xterm[\\/]/ },
            { name: 'd3', test: /node_modules[\\/]d3-/ },
          ],
        },
      },
    },
  },
});
