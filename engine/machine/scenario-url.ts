// Shareable links: a scenario travels in the page URL's fragment (which never reaches the
// server). Two forms, told apart by the fragment's key:
//   #z=  (what encodeScenarioUrl makes) base64url of the zlib-deflated UTF-8 JSON of the
//        scenario, its recorded inputs in the compact form of link-inputs.ts. A link after a
//        few commands is a few hundred characters instead of thousands. One that would end
//        with '_' gets a '=' (base64's padding) after it: Markdown autolinks drop a final '_'.
//   #s=  (links made before #z=, still opened) base64url of the scenario's UTF-8 JSON text.
// Compression is the platform's CompressionStream (the browser's and Node's), which is
// asynchronous, so encoding and decoding are too. decodeScenarioUrl() checks every step (the
// fragment's form, the base64url, the deflate stream and its checksum, the UTF-8, the JSON, the
// compact inputs and the scenario itself) and throws a ScenarioError that says what is wrong,
// so a truncated or tampered link never boots a machine.

import { compactInputs, expandInputs } from './link-inputs';
import { parseScenario, ScenarioError, type Scenario } from './scenario';

/** The fragment's key of the links made now: `#z=<base64url of deflated JSON>`. */
export const SCENARIO_URL_PREFIX = '#z=';
/** The fragment's key of the first links: `#s=<base64url of JSON>`. */
export const PLAIN_SCENARIO_URL_PREFIX = '#s=';

/**
 * Links up to this many characters, the page's address included, open from wherever they are
 * pasted: 2000 is under the limits we know of that cut or refuse longer text (a Discord message
 * holds 2000 characters, the sitemap protocol and many crawlers and link previewers stop at
 * 2048, old Internet Explorer at 2083). Browsers, Slack and Teams take far longer links.
 */
export const SAFE_LINK_CHARS = 2000;

/** The most bytes a link's scenario may inflate to (a real one is a few KiB). */
export const MAX_SCENARIO_BYTES = 1 << 20;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(padded: string): Uint8Array {
  const text = padded.replace(/={1,2}$/, ''); // padding, which only ends a link that would end with '_'
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ScenarioError('it has characters that base64url never uses');
  if (text.length % 4 === 1) throw new ScenarioError('its base64url text is cut short');
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    throw new ScenarioError('its base64url text does not decode');
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Everything `stream` gives, at most `limit` bytes (more throws a ScenarioError). */
async function readAll(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      void reader.cancel().catch(() => undefined);
      throw new ScenarioError(`its scenario is over ${limit >> 10} KiB once decompressed`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** `bytes` through a (De)CompressionStream, in zlib's format (deflate with an Adler-32 checksum). */
async function transform(
  stream: CompressionStream | DecompressionStream,
  bytes: Uint8Array,
  limit: number,
): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // the reader below sees any error; these promises only must not go unhandled
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  return readAll(stream.readable, limit);
}

/** The URL fragment (with its `#`) that carries `scenario`, a scenario's JSON object. */
export async function encodeScenarioUrl(scenario: unknown): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(compactInputs(scenario)));
  const deflated = await transform(new CompressionStream('deflate'), json, Number.MAX_SAFE_INTEGER);
  const encoded = toBase64Url(deflated);
  // Markdown's autolinks (GitHub's, among others) leave a trailing '_' out of the link, which
  // would cut it short: such a link ends with a '=' (base64's padding, which decoding skips)
  return SCENARIO_URL_PREFIX + (encoded.endsWith('_') ? `${encoded}=` : encoded);
}

/** The plain form of the first links (`#s=`, base64url of the JSON text): how old links look. */
export function encodePlainScenarioUrl(scenario: unknown): string {
  return PLAIN_SCENARIO_URL_PREFIX + toBase64Url(new TextEncoder().encode(JSON.stringify(scenario)));
}

/** Whether `fragment` (location.hash, the `#` optional) carries a scenario at all, in either form. */
export function hasScenarioUrl(fragment: string): boolean {
  const body = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  return body.startsWith('z=') || body.startsWith('s=');
}

/** A link's UTF-8 bytes as text. */
function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ScenarioError('its scenario is not UTF-8 text');
  }
}

/** The JSON text a compressed link carries, its compact inputs expanded. */
async function compressedText(encoded: string): Promise<string> {
  const deflated = fromBase64Url(encoded);
  let inflated: Uint8Array;
  try {
    inflated = await transform(new DecompressionStream('deflate'), deflated, MAX_SCENARIO_BYTES);
  } catch (err) {
    if (err instanceof ScenarioError) throw err;
    throw new ScenarioError('its compressed scenario does not decompress (the link is cut short or garbled)');
  }
  const text = utf8(inflated);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ScenarioError(`its scenario is not valid JSON: ${(err as Error).message}`);
  }
  return JSON.stringify(expandInputs(json));
}

/**
 * The scenario a fragment (`#z=...` or an old `#s=...`, the `#` optional) carries: its JSON
 * text, validated. Rejects with a ScenarioError with a message for people when the link is
 * truncated, garbled or tampered.
 */
export async function decodeScenarioUrl(fragment: string): Promise<{ scenarioText: string; scenario: Scenario }> {
  const body = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  const compressed = body.startsWith('z=');
  if (!compressed && !body.startsWith('s=')) throw new ScenarioError('it carries no scenario (expected #z=...)');
  const encoded = body.slice(2);
  if (encoded.length === 0) throw new ScenarioError('its scenario is empty');
  const scenarioText = compressed ? await compressedText(encoded) : utf8(fromBase64Url(encoded));
  try {
    return { scenarioText, scenario: parseScenario(scenarioText) };
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    const why = err.message.startsWith('not valid JSON') ? err.message : `not valid: ${err.message}`;
    throw new ScenarioError(`its scenario is ${why}`);
  }
}

/** Where a share link's fragment starts in `text` (a whole URL, or the fragment alone), or -1. */
export function scenarioUrlAt(text: string): number {
  return text.search(/#[zs]=/);
}
