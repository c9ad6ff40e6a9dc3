// Debian's Chromium as every browser run of this project starts it (the end-to-end tests, the
// UI benchmarks, the screenshots): the package's binary, no browser download, and the flags a
// headless run in a container needs.
export const CHROMIUM_LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
