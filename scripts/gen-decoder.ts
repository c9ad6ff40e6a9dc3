// Generates the hart's decoder from the instruction table. Output:
// engine/hw/as/generated/dispatch.ts (never committed), which holds
//   - execute(id, ...): one switch on a handler number that runs the handler `exec_<name>` of
//     engine/hw/as/exec/ (inlined into the run loop: one indirect jump per instruction), for
//     the integer instructions; executeCold(id, ...), a function of its own, for the others
//     (and for the table's two marks below);
//   - the decode table's contents: for each key (opcode[6:2], funct3, funct7) the handler
//     number when those fields decide the instruction whole, computed here, once, from the
//     masks; DECODE_SLOW where they do not (an fcvt's rs2 field, ecall against ebreak, LR's
//     zero rs2...) and 0 (illegal) where no instruction has those fields;
//   - decodeId(insn): a tree of switches on the opcode fields that finds the handler number of
//     any instruction, for the keys marked DECODE_SLOW (only float, atomic and system
//     instructions need it: executeCold calls it).
//
// Usage: tsx scripts/gen-decoder.ts   (run by scripts/build-wasm.ts)

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_INSTRUCTIONS, handlerName } from '../engine/hw/isa/instructions';
import { popcount, type InstructionSpec } from '../engine/hw/isa/table';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const execDir = join(root, 'engine/hw/as/exec');
const outFile = join(root, 'engine/hw/as/generated/dispatch.ts');

/** Fields the tree may switch on, in the order it prefers them: [hi, lo]. */
const FIELDS: Array<[number, number]> = [
  [6, 0], // opcode
  [14, 12], // funct3
  [31, 25], // funct7
  [31, 27], // funct5 (AMO, float ops)
  [26, 25], // float format
  [31, 26], // funct6 (RV64 shifts)
  [24, 20], // rs2 field (float conversions)
  [31, 20], // imm12 (ecall/ebreak)
];

function fieldMask([hi, lo]: [number, number]): number {
  return ((2 ** (hi - lo + 1) - 1) * 2 ** lo) >>> 0;
}

/** The bits a decode key stands for: funct7 in key bits 6..0, funct3 in 9..7, opcode[6:2] in 14..10. */
const KEY_MASK = 0xfe00707f; // bits 1..0 are 11 in every 32-bit instruction
function insnOfKey(key: number): number {
  return (((key & 0x7f) << 25) | (((key >>> 7) & 7) << 12) | (((key >>> 10) & 0x1f) << 2) | 3) >>> 0;
}
/** The decode table's mark for a key whose fields do not decide the instruction. */
const DECODE_SLOW = 255;

/** Emits the decision tree for `specs`, knowing that the bits in `known` already matched. */
function emitTree(specs: InstructionSpec[], known: number, indent: string, ids: Map<string, number>): string {
  if (specs.length === 0) return `${indent}return 0;\n`;
  const common = specs.reduce((m, s) => (m & s.mask) >>> 0, 0xffffffff);
  for (const field of FIELDS) {
    const mask = fieldMask(field);
    if ((common & mask) !== mask || (known & mask) === mask) continue;
    const groups = new Map<number, InstructionSpec[]>();
    for (const spec of specs) {
      const value = ((spec.match & mask) >>> 0) / 2 ** field[1];
      groups.set(value, [...(groups.get(value) ?? []), spec]);
    }
    if (groups.size < 2) continue; // a lone instruction is tested whole at its leaf
    const width = field[0] - field[1] + 1;
    let out = `${indent}switch ((insn >>> ${field[1]}) & 0x${(2 ** width - 1).toString(16)}) {\n`;
    for (const [value, group] of [...groups].sort((a, b) => a[0] - b[0])) {
      out += `${indent}  case 0x${value.toString(16)}: {\n`;
      out += emitTree(group, (known | mask) >>> 0, indent + '    ', ids);
      out += `${indent}  }\n`;
    }
    out += `${indent}}\n${indent}return 0;\n`;
    return out;
  }
  // No field separates what is left: test the most specific first.
  let out = '';
  for (const spec of [...specs].sort((a, b) => popcount(b.mask) - popcount(a.mask))) {
    const rest = (spec.mask & ~known) >>> 0;
    const call = `return ${ids.get(spec.name)}; // ${spec.name}`;
    if (rest === 0) return out + `${indent}${call}\n`;
    out += `${indent}if ((insn & 0x${rest.toString(16)}) == 0x${((spec.match & rest) >>> 0).toString(16)}) ${call}\n`;
  }
  return out + `${indent}return 0;\n`;
}

/**
 * Whether a handler is inlined into the run loop: the integer instructions (RV64I but its
 * system calls and fences, RV64M), which are nearly all that programs run. The float, atomic
 * and CSR handlers run from executeCold.
 */
function isHot(spec: InstructionSpec): boolean {
  return (spec.ext === 'I' || spec.ext === 'M') && !['ecall', 'ebreak', 'fence'].includes(spec.name);
}

/** The decode table: per key, the handler number, 0 (no instruction) or DECODE_SLOW. */
function decodeTable(specs: readonly InstructionSpec[], ids: Map<string, number>): number[] {
  const table: number[] = [];
  for (let key = 0; key < 1 << 15; key++) {
    const insn = insnOfKey(key);
    const fits = specs.filter((s) => ((insn ^ s.match) & s.mask & KEY_MASK) >>> 0 === 0);
    const lone = fits.length === 1 ? (fits[0] as InstructionSpec) : undefined;
    if (fits.length === 0) table.push(0);
    else if (lone && (lone.mask & ~KEY_MASK) >>> 0 === 0) table.push(ids.get(lone.name) as number);
    else table.push(DECODE_SLOW);
  }
  return table;
}

/** The table as runs `[first key, id]` (an id holds until the next run), for a compact source. */
function runs(table: number[]): number[] {
  const out: number[] = [];
  table.forEach((id, key) => {
    if (key === 0 || table[key - 1] !== id) out.push(key, id);
  });
  return out;
}

/** The handler names that the exec/ sources define. */
function definedHandlers(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(execDir)) {
    const text = readFileSync(join(execDir, file), 'utf8');
    for (const m of text.matchAll(/export function (exec_\w+)\(/g)) names.add(m[1] as string);
  }
  return names;
}

export function generateDispatch(): { source: string; missing: string[] } {
  const defined = definedHandlers();
  const missing = BASE_INSTRUCTIONS.filter((s) => !defined.has(handlerName(s))).map((s) => s.name);
  const present = BASE_INSTRUCTIONS.filter((s) => defined.has(handlerName(s)));
  const imports = new Map<string, string[]>();
  for (const file of readdirSync(execDir)) {
    const text = readFileSync(join(execDir, file), 'utf8');
    const mod = file.replace(/\.ts$/, '');
    const used = present.map(handlerName).filter((h) => text.includes(`export function ${h}(`));
    if (used.length) imports.set(mod, used);
  }
  // the hot handlers first, so that the run loop's switch covers 1..hot.length
  const ordered = [...present.filter(isHot), ...present.filter((spec) => !isHot(spec))];
  const ids = new Map(ordered.map((spec, i) => [spec.name, i + 1]));
  if (present.length >= DECODE_SLOW) throw new Error('handler numbers must fit a byte below DECODE_SLOW');
  const table = decodeTable(present, ids);
  let source =
    '// GENERATED by scripts/gen-decoder.ts from the instruction table (engine/hw/isa/): do not edit.\n' +
    '// The decode table, the decoder for what it leaves open, and the handler switch.\n\n';
  for (const [mod, names] of imports) source += `import { ${names.join(', ')} } from '../exec/${mod}';\n`;
  source += `import { exec_illegal } from '../cpu';\n`;
  source += `import { DECODE_TABLE_OFFSET } from '../../memory-map';\n\n`;
  source += `export const DECODE_SLOW: u32 = ${DECODE_SLOW};\n\n`;
  source += '/** The decode key of a 32-bit instruction: funct7, funct3 and opcode[6:2]. */\n';
  source += '// @ts-ignore: decorator\n@inline\nexport function decodeKey(insn: u32): usize {\n';
  source += '  return <usize>((insn >> 25) | (((insn >> 12) & 7) << 7) | (((insn >> 2) & 0x1f) << 10));\n}\n\n';
  const r = runs(table);
  source += `// the decode table as runs: first key, handler number\n`;
  source += `const TABLE_RUNS: StaticArray<u16> = [${r.join(', ')}];\n\n`;
  source += '/** Fills the decode table (idempotent: every worker may call it; all write the same). */\n';
  source += 'export function buildDecodeTable(): void {\n';
  source += '  const n = TABLE_RUNS.length;\n';
  source += '  for (let i = 0; i < n; i += 2) {\n';
  source += `    const end: u32 = i + 2 < n ? <u32>TABLE_RUNS[i + 2] : ${1 << 15};\n`;
  source += '    const first = <u32>TABLE_RUNS[i];\n';
  source += '    memory.fill(<usize>DECODE_TABLE_OFFSET + first, <u8>TABLE_RUNS[i + 1], end - first);\n';
  source += '  }\n}\n\n';
  source += '/** The handler number of any 32-bit instruction (0: illegal), by a tree of switches. */\n';
  source += 'export function decodeId(insn: u32): u32 {\n';
  source += emitTree(present, 0, '  ', ids);
  source += '}\n\n';
  const hot = present.filter(isHot);
  source += `/** Handler numbers 1..HOT_HANDLERS run inlined in the loop (execute); the rest in executeCold. */\n`;
  source += `export const HOT_HANDLERS: u32 = ${hot.length};\n\n`;
  source += '/** Runs hot handler `id` (1..HOT_HANDLERS, from the table); returns the next pc, or TRAP. */\n';
  source += '// @ts-ignore: decorator (AssemblyScript inlines it into the run loop)\n@inline\n';
  source += 'export function execute(id: u32, insn: u32, pc: u64, npc: u64): u64 {\n  switch (id) {\n';
  for (const spec of hot)
    source += `    case ${ids.get(spec.name)}:\n      return ${handlerName(spec)}(insn, pc, npc);\n`;
  source += '  }\n  return exec_illegal(insn, pc);\n}\n\n';
  source += '/**\n * Every other table entry: the float, atomic, CSR and system handlers, DECODE_SLOW (decoded\n';
  source += ' * here by the tree) and 0 (illegal). Out of the run loop: exported, so that the optimiser\n';
  source += " * keeps it a function of its own, and the loop's registers are not spilled for code it\n";
  source += ' * seldom runs.\n */\n';
  source += 'export function executeCold(id: u32, insn: u32, pc: u64, npc: u64): u64 {\n';
  source += '  if (id == DECODE_SLOW) id = decodeId(insn);\n  switch (id) {\n';
  for (const spec of present)
    source += `    case ${ids.get(spec.name)}:\n      return ${handlerName(spec)}(insn, pc, npc);\n`;
  source += '  }\n  return exec_illegal(insn, pc);\n}\n';
  return { source, missing };
}

const { source, missing } = generateDispatch();
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, source);
if (missing.length) console.warn(`gen-decoder: no handler yet for ${missing.length}: ${missing.join(' ')}`);
