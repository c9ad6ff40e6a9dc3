import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration';
import { environment } from './environment';
import { collectHostFiles, hostFilesDigest } from './host-files';
import { memoryMiB, parseOptions, splitAtProgram, UsageError } from './options';

const OPTIONS = {
  stats: { type: 'boolean' },
  kernels: { type: 'string' },
  env: { type: 'string', short: 'E', multiple: true },
} as const;

describe('the command line', () => {
  it("ends popcorn's options at the program, as qemu-user does", () => {
    expect(splitAtProgram(['--stats', '--kernels', '2', 'echo', '-n', 'hi'], OPTIONS)).toEqual({
      own: ['--stats', '--kernels', '2'],
      program: ['echo', '-n', 'hi'],
    });
    expect(splitAtProgram(['-E', 'A=1', '--kernels=2', '--', '--help'], OPTIONS)).toEqual({
      own: ['-E', 'A=1', '--kernels=2'],
      program: ['--help'],
    });
    expect(splitAtProgram(['--stats'], OPTIONS)).toEqual({ own: ['--stats'], program: [] });
  });

  it('says in one line which option is wrong', () => {
    const parse = (args: string[]) => () => parseOptions({ args, options: OPTIONS });
    expect(parse(['--nope'])).toThrow(new UsageError("unknown option '--nope'"));
    expect(parse(['--kernels'])).toThrow(new UsageError('--kernels needs a value'));
    expect(parse(['--stats=yes'])).toThrow(new UsageError('--stats takes no value'));
    expect(parse(['stray'])).toThrow(new UsageError("unexpected argument 'stray'"));
  });

  it('takes sizes in MiB or with a unit, and durations only with one', () => {
    expect(memoryMiB('2048', 'memory', 16, 4079)).toBe(2048);
    expect(memoryMiB('2G', 'memory', 16, 4079)).toBe(2048);
    expect(memoryMiB('512MiB', 'memory', 16, 4079)).toBe(512);
    expect(() => memoryMiB('4G', 'memory', 16, 4079)).toThrow(/from 16 MiB to 4079 MiB/);
    expect(() => memoryMiB('1.5G', 'memory', 16, 4079)).toThrow(UsageError);
    expect(parseDuration('250us')).toBe(250_000);
    expect(parseDuration('1.5s')).toBe(1_500_000_000);
    expect(parseDuration('5')).toBeUndefined();
    expect(parseDuration('0ms')).toBeUndefined();
  });

  it('edits a fixed environment with -E and -U in the order given', () => {
    const tokens = (...pairs: Array<[string, string]>) =>
      pairs.map(([name, value]) => ({ kind: 'option', name, value }));
    expect(environment(undefined)).toEqual(['PATH=/bin:/sbin', 'HOME=/', 'TERM=xterm-256color', 'LANG=C']);
    expect(
      environment(tokens(['env', 'HOME=/root'], ['unset', 'TERM'], ['env', 'X=a=b'], ['unset', 'X'], ['env', 'X=2'])),
    ).toEqual(['PATH=/bin:/sbin', 'HOME=/root', 'LANG=C', 'X=2']);
    expect(() => environment(tokens(['env', '=v']))).toThrow(/-E takes VAR=VALUE/);
    expect(() => environment(tokens(['unset', 'A=1']))).toThrow(/-U takes a variable name/);
  });
});

describe('host files', () => {
  function tree(): string {
    const dir = mkdtempSync(join(tmpdir(), 'popcorn-tree-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'b.txt'), 'b');
    writeFileSync(join(dir, 'sub', 'a.txt'), 'aa');
    symlinkSync(join(dir, 'b.txt'), join(dir, 'link-to-file'));
    symlinkSync(dir, join(dir, 'sub', 'loop')); // a link to a directory is not followed
    symlinkSync(join(dir, 'gone'), join(dir, 'dangling'));
    return dir;
  }

  it('copies what the command line names and what is mounted, in name order, and hashes it', () => {
    const dir = tree();
    const named = collectHostFiles({ cwd: dir, args: ['b.txt', 'sub', '-x', 'missing'], mounts: [], room: 1 << 20 });
    expect(named.files.map((f) => f.guest)).toEqual([join(dir, 'b.txt')]);
    expect(named.cwd).toBe(dir);
    const mounted = collectHostFiles({ cwd: dir, args: ['b.txt'], mounts: ['.:/data'], room: 1 << 20 });
    expect(mounted.files.map((f) => f.guest)).toEqual([
      join(dir, 'b.txt'),
      '/data/b.txt',
      '/data/link-to-file',
      '/data/sub/a.txt',
    ]);
    expect(mounted.dirs).toEqual([dir, '/data', '/data/sub']);
    const again = collectHostFiles({ cwd: dir, args: ['b.txt'], mounts: ['.:/data'], room: 1 << 20 });
    expect(hostFilesDigest(again)).toBe(hostFilesDigest(mounted));
    expect(hostFilesDigest(named)).not.toBe(hostFilesDigest(mounted));
  });

  it('refuses what the guest cannot hold or must not get', () => {
    const dir = tree();
    const mount =
      (spec: string, room = 1 << 20) =>
      () =>
        collectHostFiles({ cwd: dir, args: [], mounts: [spec], room });
    expect(mount('.', 3)).toThrow(/take more than the 0.0 MiB the guest's file system has free/);
    expect(mount('.:/proc/x')).toThrow(/belongs to the guest's kernel/);
    expect(mount('.:data')).toThrow(/the guest path must be absolute/);
    expect(mount('nothing')).toThrow(/does not exist/);
  });
});
