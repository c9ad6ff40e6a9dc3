// The project's documents link only to what a clone has: every relative link and image in
// README.md and docs/*.md names a file or folder inside the repository (a link out of it,
// such as ../shared/, works on one machine and is broken everywhere else).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOCUMENTS = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((name) => `docs/${name}`)].filter((path) =>
  path.endsWith('.md'),
);

/** The relative targets of a Markdown text's links and images, and of paths quoted as `../x`. */
function relativeTargets(text: string): string[] {
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
  const quoted = [...text.matchAll(/`(\.\.\/[^`\s]+)`/g)].map((m) => m[1] ?? '');
  return [...links, ...quoted].filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'));
}

describe('the documents', () => {
  it('include the architecture document, linked from the README', () => {
    expect(DOCUMENTS).toContain('docs/ARCHITECTURE.md');
    expect(relativeTargets(readFileSync(join(ROOT, 'README.md'), 'utf8'))).toContain('docs/ARCHITECTURE.md');
  });

  it.each(DOCUMENTS)('%s links only to files inside the repository', (document) => {
    const text = readFileSync(join(ROOT, document), 'utf8');
    for (const target of relativeTargets(text)) {
      const path = resolve(ROOT, dirname(document), target.replace(/#.*$/, ''));
      expect(relative(ROOT, path).startsWith('..'), `${document} links outside the clone: ${target}`).toBe(false);
      expect(existsSync(path), `${document} links to a missing file: ${target}`).toBe(true);
    }
  });
});
