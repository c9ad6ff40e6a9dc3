// Where the committed userland binaries (userland/bin/GROUP/NAME) go in the root filesystem:
// /bin/NAME, and init as /sbin/init. One rule, and one order (by file name), for Node
// (userland-files.ts) and the page (machine/browser/userland-browser.ts), so that a kernel's
// root filesystem, its inode numbers included, is the same on both and a run replays alike.
// BusyBox (/bin/busybox) gets a link in /bin for each of its applets (busyboxLinks).

import busyboxApplets from '../../userland/bin/busybox-applets.json' with { type: 'json' };

/** The groups of userland/bin/, in the order their programs enter the root filesystem. */
export const USERLAND_GROUPS = ['glibc'];

/** Guest path of the binary called `name`. */
export function guestPath(name: string): string {
  return name === 'init' ? '/sbin/init' : `/bin/${name}`;
}

/** Orders file names as they enter the root filesystem. */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The root filesystem's links to BusyBox, given the paths of its files: /bin/APPLET -> busybox
 * for each applet of the committed binary (userland/bin/busybox-applets.json, which the build
 * writes), in that list's order, unless a program of that name is there (the playground's own
 * programs, such as ps or sh, win over an applet). BusyBox picks the applet by argv[0], which
 * the shell sets to the name it ran. None when there is no /bin/busybox.
 */
export function busyboxLinks(paths: Iterable<string>): [path: string, target: string][] {
  const present = new Set(paths);
  if (!present.has('/bin/busybox')) return [];
  return busyboxApplets
    .map((applet) => `/bin/${applet}`)
    .filter((path) => !present.has(path))
    .map((path) => [path, 'busybox']);
}
