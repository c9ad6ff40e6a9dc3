// Scenario JSON as text for people: two-space indents, with every array or object that fits on
// one line written on one line (as the shipped scenario files are), so a hart list reads [0, 1]
// rather than four lines.

/** Widest line an inline array or object may make, indent included. */
const WIDTH = 100;

export function jsonText(value: unknown, indent = ''): string {
  const inline = oneLine(value);
  if (inline.length + indent.length <= WIDTH || typeof value !== 'object' || value === null) return inline;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + jsonText(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${jsonText(v, inner)}`).join(',\n')}\n${indent}}`;
}

function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0
      ? '{}'
      : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`).join(', ')} }`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}
