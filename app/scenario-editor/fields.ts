// How the scenario editor's text fields read and write scenario values: a command line and its
// argv, a terminal's text with its escapes (\r is Enter), a time in ms and its ns, a hart list
// like "0-3,6", and whole numbers. Each reader returns the value or a message for people, so
// the form can say what is wrong next to the field.

import { SCENARIO_LIMITS } from '../../engine/machine/scenario';

export type Read<T> = { ok: true; value: T } | { ok: false; why: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = (why: string): Read<never> => ({ ok: false, why });

/** A whole number from `min` to `max`, written in decimal digits. */
export function readWhole(text: string, min: number, max: number): Read<number> {
  const t = text.trim();
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) return bad(`must be a whole number from ${min} to ${max}`);
  return ok(n);
}

// ---- times: the form shows ms, the scenario counts ns ----

const NS_PER_MS = 1_000_000;

/** "2.5" ms as 2500000 ns, exactly: decimal digits, no floating point (at most 6 decimals, 1 ns). */
export function readMs(text: string): Read<number> {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text.trim());
  const ns = m ? Number(m[1]) * NS_PER_MS + Number((m[2] ?? '').padEnd(6, '0')) : NaN;
  if (!Number.isSafeInteger(ns)) return bad('must be a time in ms, like 0, 1 or 2.5 (to 6 decimals: 1 ns)');
  return ok(ns);
}

/** 2500000 ns as "2.5": the inverse of readMs. */
export function msText(ns: number): string {
  const whole = Math.floor(ns / NS_PER_MS);
  const frac = String(ns % NS_PER_MS)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

// ---- command lines: argv as a person types it ----

/**
 * Splits a command line into argv as a shell would: blanks separate words, '…' and "…" quote
 * (so a word may hold blanks, or be empty), and \ takes the next character as it is.
 */
export function readCommandLine(text: string): Read<string[]> {
  const argv: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word = (word ?? '') + text.charAt(++i);
      else word = (word ?? '') + c;
    } else if (/\s/.test(c)) {
      if (word !== undefined) argv.push(word);
      word = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\') {
      if (i + 1 === text.length) return bad('ends with a \\ that escapes nothing');
      word = (word ?? '') + text.charAt(++i);
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote !== undefined) return bad(`has a ${quote} that is never closed`);
  if (word !== undefined) argv.push(word);
  if (argv.length === 0) return bad('needs a program and its arguments, like counter 20 2');
  return ok(argv);
}

/** argv as a command line readCommandLine() reads back the same: words with blanks or quotes are quoted. */
export function commandLineText(argv: readonly string[]): string {
  return argv.map((a) => (a !== '' && /^[^\s'"\\]+$/.test(a) ? a : `'${a.replace(/'/g, `'"'"'`)}'`)).join(' ');
}

// ---- typed text: what a person would type, with the keys that have no glyph escaped ----

const ESCAPES: Record<string, string> = { r: '\r', n: '\n', t: '\t', e: '\x1b', '\\': '\\' };
const NAMES: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\t': '\\t', '\x1b': '\\e', '\\': '\\\\' };

/** Text with \r (Enter), \n, \t, \e (Escape), \\ and \xHH turned into the characters they stand for. */
export function readTypedText(text: string): Read<string> {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = text.charAt(++i);
    const named = ESCAPES[e];
    if (named !== undefined) out += named;
    else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      return bad(`has an unknown escape \\${e}: use \\r for Enter, \\n, \\t, \\e, \\\\ or \\xHH`);
    }
  }
  return ok(out);
}

/** The inverse of readTypedText: control characters and \ written as escapes. */
export function typedTextText(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    out += NAMES[c] ?? (code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : c);
  }
  return out;
}

// ---- hart lists ----

/** "0-3,6" as [0, 1, 2, 3, 6], in the order written (a kernel's first hart boots it). */
export function readHartList(text: string): Read<number[]> {
  const items = text.split(/[\s,]+/).filter((s) => s !== '');
  if (items.length === 0) return bad('needs at least one hart, like 0,1 or 2-3');
  const harts: number[] = [];
  for (const item of items) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(item);
    if (!m) return bad(`"${item}" is not a hart number or a range like 2-3`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) return bad(`the range ${item} runs backwards`);
    const last = SCENARIO_LIMITS.harts - 1;
    if (to > last) return bad(`hart ${to} is past the last possible hart, ${last}`);
    for (let h = from; h <= to; h++) harts.push(h);
  }
  return ok(harts);
}

/** The inverse of readHartList: runs of three or more ascending harts written as a range. */
export function hartListText(harts: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < harts.length;) {
    let j = i;
    while (j + 1 < harts.length && harts[j + 1] === (harts[j] ?? 0) + 1) j++;
    if (j - i >= 2) {
      parts.push(`${harts[i] ?? 0}-${harts[j] ?? 0}`);
      i = j + 1;
    } else {
      parts.push(String(harts[i] ?? 0));
      i++;
    }
  }
  return parts.join(',');
}
