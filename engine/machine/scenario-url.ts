// Shareable links: a scenario travels in the page URL's fragment as `#s=` + base64url of its
// UTF-8 JSON text (the fragment never reaches the server). decodeScenarioUrl() checks every step
// (the fragment's form, the base64url, the UTF-8, the JSON and the scenario itself) and throws a
// ScenarioError that says what is wrong, so a truncated or tampered link never boots a machine.

import { parseScenario, ScenarioError, type Scenario } from './scenario';

/** The fragment's key: `#s=<base64url>`. */
export const SCENARIO_URL_PREFIX = '#s=';

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ScenarioError('it has characters that base64url never uses');
  if (text.length % 4 === 1) throw new ScenarioError('its base64url text is cut short');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    throw new ScenarioError('its base64url text does not decode');
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The URL fragment (with its `#`) that carries `scenario`, a scenario's JSON object. */
export function encodeScenarioUrl(scenario: unknown): string {
  return SCENARIO_URL_PREFIX + toBase64Url(new TextEncoder().encode(JSON.stringify(scenario)));
}

/** Whether `fragment` (location.hash) carries a scenario at all. */
export function hasScenarioUrl(fragment: string): boolean {
  return fragment.startsWith(SCENARIO_URL_PREFIX) || fragment.startsWith(SCENARIO_URL_PREFIX.slice(1));
}

/**
 * The scenario a fragment (`#s=...`, the `#` optional) carries: its JSON text, validated.
 * Throws ScenarioError with a message for people when the link is truncated, garbled or tampered.
 */
export function decodeScenarioUrl(fragment: string): { scenarioText: string; scenario: Scenario } {
  const body = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (!body.startsWith('s=')) throw new ScenarioError('it carries no scenario (expected #s=...)');
  const encoded = body.slice(2);
  if (encoded.length === 0) throw new ScenarioError('its scenario is empty');
  let scenarioText: string;
  try {
    scenarioText = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(encoded));
  } catch (err) {
    if (err instanceof ScenarioError) throw err;
    throw new ScenarioError('its scenario is not UTF-8 text');
  }
  try {
    return { scenarioText, scenario: parseScenario(scenarioText) };
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    const why = err.message.startsWith('not valid JSON') ? err.message : `not valid: ${err.message}`;
    throw new ScenarioError(`its scenario is ${why}`);
  }
}
