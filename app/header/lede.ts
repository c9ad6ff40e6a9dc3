// The sentence under the page's title: what the visitor is looking at, said of the machine that
// is running (its kernels and cores), not of the default one. Pure, so it is tested without a
// browser; App shows it for the scenario the playground booted (the store's `machine`).

import { hartCount, type MachineSpec } from '../../engine/machine/machine-spec';

const WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];

/** A count in words up to twenty, in digits past it. */
function count(n: number): string {
  return WORDS[n] ?? String(n);
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Said before any machine is known (booting, or no machine can run here). */
export const GENERIC_LEDE =
  'Linux-compatible kernels share one emulated multicore RISC-V machine, each in its own Web Worker with its own cores and memory, talking only through message rings.';

/** The lede for `machine`; `shells` says whether each kernel starts a shell to type into. */
export function ledeOf(machine: MachineSpec, shells: boolean): string {
  const kernels = machine.kernels.length;
  const cores = `${count(hartCount(machine))}-core`;
  if (kernels === 1)
    return `One Linux-compatible kernel runs one emulated ${cores} RISC-V machine in a Web Worker, as plain SMP Linux would: there is no other kernel to migrate to${shells ? '; type into its shell below' : ''}.`;
  const type = shells ? `; type into ${kernels === 2 ? 'either' : 'any'} shell below` : '';
  return `${capital(count(kernels))} Linux-compatible kernels share one emulated ${cores} RISC-V machine, each in its own Web Worker with its own cores and memory, talking only through message rings${type}.`;
}
