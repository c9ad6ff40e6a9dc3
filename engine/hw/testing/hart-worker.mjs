// A worker_threads worker that runs one hart of a shared machine to completion: the
// cross-worker tests start several over one memory to check that atomics really are atomic
// between workers. workerData: { memory, wasmUrl, hart, budget }. Posts the stop code.
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';

const { memory, wasmUrl, hart, budget } = workerData;
const module = await WebAssembly.compile(await readFile(new URL(wasmUrl)));
const instance = await WebAssembly.instantiate(module, { env: { memory, abort: () => {} } });
parentPort.postMessage(instance.exports.run(hart, budget));
