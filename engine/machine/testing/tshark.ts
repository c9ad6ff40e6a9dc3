// Wireshark's tshark as the reference reader of the network's captures (Debian's tshark comes
// with scripts/ensure-debian-packages.sh): writes a capture to a temporary file and runs
// `tshark -r` on it as a user would, with IP, TCP and UDP checksum validation on, failing on
// a nonzero exit or anything on stderr but the one line tshark prints when run as root.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What tshark 4.x prints on stderr when run by root; it says nothing about the capture. */
const ROOT_WARNING = /^Running as user "root" and group "root"\. This could be dangerous\.$/;

/** Checksums are not validated by default (offloading makes them wrong in most captures). */
export const CHECK_CHECKSUMS = [
  '-o',
  'ip.check_checksum:TRUE',
  '-o',
  'tcp.check_checksum:TRUE',
  '-o',
  'udp.check_checksum:TRUE',
];

/** A capture written to a temporary file, for tshark to read; `remove` deletes it. */
export function captureFile(bytes: Uint8Array): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'popcorn-pcap-'));
  const path = join(dir, 'capture.pcap');
  writeFileSync(path, bytes);
  return {
    path,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** tshark's standard output for `tshark -r path` with checksum validation and `args`. */
export function tshark(path: string, args: readonly string[]): string {
  const run = spawnSync('tshark', ['-r', path, ...CHECK_CHECKSUMS, ...args], { encoding: 'utf8' });
  if (run.error)
    throw new Error(`tshark did not run (scripts/ensure-debian-packages.sh installs it): ${run.error.message}`);
  const stderr = run.stderr
    .split('\n')
    .filter((line) => line !== '' && !ROOT_WARNING.test(line))
    .join('\n');
  if (run.status !== 0 || stderr !== '')
    throw new Error(`tshark ${args.join(' ')} exited with ${String(run.status)}: ${stderr}`);
  return run.stdout;
}

/** `-T fields` output: one row per frame, one column per field, occurrences comma-separated. */
export function tsharkFields(path: string, fields: readonly string[], filter?: string): string[][] {
  const args = ['-T', 'fields', '-E', 'separator=/t', ...fields.flatMap((f) => ['-e', f])];
  if (filter !== undefined) args.push('-Y', filter);
  return tshark(path, args)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}
