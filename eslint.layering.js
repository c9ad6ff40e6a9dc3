// The layering rules, as ESLint config blocks (eslint.config.js includes them; the layering
// test lints small sources against them). Imports flow one way:
//   engine/hw <- engine/kernels <- engine/protocols <- engine/machine, engine/cli <- app
// and the engine never touches the DOM. Each block forbids, for the files of one layer, the
// imports of the layers above it; app/ may import only the engine's public modules (PUBLIC).
// Tests and benchmarks (and their helpers) may reach any layer: a protocol test boots a whole
// machine, an app model test feeds on a real machine's trace.
//
// Imports are matched as written: relative paths climb with ../ and then name a folder, and no
// layer reuses another layer's folder names, so "(../)+machine/" from engine/protocols/ can
// only mean engine/machine/.

/** The engine's modules app/ may import (under engine/), as regular expressions. */
export const PUBLIC = [
  'machine/rules',
  'machine/scenario',
  'machine/scenario-url',
  'machine/presets',
  'machine/machine-spec',
  'machine/machine-layout',
  'machine/quantum',
  'machine/scenarios/[a-z0-9-]+\\.json\\?raw',
  'machine/browser/browser-machine',
  'machine/browser/kernel-view',
  'machine/browser/trace-events',
  'machine/browser/pacing',
  'machine/browser/telemetry',
  'machine/browser/disassembly',
  'machine/browser/userland-browser',
  'machine/browser/packets',
];

/** Test code, exempt from the layering. */
export const TEST_FILES = ['**/*.test.ts', '**/*.bench.ts', '**/testing/**', 'engine/protocols/ssi/test-machine.ts'];

/** A relative import that climbs out of the file's folder into one of `folders`. */
const up = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

const rule = (patterns) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map(([regex, message]) => ({ regex, message })) }],
});

// What no engine file may import: the page, and the UI's libraries.
const NOT_THE_PAGE = [
  [up(['app']), 'the engine never imports the page (app/)'],
  ['^(react|react-dom|zustand|d3-[a-z-]+|@xterm/[a-z-]+)(/|$)', 'the engine never imports the UI’s libraries'],
];

// Globals only a page has: the engine runs under Node and in workers too. (Type positions
// are covered by the engine's tsconfig, which has no DOM lib.)
const DOM_GLOBALS = [
  'window',
  'document',
  'localStorage',
  'sessionStorage',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'getComputedStyle',
  'matchMedia',
  'devicePixelRatio',
  'innerWidth',
  'innerHeight',
  'alert',
  'confirm',
  'prompt',
  'history',
  'screen',
  'customElements',
  'HTMLElement',
  'HTMLCanvasElement',
  'Element',
  'ResizeObserver',
  'MutationObserver',
  'IntersectionObserver',
].map((name) => ({ name, message: 'the engine never touches the DOM: it runs under Node and in workers too' }));

export const layering = [
  {
    files: ['engine/**/*.ts'],
    ignores: TEST_FILES,
    rules: { ...rule(NOT_THE_PAGE), 'no-restricted-globals': ['error', ...DOM_GLOBALS] },
  },
  {
    files: ['engine/hw/**/*.ts'],
    ignores: TEST_FILES,
    rules: rule([
      ...NOT_THE_PAGE,
      [up(['kernels', 'protocols', 'machine', 'cli']), 'engine/hw imports nothing above the hardware'],
    ]),
  },
  {
    files: ['engine/kernels/**/*.ts'],
    ignores: TEST_FILES,
    rules: rule([
      ...NOT_THE_PAGE,
      [
        up(['protocols', 'machine', 'cli']),
        'a kernel knows nothing of messages or the machine: offer an extension point (distributed-hooks.ts, boot parameters) instead',
      ],
    ]),
  },
  {
    files: ['engine/protocols/**/*.ts'],
    ignores: TEST_FILES,
    rules: rule([
      ...NOT_THE_PAGE,
      [
        up(['machine', 'cli']),
        'services see the machine only through their kernel: topology comes in its boot parameters',
      ],
    ]),
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    ignores: TEST_FILES,
    rules: rule([
      [
        `^(\\.\\./)+engine/(?!(${PUBLIC.join('|')})$)`,
        'app/ imports only the engine’s public modules (eslint.layering.js, PUBLIC; docs/ARCHITECTURE.md)',
      ],
    ]),
  },
];
