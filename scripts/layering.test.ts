// The layering is enforced, not a convention: small sources placed in each layer are linted
// with the rules the project's own ESLint config applies at that path (eslint.config.js, which
// takes them from eslint.layering.js), and each wrong import fails while a legal one passes.
// The engine's compiler options (tsconfig.engine.json, checked by npm run lint) know no DOM.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LAYERING_RULES = ['no-restricted-imports', 'no-restricted-globals'];

const project = new ESLint({ cwd: ROOT });

/** The layering problems ESLint finds in `code` were it the file at `path`, with the project's config for that path. */
async function problems(path: string, code: string): Promise<string[]> {
  const config = (await project.calculateConfigForFile(path)) as Linter.Config;
  const rules = Object.fromEntries(
    Object.entries(config.rules ?? {}).filter(([name]) => LAYERING_RULES.includes(name)),
  );
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser }, rules }],
  });
  const results = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return results.flatMap((r) => r.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`));
}

const wrong: [string, string, string, RegExp][] = [
  [
    'engine importing the page',
    'engine/machine/fixture.ts',
    "import { usePlayground } from '../../app/store';",
    /never imports the page/,
  ],
  [
    'engine importing a UI library',
    'engine/machine/browser/fixture.ts',
    "import { useState } from 'react';",
    /UI’s libraries/,
  ],
  [
    'engine touching the DOM',
    'engine/kernels/tty/fixture.ts',
    'export const title = document.title;',
    /never touches the DOM/,
  ],
  [
    'engine/hw importing a kernel',
    'engine/hw/fixture.ts',
    "import { Kernel } from '../kernels/kernel';",
    /nothing above the hardware/,
  ],
  [
    'a kernel importing a service',
    'engine/kernels/proc/fixture.ts',
    "import { MSG } from '../../protocols/messaging/message-types';",
    /knows nothing of messages/,
  ],
  [
    'a kernel importing the machine',
    'engine/kernels/fixture.ts',
    "import { originOf } from '../machine/rules';",
    /knows nothing of messages or the machine/,
  ],
  [
    'a service importing the machine (even a type)',
    'engine/protocols/migration/fixture.ts',
    "import type { MachineSpec } from '../../machine/machine-spec';",
    /topology comes in its boot parameters/,
  ],
  [
    'the page importing a kernel',
    'app/timeline/fixture.ts',
    "import { Kernel } from '../../engine/kernels/kernel';",
    /public modules/,
  ],
  [
    'the page importing a machine internal',
    'app/fixture.tsx',
    "import { LocalMachine } from '../engine/machine/local-machine';",
    /public modules/,
  ],
  [
    'the page re-exporting a module next to a public one',
    'app/timeline/fixture.ts',
    "export * from '../../engine/machine/rules-extra';",
    /public modules/,
  ],
];

const legal: [string, string, string][] = [
  ['engine/hw within itself', 'engine/hw/fixture.ts', "import { PAGE_SIZE } from './memory-map';"],
  [
    'a kernel importing the hardware',
    'engine/kernels/mm/fixture.ts',
    "import { PAGE_SIZE } from '../../hw/memory-map';",
  ],
  [
    'a service importing a kernel',
    'engine/protocols/ssi/fixture.ts',
    "import type { Kernel } from '../../kernels/kernel';",
  ],
  [
    'the machine importing a service',
    'engine/machine/fixture.ts',
    "import { MSG } from '../protocols/messaging/message-types';",
  ],
  ['a worker using its own globals', 'engine/machine/browser/fixture.ts', 'self.postMessage(1);'],
  [
    'the page importing public modules',
    'app/timeline/fixture.ts',
    "import { originOf } from '../../engine/machine/rules';\nimport { EV } from '../../engine/machine/browser/trace-events';\nimport text from '../../engine/machine/scenarios/two-kernels.json?raw';\nexport { originOf, EV, text };",
  ],
  [
    'the page importing its own modules',
    'app/timeline/fixture.ts',
    "import { usePlayground } from '../store';\nimport { x } from '../machine/frames';",
  ],
  ['the page touching the DOM', 'app/fixture.ts', 'export const title = document.title;'],
  [
    'a service test booting a whole machine',
    'engine/protocols/ssi/fixture.test.ts',
    "import { LocalMachine } from '../../machine/local-machine';",
  ],
  [
    'a page test booting a machine',
    'app/timeline/fixture.test.ts',
    "import { LocalMachine } from '../../engine/machine/local-machine';",
  ],
];

describe('the layering, as lint enforces it', () => {
  it.each(wrong)('rejects %s', async (_what, path, code, why) => {
    const found = await problems(path, code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(why);
  });

  it.each(legal)('accepts %s', async (_what, path, code) => {
    expect(await problems(path, code)).toEqual([]);
  });
});

describe('the engine’s compiler options', () => {
  const diagnostics = (code: string): string[] => {
    const file = join(ROOT, 'engine/dom-fixture.ts');
    const json = ts.readConfigFile(join(ROOT, 'tsconfig.engine.json'), (p) => ts.sys.readFile(p));
    const { options } = ts.parseJsonConfigFileContent(json.config as unknown, ts.sys, ROOT);
    const host = ts.createCompilerHost(options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version) =>
      name === file ? ts.createSourceFile(name, code, version) : read(name, version);
    const program = ts.createProgram([file], { ...options, noEmit: true }, host);
    return ts
      .getPreEmitDiagnostics(program, program.getSourceFile(file))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  };

  it('know no DOM: a page-only name does not compile in the engine', () => {
    expect(diagnostics('export const title: string = document.title;\n')).toEqual([
      expect.stringMatching(/Cannot find name 'document'/),
    ]);
    expect(diagnostics('export function f(e: HTMLElement): void { void e; }\n')).toEqual([
      expect.stringMatching(/Cannot find name 'HTMLElement'/),
    ]);
  });

  it('know what the engine does use: workers, shared memory, Node', () => {
    expect(
      diagnostics(
        "import { readFileSync } from 'node:fs';\nexport const w = typeof Worker;\nexport const m = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });\nexport const r = readFileSync;\n",
      ),
    ).toEqual([]);
  });
});
