// Vite: serves and builds the playground (index.html -> app/main.tsx). The page needs
// SharedArrayBuffer (the machine's memory is one shared WebAssembly.Memory), which browsers
// grant only to cross-origin isolated pages, so the dev server and `vite preview` both send
// COOP same-origin and COEP require-corp. Workers are ES modules: the engine's workers import
// the hart module, which splits into chunks.
import { defineConfig } from 'vite';

const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  worker: { format: 'es' },
  build: { target: 'es2022' },
});
