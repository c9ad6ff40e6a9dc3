// Boots a scenario on this page: its link goes into the URL's fragment, which the playground
// watches (app/Playground.tsx) and reboots the machine for. Booting the scenario the URL
// already carries changes nothing there, so that one resets the machine instead. Encoding the
// link is asynchronous (it is compressed), so the fragment changes a moment after the call.

import { encodeScenarioUrl } from '../../engine/machine/scenario-url';

export async function bootScenario(json: unknown, reset: () => void): Promise<void> {
  const fragment = await encodeScenarioUrl(json);
  if (location.hash === fragment) reset();
  else location.hash = fragment;
}
