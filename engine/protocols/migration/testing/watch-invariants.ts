// Test support: the page-ownership invariants of process pages and of shared objects checked
// after every page-protocol step of every kernel of a machine console.

import type { MachineConsole } from '../../ssi/test-machine';
import { checkPageInvariants } from '../page-invariants';
import { checkSharedInvariants } from '../shm-invariants';

const services = (c: MachineConsole) => c.machine.kernels.map((k) => k.node.services.migration);

/** Runs both invariant checkers after every page-protocol step of every kernel; collects the violations (20 at most). */
export function watchInvariants(c: MachineConsole): { errors: string[]; steps: number } {
  const seen = { errors: [] as string[], steps: 0 };
  for (const s of services(c)) {
    s.pages.onStep = (what) => {
      seen.steps++;
      if (seen.errors.length >= 20) return;
      const broken = [...checkPageInvariants(services(c)), ...checkSharedInvariants(services(c))];
      for (const e of broken) seen.errors.push(`after ${what}: ${e}`);
    };
  }
  return seen;
}
