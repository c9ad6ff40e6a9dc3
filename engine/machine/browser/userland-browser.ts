// The root filesystem's programs in the browser: the committed userland binaries, bundled by
// Vite as assets (each its own URL, so the browser caches them) and fetched in parallel at
// boot. The same names as engine/kernels/userland-files.ts gives under Node: /bin/NAME, and
// init as /sbin/init. The t-* differential test programs stay out of the page's download.

const urls = import.meta.glob<string>(['../../../userland/bin/glibc/*', '!../../../userland/bin/glibc/t-*'], {
  query: '?url',
  import: 'default',
  eager: true,
});

/** Guest path of a bundled binary, from its source path. */
export function guestPath(source: string): string {
  const name = source.slice(source.lastIndexOf('/') + 1);
  return name === 'init' ? '/sbin/init' : `/bin/${name}`;
}

let loading: Promise<Record<string, Uint8Array>> | undefined;

/** path in the guest -> file contents (fetched once per page; later calls share the result). */
export function loadUserlandFiles(): Promise<Record<string, Uint8Array>> {
  loading ??= Promise.all(
    Object.entries(urls).map(async ([source, url]) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`cannot load ${guestPath(source)} (${url}): HTTP ${response.status}`);
      return [guestPath(source), new Uint8Array(await response.arrayBuffer())] as const;
    }),
  ).then((entries) => {
    if (entries.length === 0) throw new Error('no userland programs were bundled (run bash userland/build.sh)');
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
  });
  loading.catch(() => {
    loading = undefined; // let a later boot try again
  });
  return loading;
}

/**
 * The guest paths of the bundled programs ("/bin/busy", …, "/sbin/init"), known without
 * fetching any: what the page's /bin holds, for checking a program's name before a boot.
 */
export function userlandPaths(): string[] {
  return Object.keys(urls).map(guestPath).sort();
}
