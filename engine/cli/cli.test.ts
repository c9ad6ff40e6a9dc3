import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const popcorn = new URL('../../bin/popcorn.mjs', import.meta.url).pathname;

function run(args: string[], stdin = ''): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [popcorn, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ stdout, stderr, code: typeof err?.code === 'number' ? err.code : (child.exitCode ?? 0) });
    });
    child.stdin?.end(stdin);
  });
}

describe('popcorn run', () => {
  it('runs a program from /bin with its arguments and prints nothing else', async () => {
    const r = await run(['run', '--', 'echo', 'hello', 'world']);
    expect(r).toEqual({ stdout: 'hello world\n', stderr: '', code: 0 });
  });

  it("exits with the program's status, and 128 + the signal when one killed it", async () => {
    expect((await run(['run', '--', 'sh', '-c', 'exit 3'])).code).toBe(3);
    expect((await run(['run', '--', 't-segv'])).code).toBe(128 + 11);
  });

  it("wires the host's stdin, stdout and stderr to the program", async () => {
    expect((await run(['run', '--', 'cat'], 'from stdin\n')).stdout).toBe('from stdin\n');
    const r = await run(['run', '--', 'sh', '-c', 'echo out; echo err >&2']);
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toBe('err\n');
  });

  it('reports retired instructions, syscalls, page faults and wall time with --stats', async () => {
    const r = await run(['run', '--stats', '--', 'echo', 'x']);
    expect(r.stdout).toBe('x\n');
    expect(r.stderr).toMatch(/instructions retired: \d+/);
    expect(r.stderr).toMatch(/syscalls: \d+/);
    expect(r.stderr).toMatch(/page faults: \d+/);
    expect(r.stderr).toMatch(/wall time: [\d.]+ ms/);
  });

  it('writes the run as Chrome trace-event JSON with --trace', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'popcorn-')), 'trace.json');
    expect((await run(['run', '--trace', file, '--', 'echo', 'traced'])).stdout).toBe('traced\n');
    const trace = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: Array<{ name: string; cat: string }> };
    expect(trace.traceEvents.some((e) => e.cat === 'syscall' && e.name === 'write')).toBe(true);
    expect(trace.traceEvents.some((e) => e.cat === 'run')).toBe(true);
  });

  it('runs a program on a replicated-kernel machine with --kernels', async () => {
    const r = await run(['run', '--kernels', '2', '--harts-per-kernel', '2', '--', 'sh', '-c', 'echo on-kernel-0']);
    expect(r).toEqual({ stdout: 'on-kernel-0\n', stderr: '', code: 0 });
  });

  it('explains a program it cannot run', async () => {
    const missing = await run(['run', '--', 'no-such-program']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toMatch(/no such file/);
    const notElf = await run(['run', '--', popcorn]);
    expect(notElf.code).toBe(126);
    expect(notElf.stderr).toMatch(/ENOEXEC.*\n.*not an ELF file/);
  });
});

describe('popcorn scenario with a share link', () => {
  it('runs to where the link was shared and says whether it reaches the same trace hash', async () => {
    const { LocalMachine } = await import('../machine/local-machine');
    const { parseScenario } = await import('../machine/scenario');
    const { encodePlainScenarioUrl, encodeScenarioUrl } = await import('../machine/scenario-url');
    const { loadUserlandFiles } = await import('../kernels/userland-files');
    const json = {
      version: 1,
      machine: { preset: 'two-kernels' },
      inputs: [{ epoch: 12, kernel: 1, text: 'echo shared\r' }],
    };
    const m = await LocalMachine.boot(parseScenario(JSON.stringify(json)), await loadUserlandFiles());
    while (m.epoch < 40) m.step();
    const link = `http://localhost:5173/${await encodeScenarioUrl({ ...json, sharedAt: { epoch: 40, hash: m.hash() } })}`;
    const same = await run(['scenario', link]);
    expect(same.stdout).toContain(`shared at epoch 40 with trace hash ${m.hash()}: the same run`);
    expect(same.code).toBe(0);
    const other = m.hash().replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const wrong = await run(['scenario', await encodeScenarioUrl({ ...json, sharedAt: { epoch: 40, hash: other } })]);
    expect(wrong.stdout).toContain('a DIFFERENT run');
    expect(wrong.code).toBe(1);
    const broken = await run(['scenario', `${link.slice(0, -9)}!`]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/the link: it has characters that base64url never uses/);
    const cut = await run(['scenario', link.slice(0, -6)]);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(
      /the link: its (compressed scenario does not decompress \(the link is cut short|base64url text is cut short)/,
    );
    // a link made before links were compressed
    const old = `http://localhost:5173/${encodePlainScenarioUrl({ ...json, sharedAt: { epoch: 40, hash: m.hash() } })}`;
    const opened = await run(['scenario', old]);
    expect(opened.stdout).toContain(`shared at epoch 40 with trace hash ${m.hash()}: the same run`);
    expect(opened.code).toBe(0);
  });
});
