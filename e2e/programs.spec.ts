// The root filesystem's programs in the page: every kernel lists them all from boot, but the
// page downloads a program only when a kernel first runs it (init and BusyBox, whose ash is sh, to boot, then what the
// scenario names, then whatever is typed), once, and a later visit takes them from the HTTP cache.
import { expect, test, type Page } from '@playwright/test';
import { afterScenarioTyping, openPlayground, typeInTty, waitForTty } from './helpers';

test.setTimeout(120_000); // each types and waits for a kernel on a shared machine

/** Counts the page's requests for each program (the build names them assets/NAME-HASH.). */
function countProgramRequests(page: Page): Map<string, number> {
  const counts = new Map<string, number>();
  page.context().on('request', (request) => {
    const name = /\/assets\/([\w-]+)-[\w-]{8}\.$/.exec(new URL(request.url()).pathname)?.[1];
    if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
  });
  return counts;
}

test('programs are listed from boot and downloaded once each, when first run', async ({ page }) => {
  const requests = countProgramRequests(page);
  await openPlayground(page);
  await waitForTty(page, 0, 'popcorn0:/$');
  await afterScenarioTyping(page); // ps, cat and mt have run
  // what booting and the scenario ran, and nothing else
  // (sh and cat are BusyBox's: their /bin links lead to /bin/busybox, fetched for them)
  expect([...requests.keys()].sort()).toEqual(['busy', 'busybox', 'init', 'mt', 'ps']);
  expect(
    [...requests.values()].every((n) => n === 1),
    'each once (the preloads were used)',
  ).toBe(true);

  // every program is in /bin, with its size, before any of its bytes came
  await waitForTty(page, 0, /popcorn0:\/\$$/);
  // named, not the whole of /bin: a full listing is taller than the terminal
  await typeInTty(page, 0, 'ls -l /bin/pingpong /bin/primes /bin/t-files /bin/top /bin/wc\r');
  // wc is a link to BusyBox, the listing's last line
  const listing = await waitForTty(page, 0, /^lrwx.*\s\/bin\/wc -> busybox\s*$/m);
  expect(listing).toMatch(/^-rwx.*\s420752\s.*\s\/bin\/primes\s*$/m); // its size, as the manifest says
  for (const name of ['primes', 'top', 'pingpong', 't-files'])
    expect(listing).toMatch(new RegExp(`^-rwx.*\\s/bin/${name}\\s*$`, 'm'));
  expect(requests.has('primes')).toBe(false);

  // running one fetches it (the kernel waits for it, its epoch held) and it runs
  await waitForTty(page, 0, /popcorn0:\/\$$/);
  await typeInTty(page, 0, 'primes 100\r');
  await waitForTty(page, 0, /\$ primes 100\nprimes below 100: 25$/m);
  expect(requests.get('primes')).toBe(1);
});

test('a second visit takes the programs and the hart from the HTTP cache', async ({ page }) => {
  // the hart the page fetches (its own resource timing shows it); init and busybox (sh) the kernels'
  // workers fetch, whose timing the page cannot see: that they are in the HTTP cache, which
  // serves them without asking (hashed names, immutable), shows none goes over the network
  const programUrls = new Set<string>();
  page.context().on('request', (request) => {
    if (/\/assets\/(init|busybox)-[\w-]{8}\.$/.test(new URL(request.url()).pathname)) programUrls.add(request.url());
  });
  await openPlayground(page);
  await waitForTty(page, 0, 'popcorn0:/$', 30_000);
  await page.reload();
  await waitForTty(page, 0, 'popcorn0:/$', 30_000);
  const hart = () =>
    page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e as PerformanceResourceTiming)
        .filter((e) => e.responseEnd > 0 && /\/assets\/hart-[\w-]{8}\.wasm$/.test(e.name))
        .map((e) => ({ name: e.name.replace(/.*\/assets\//, ''), bytes: e.transferSize, size: e.decodedBodySize })),
    );
  await expect.poll(async () => (await hart()).length, { timeout: 30_000 }).toBe(1);
  for (const entry of await hart()) {
    expect(entry.size, entry.name).toBeGreaterThan(0);
    expect(entry.bytes, `${entry.name} came over the network`).toBe(0);
  }
  expect(programUrls.size).toBe(2);
  for (const url of programUrls) {
    const cached = await page.evaluate(
      async (u) =>
        (await fetch(u, { cache: 'only-if-cached', mode: 'same-origin' }).catch(() => undefined))?.ok ?? false,
      url,
    );
    expect(cached, `${url} is in the HTTP cache`).toBe(true);
  }
});
