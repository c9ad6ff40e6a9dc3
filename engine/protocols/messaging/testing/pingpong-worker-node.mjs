// Node's entry for a messaging-benchmark worker: registers tsx's loader, then runs pingpong-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./pingpong-worker.ts');
