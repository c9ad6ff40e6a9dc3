// Where the page's kernel workers come from. Starting a module worker (a thread, its script
// fetched, parsed and run) takes a few hundred milliseconds on a slow computer, so the page may
// start them before it knows the scenario it will boot (prestartKernelWorkers, from the page's
// entry point, as many as the default scenario has kernels); a boot takes those first and starts
// the rest. A worker knows nothing of its kernel until the boot sends it its init, so any worker
// can serve any kernel. What a spare reported before a boot took it (its script failed to load)
// is kept and handed over with it. The page may also hand over workers it started before its
// scripts ran (adoptKernelWorkers; index.html starts them while the scripts download).

export interface KernelWorker {
  worker: Worker;
  /** Why it already failed, before any boot listened (its script did not load). */
  failed?: string;
}

const spares: KernelWorker[] = [];

function startKernelWorker(name: string): Worker {
  return new Worker(new URL('./kernel-web-worker.ts', import.meta.url), { type: 'module', name });
}

/** Starts workers until `count` are waiting for a boot. */
export function prestartKernelWorkers(count: number): void {
  while (spares.length < count) {
    const spare: KernelWorker = { worker: startKernelWorker(`kernel ${spares.length}`) };
    spare.worker.onerror = (event) => {
      event.preventDefault();
      spare.failed = event.message || 'its script did not load';
    };
    spares.push(spare);
  }
}

/**
 * Takes `workers`, started by the page itself, as spares; each records in `failed` why its
 * script failed to load, should it, until a boot takes it.
 */
export function adoptKernelWorkers(workers: KernelWorker[]): void {
  spares.push(...workers);
}

/** A worker for kernel `index`: a spare if one is waiting, else a new one. */
export function takeKernelWorker(index: number): KernelWorker {
  const spare = spares.shift();
  if (!spare) return { worker: startKernelWorker(`kernel ${index}`) };
  spare.worker.onerror = null;
  return spare;
}
