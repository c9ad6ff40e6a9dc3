// Node's entry for a storm-test worker: registers tsx's loader, then runs storm-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./storm-worker.ts');
