// Loads the compiled hart (engine/hw/generated/hart.wasm, built by scripts/build-wasm.ts) and
// instantiates it over a machine's shared memory. Works under Node and in the browser: the
// wasm's URL is resolved next to this file, which Vite also understands for the web build.

export interface HartExports {
  run(hart: number, budget: number): number;
  flushTlb(hart: number): void;
  buildTables(): void;
  expandCompressed(h: number): number;
  /** The layout constants the module was compiled with (memory-map.ts, trap-codes.ts). */
  [constant: string]: unknown;
}

const wasmUrl = new URL('./generated/hart.wasm', import.meta.url);

let compiled: Promise<WebAssembly.Module> | undefined;

async function wasmBytes(): Promise<ArrayBuffer | Uint8Array> {
  if (wasmUrl.protocol === 'file:') {
    const { readFile } = await import(/* @vite-ignore */ 'node:fs/promises');
    return readFile(wasmUrl);
  }
  const response = await fetch(wasmUrl);
  if (!response.ok) throw new Error(`cannot load the hart (${wasmUrl.href}): HTTP ${response.status}`);
  return response.arrayBuffer();
}

/** The compiled module, compiled once per realm (a worker compiles its own or receives one). */
export function compileHartModule(): Promise<WebAssembly.Module> {
  compiled ??= wasmBytes().then((bytes) => WebAssembly.compile(bytes as BufferSource));
  // a failed load is not kept: the page's "Try again" must fetch it again
  compiled.catch(() => {
    compiled = undefined;
  });
  return compiled;
}

export async function instantiateHart(memory: WebAssembly.Memory, module?: WebAssembly.Module): Promise<HartExports> {
  const instance = await WebAssembly.instantiate(module ?? (await compileHartModule()), {
    env: {
      memory,
      abort: (_msg: number, _file: number, line: number, column: number) => {
        throw new Error(`hart aborted at ${line}:${column}`);
      },
    },
  });
  const exports = instance.exports as Record<string, unknown>;
  const constants: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(exports)) {
    constants[name] = value instanceof WebAssembly.Global ? value.value : value;
  }
  return constants as unknown as HartExports;
}
