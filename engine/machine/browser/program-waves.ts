// When the page fetches a scenario's programs (scenario-programs.ts says which, in order of
// need). A live run fetches what the kernels need to boot first, and the rest once the machine
// has run its first epoch, so as not to compete with booting (and with the page's first
// prompt). A share link's replay cannot wait that long: it runs at full speed from its first
// epoch and reaches the first program it starts within a few dozen ms (the default scenario's
// `busy`, at epoch 10), where its kernel blocks until the bytes arrive; measured, that wait was
// 0.75 s of a 1.9 s replay. So a replay fetches the rest as soon as the boot wave has arrived,
// while its kernels still boot.

import type { Scenario } from '../scenario';
import { scenarioPrograms } from '../scenario-programs';

export interface ProgramWaves {
  /** Fetched at once, at boot. */
  boot: string[];
  /** Fetched as soon as the boot wave has arrived. */
  next: string[];
  /** Fetched once the machine has completed its first epoch. */
  later: string[];
}

export function programWaves(scenario: Scenario): ProgramWaves {
  const { boot, then } = scenarioPrograms(scenario);
  return scenario.sharedAt ? { boot, next: then, later: [] } : { boot, next: [], later: then };
}
