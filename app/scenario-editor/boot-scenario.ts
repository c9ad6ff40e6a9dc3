// Boots a scenario on this page: its link goes into the URL's fragment, which the playground
// watches (app/Playground.tsx) and reboots the machine for. Booting the scenario the URL
// already carries changes nothing there, so that one resets the machine instead.

import { encodeScenarioUrl } from '../../engine/machine/scenario-url';

export function bootScenario(json: unknown, reset: () => void): void {
  const fragment = encodeScenarioUrl(json);
  if (location.hash === fragment) reset();
  else location.hash = fragment;
}
