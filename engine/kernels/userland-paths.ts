// Where the committed userland binaries (userland/bin/GROUP/NAME) go in the root filesystem:
// /bin/NAME, and init as /sbin/init. One rule, and one order (by file name), for Node
// (userland-files.ts) and the page (machine/browser/userland-browser.ts), so that a kernel's
// root filesystem, its inode numbers included, is the same on both and a run replays alike.

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
