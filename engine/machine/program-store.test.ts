import { describe, expect, it } from 'vitest';
import { loadUserlandFiles } from '../kernels/userland-files';
import { LocalMachine } from './local-machine';
import { ProgramFetcher, ProgramStore, type ProgramEntry } from './program-store';
import { parseScenario } from './scenario';
import { runInWorkers } from './worker-machine';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('the program store', () => {
  const programs: ProgramEntry[] = [
    { path: '/sbin/init', size: 3 },
    { path: '/bin/ls', size: 5 },
  ];

  it('lists every program at its size, and loads one only when asked, into a copy of its own', () => {
    const store = new ProgramStore(programs);
    const asked: number[] = [];
    const files = store.rootFiles(
      (i) => {
        asked.push(i);
        expect(store.put(i, bytes(1, 2, 3, 4, 5))).toBeUndefined(); // the fetching side answers
      },
      () => undefined,
    );
    expect(Object.entries(files).map(([path, f]) => [path, f.size])).toEqual([
      ['/sbin/init', 3],
      ['/bin/ls', 5],
    ]);
    expect(asked).toEqual([]);
    const ls = files['/bin/ls']?.load();
    expect([...(ls ?? [])]).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([1]);
    expect(files['/bin/ls']?.load()).not.toBe(ls); // present: no asking, a fresh copy
    expect(asked).toEqual([1]);
    // a second view of the same buffer (a worker's) sees the bytes
    expect(new ProgramStore(store.init).has(1)).toBe(true);
    expect(new ProgramStore(store.init).has(0)).toBe(false);
  });

  it('gives up on a failed fetch (EIO for the kernel), and asks again on the next load', () => {
    const store = new ProgramStore(programs);
    let fail = true;
    const files = store.rootFiles(
      (i) => {
        if (fail) store.fail(i);
        else store.put(i, bytes(7, 8, 9));
      },
      () => undefined,
    );
    expect(files['/sbin/init']?.load()).toBeUndefined();
    fail = false;
    expect([...(files['/sbin/init']?.load() ?? [])]).toEqual([7, 8, 9]);
  });

  it('lets one fetcher claim a program: the others wait for it rather than fetch it again', () => {
    const store = new ProgramStore(programs);
    const kernel = new ProgramStore(store.init); // a worker's view of the same store
    expect(kernel.claim(0)).toBe(true);
    expect(store.claim(0)).toBe(false); // on its way
    expect(kernel.claim(0)).toBe(false);
    kernel.release(0); // its fetch could not be made: anyone may try
    expect(store.claim(0)).toBe(true);
    expect(store.put(0, bytes(1, 2, 3))).toBeUndefined();
    expect(kernel.has(0)).toBe(true);
    expect(kernel.claim(0)).toBe(false); // here
    // a failed fetch gives the claim up, as well as waking the kernels that waited
    expect(store.claim(1)).toBe(true);
    store.fail(1);
    expect(kernel.claim(1)).toBe(true);
  });

  it('a kernel that finds a program claimed waits for the claimant’s bytes or failure', () => {
    const store = new ProgramStore(programs);
    let idles = 0;
    const files = store.rootFiles(
      (i) => {
        expect(store.claim(i)).toBe(false); // the page claimed it: nothing to do but wait
      },
      () => {
        // the claimant, meanwhile: fails /sbin/init, delivers /bin/ls
        if (++idles === 2) {
          store.fail(0);
          store.put(1, bytes(5, 4, 3, 2, 1));
        }
      },
    );
    expect(store.claim(0) && store.claim(1)).toBe(true);
    expect(files['/sbin/init']?.load()).toBeUndefined();
    expect([...(files['/bin/ls']?.load() ?? [])]).toEqual([5, 4, 3, 2, 1]);
  });

  it('refuses bytes that are not the size the manifest says', () => {
    const store = new ProgramStore(programs);
    expect(store.put(0, bytes(1))).toMatch(/\/sbin\/init: 1 bytes arrived where the manifest says 3/);
    expect(store.has(0)).toBe(false);
  });
});

describe('the program fetcher', () => {
  it('fetches a program once however many ask, never again once here, and again after a failure', async () => {
    const calls: string[] = [];
    let failNext = true;
    const errors: string[] = [];
    const fetcher = new ProgramFetcher(
      new ProgramStore([{ path: '/bin/ls', size: 2 }]),
      async (p) => {
        calls.push(p.path);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (failNext) {
          failNext = false;
          throw new Error('network down');
        }
        return bytes(1, 2);
      },
      (p, err) => errors.push(`${p.path}: ${err instanceof Error ? err.message : String(err)}`),
    );
    await Promise.all([fetcher.fetch(0), fetcher.fetch(0)]);
    expect(calls).toEqual(['/bin/ls']);
    expect(errors).toEqual(['/bin/ls: network down']);
    await Promise.all([fetcher.fetch(0), fetcher.prefetch(['/bin/ls', '/bin/nothing'])]);
    expect(calls).toEqual(['/bin/ls', '/bin/ls']);
    expect(fetcher.store.has(0)).toBe(true);
    await fetcher.fetch(0);
    expect(calls.length).toBe(2);
  });

  it('leaves a program a kernel claimed to that kernel', async () => {
    const calls: string[] = [];
    const fetcher = new ProgramFetcher(new ProgramStore([{ path: '/bin/ls', size: 2 }]), async (p) => {
      calls.push(p.path);
      return Promise.resolve(bytes(1, 2));
    });
    expect(new ProgramStore(fetcher.store.init).claim(0)).toBe(true);
    await fetcher.prefetch(['/bin/ls']);
    expect(calls).toEqual([]);
  });

  it('prefetches the program a link leads to (BusyBox for its applets), once', async () => {
    const calls: string[] = [];
    const fetcher = new ProgramFetcher(
      new ProgramStore([{ path: '/bin/busybox', size: 2 }]),
      async (p) => {
        calls.push(p.path);
        return Promise.resolve(bytes(1, 2));
      },
      undefined,
      [],
      new Map([
        ['/bin/cat', '/bin/busybox'],
        ['/bin/grep', '/bin/busybox'],
      ]),
    );
    await fetcher.prefetch(['/bin/cat', '/bin/grep', '/bin/nothing']);
    expect(calls).toEqual(['/bin/busybox']);
    expect(fetcher.store.has(0)).toBe(true);
  });
});

// Kernels that type commands at each other's shells and start programs, on four kernels
const text = JSON.stringify({
  version: 1,
  name: 'programs-on-demand',
  machine: { preset: 'kernel-per-hart' },
  actions: [
    { at: 1_000_000, kind: 'type', kernel: 0, text: 'echo one; ps\r' },
    { at: 1_000_000, kind: 'type', kernel: 1, text: 'mt -s 4 2000\r' },
    { at: 2_000_000, kind: 'type', kernel: 2, text: 'cat /proc/meminfo | cat\r' },
    { at: 3_000_000, kind: 'type', kernel: 3, text: 'ls -l /bin\r' },
    { at: 1_000_000, kind: 'start', kernel: 3, argv: ['counter', '30', '1'] },
  ],
});
const UNTIL = 8_000_000;

/** A fetcher over the committed binaries whose "network" takes `delayMs(path)` per program. */
async function network(delayMs: (path: string) => number) {
  const files = await loadUserlandFiles();
  const fetched: string[] = [];
  const fetcher = new ProgramFetcher(
    new ProgramStore(Object.entries(files).map(([path, b]) => ({ path, size: b.length }))),
    async (p) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs(p.path)));
      fetched.push(p.path);
      return files[p.path] ?? new Uint8Array(0);
    },
  );
  return { fetcher, fetched, files };
}

describe('programs fetched on first use', () => {
  it('give the same run, to the trace hash, whether their bytes arrive before boot or late, in one thread or many', async () => {
    const scenario = parseScenario(text);
    const files = await loadUserlandFiles();
    const local = await LocalMachine.boot(scenario, files); // every byte there from the start, one thread
    local.runUntil(UNTIL);
    const expected = local.hash();
    expect(local.kernels[3]?.node.kernel.log.join('\n')).not.toMatch(/cannot start/);

    // a slow network, slower for some programs than others: kernels wait for bytes mid-epoch
    const slow = await network((path) => 20 + (path.length % 5) * 30);
    const late = await runInWorkers(scenario, text, slow.fetcher, UNTIL);
    expect(late.failures).toEqual([]);
    expect(late.hash).toBe(expected);
    // what ran was fetched, once, and nothing else
    // (sh, echo, cat and ls are BusyBox's applets: links to /bin/busybox)
    const ran = ['/sbin/init', '/bin/busybox', '/bin/ps', '/bin/mt', '/bin/counter'];
    expect(slow.fetched).toEqual(expect.arrayContaining(['/sbin/init', '/bin/mt', '/bin/busybox', '/bin/counter']));
    expect(slow.fetched.filter((p) => !ran.includes(p))).toEqual([]);
    expect(new Set(slow.fetched).size).toBe(slow.fetched.length);

    // every program fetched before boot: nobody waits
    const fast = await network(() => 0);
    await fast.fetcher.prefetch(Object.keys(fast.files));
    const early = await runInWorkers(scenario, text, fast.fetcher, UNTIL);
    expect(early.hash).toBe(expected);
  }, 120_000);
});
