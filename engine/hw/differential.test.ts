// Differential test of the hart against qemu-riscv64: every bare program in userland/bin/bare/
// runs under qemu (the reference) and on our hart through runBare(), and both must print the
// same stdout and stderr and exit with the same status, the hart by exiting rather than
// trapping. The programs also check themselves: under qemu they must exit 0, or their own
// expectations are wrong.

import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBare } from './testing/bare-harness';

const QEMU = '/usr/bin/qemu-riscv64';
const BIN_DIR = fileURLToPath(new URL('../../userland/bin/bare/', import.meta.url));
const QEMU_TIMEOUT_MS = 60_000;

interface QemuRun {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

function runQemu(path: string): Promise<QemuRun> {
  if (!existsSync(QEMU)) {
    return Promise.reject(new Error(`${QEMU} is missing: install the Debian package qemu-user`));
  }
  return new Promise((resolve, reject) => {
    const child = execFile(
      QEMU,
      [path],
      { encoding: 'buffer', timeout: QEMU_TIMEOUT_MS, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        // a non-zero exit is an error to execFile but a result here; failing to start is not
        if (error && child.exitCode === null && child.signalCode === null) {
          reject(new Error(`cannot run ${QEMU}: ${error.message}`));
          return;
        }
        const decoder = new TextDecoder();
        resolve({
          stdout: decoder.decode(stdout),
          stderr: decoder.decode(stderr),
          exitCode: child.exitCode,
          signal: child.signalCode,
        });
      },
    );
  });
}

/** How two outputs differ (line by line: how many lines, and the first), or undefined when equal. */
function firstDifference(expected: string, actual: string): string | undefined {
  if (expected === actual) return undefined;
  const want = expected.split('\n');
  const got = actual.split('\n');
  let i = 0;
  while (i < want.length && i < got.length && want[i] === got[i]) i++;
  let differing = 0;
  for (let j = 0; j < Math.max(want.length, got.length); j++) if (want[j] !== got[j]) differing++;
  const show = (line: string | undefined) => (line === undefined ? '(end of output)' : JSON.stringify(line));
  return (
    `${differing} of ${want.length} lines differ, the first at line ${i + 1}: ` +
    `qemu ${show(want[i])}, hart ${show(got[i])}`
  );
}

function hex(v: bigint | number): string {
  return `0x${v.toString(16)}`;
}

const programs = existsSync(BIN_DIR) ? readdirSync(BIN_DIR).sort() : [];

describe('differential: bare programs vs qemu-riscv64', () => {
  it('has bare programs to compare', () => {
    expect(programs, `no binaries in ${BIN_DIR}: run userland/build.sh`).not.toHaveLength(0);
  });

  for (const name of programs) {
    it(name, { timeout: 180_000 }, async () => {
      const path = join(BIN_DIR, name);
      const reference = await runQemu(path);
      expect(reference.signal, `qemu-riscv64 was killed (timeout ${QEMU_TIMEOUT_MS} ms?)`).toBeNull();

      const ours = await runBare(readFileSync(path), { translate: true });
      if (ours.trap) {
        const { cause, value, pc } = ours.trap;
        const tail = ours.stdout.split('\n').slice(-4).join('\n');
        expect.fail(`hart trapped: cause ${cause}, value ${hex(value)}, pc ${hex(pc)}; output ended with:\n${tail}`);
      }
      expect(ours.exitCode, `hart neither exited nor trapped in ${ours.instructions} instructions`).toBeDefined();

      const stdout = firstDifference(reference.stdout, ours.stdout);
      if (stdout) expect.fail(`stdout differs: ${stdout}`);
      const stderr = firstDifference(reference.stderr, ours.stderr);
      if (stderr) expect.fail(`stderr differs: ${stderr}`);
      expect(ours.exitCode, 'exit status').toBe(reference.exitCode);
      expect(reference.exitCode, 'the program failed its own checks under qemu').toBe(0);
    });
  }
});
