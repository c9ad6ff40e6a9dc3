// The root filesystem's programs: the committed userland binaries, as /bin/NAME (and init as
// /sbin/init). Under Node they are read from userland/bin/; the web build bundles them.

import { readdir, readFile } from 'node:fs/promises';

const GROUPS = ['glibc'];

/** path in the guest -> file contents. */
export async function loadUserlandFiles(): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  for (const group of GROUPS) {
    const dir = new URL(`../../userland/bin/${group}/`, import.meta.url);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue; // a group that has not been built yet
    }
    for (const name of names.sort()) {
      const bytes = new Uint8Array(await readFile(new URL(name, dir)));
      files[name === 'init' ? '/sbin/init' : `/bin/${name}`] = bytes;
    }
  }
  return files;
}
