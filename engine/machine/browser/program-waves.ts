// When a scenario's programs are fetched (scenario-programs.ts says which, in order of need).
// What the kernels need to boot (the boot wave) their workers fetch themselves as they need it;
// the page fetches the rest once the machine has run its first epoch, so as not to compete
// with booting (and with the page's first prompt). A share link's replay cannot wait that long:
// it runs at full speed from its first epoch and reaches the first program it starts within a
// few dozen ms (the default scenario's `busy`, at epoch 10), where its kernel blocks until the
// bytes arrive; measured, that wait was 0.75 s of a 1.9 s replay. So a replay fetches the rest
// at once, while its kernels boot.

import type { Scenario } from '../scenario';
import { scenarioPrograms } from '../scenario-programs';

export interface ProgramWaves {
  /** Needed at once, at boot (by the kernels' workers, or first where they cannot fetch). */
  boot: string[];
  /** Fetched at once by the page (after the boot wave, where the page fetches that). */
  next: string[];
  /** Fetched once the machine has completed its first epoch. */
  later: string[];
}

export function programWaves(scenario: Scenario): ProgramWaves {
  const { boot, then } = scenarioPrograms(scenario);
  return scenario.sharedAt ? { boot, next: then, later: [] } : { boot, next: [], later: then };
}
