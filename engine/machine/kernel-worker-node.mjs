// Node's entry for a kernel worker: registers tsx's loader in the worker, then runs the
// TypeScript entry (kernel-worker.ts). The browser build bundles kernel-worker.ts directly.
import { register } from 'tsx/esm/api';

register();
await import('./kernel-worker.ts');
