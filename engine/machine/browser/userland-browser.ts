// The root filesystem's programs in the page: the committed userland binaries, each a Vite asset
// with a content-hashed URL (so the browser's HTTP cache keeps them across visits), listed with
// their sizes by the build (vite.config.ts makes virtual:userland-programs), so every kernel
// lists /bin whole from boot. The bytes are fetched the first time a kernel needs a program
// (program-store.ts), once per page: every machine the page boots, resets included, shares them.
// The same paths, in the same order, as engine/kernels/userland-files.ts gives under Node.

import bundled from 'virtual:userland-programs';
import { busyboxLinks, byName, guestPath } from '../../kernels/userland-paths';
import { ProgramFetcher, ProgramStore, type ProgramEntry } from '../program-store';

interface BundledProgram extends ProgramEntry {
  url: string;
}

/** Every bundled program, in the order the root filesystem takes them. */
export function bundledPrograms(): BundledProgram[] {
  return [...bundled]
    .sort((a, b) => byName(a.name, b.name))
    .map(({ name, size, url }) => ({ path: guestPath(name), size, url }));
}

let shared: ProgramFetcher | undefined;

/** The page's program store and its fetcher (made on first use, then shared by every machine). */
export function userlandPrograms(): ProgramFetcher {
  if (shared) return shared;
  const programs = bundledPrograms();
  if (programs.length === 0) throw new Error('no userland programs were bundled (run bash userland/build.sh)');
  const urlOf = new Map(programs.map((p) => [p.path, p.url]));
  shared = new ProgramFetcher(
    new ProgramStore(programs.map(({ path, size }) => ({ path, size }))),
    async (program) => {
      const url = urlOf.get(program.path) ?? '';
      const response = await fetch(url);
      if (!response.ok) throw new Error(`cannot load ${program.path} (${url}): HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
    (program, error) => {
      // the kernel that wanted it fails its exec or read with EIO, and tries again next time
      console.warn(`${program.path}: ${error instanceof Error ? error.message : String(error)}`);
    },
    programs.map((p) => new URL(p.url, location.href).href),
    programLinks(programs.map((p) => p.path)),
  );
  return shared;
}

/** The kernels' links to BusyBox, as guest path -> the program's guest path. */
function programLinks(paths: string[]): Map<string, string> {
  return new Map(busyboxLinks(paths).map(([path, target]) => [path, `/bin/${target}`]));
}

/**
 * The guest paths of the bundled programs ("/bin/busy", …, "/sbin/init") and of the links the
 * kernels make to BusyBox ("/bin/grep", …), known without fetching any: what the page's /bin
 * holds, for checking a program's name before a boot.
 */
export function userlandPaths(): string[] {
  const programs = bundledPrograms().map((p) => p.path);
  return [...programs, ...busyboxLinks(programs).map(([path]) => path)].sort();
}
