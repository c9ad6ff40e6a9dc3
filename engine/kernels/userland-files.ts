// The root filesystem's programs under Node: the committed userland binaries, read from
// userland/bin/ (as userland-paths.ts names them). The page fetches them instead, each on first
// use (machine/browser/userland-browser.ts).

import { readdir, readFile } from 'node:fs/promises';
import { byName, guestPath, USERLAND_GROUPS } from './userland-paths';

/** path in the guest -> file contents. */
export async function loadUserlandFiles(): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  for (const group of USERLAND_GROUPS) {
    const dir = new URL(`../../userland/bin/${group}/`, import.meta.url);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue; // a group that has not been built yet
    }
    for (const name of names.sort(byName)) files[guestPath(name)] = new Uint8Array(await readFile(new URL(name, dir)));
  }
  return files;
}
