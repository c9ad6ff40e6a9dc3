import { describe, expect, it } from 'vitest';
import { EEXIST, EINVAL, EISDIR, ELOOP, ENOENT, ENOSPC, ENOTDIR, ENOTEMPTY, EPERM } from '../errno';
import type { Inode } from './inode';
import { RENAME_EXCHANGE, RENAME_NOREPLACE, Vfs } from './vfs';

const bytes = (s: string) => new TextEncoder().encode(s);

function setup() {
  let now = 0;
  const vfs = new Vfs(() => now, 1 << 20);
  vfs.writeFile('/bin/sh', bytes('#!'), 0o755);
  vfs.writeFile('/etc/motd', bytes('hello'));
  const tmp = vfs.mkdirs('/tmp');
  return { vfs, tmp, tick: (ns: number) => (now += ns) };
}

const root = (vfs: Vfs) => ({ inode: vfs.root, path: '/' });

function walk(vfs: Vfs, path: string, follow = true) {
  const found = vfs.walk(root(vfs), path, follow);
  if (typeof found === 'number') throw new Error(`walk ${path}: ${found}`);
  return found;
}

function symlink(vfs: Vfs, dir: Inode, name: string, target: string): Inode {
  const link = vfs.create(dir, name, 'symlink', 0o777);
  if (typeof link === 'number') throw new Error('create');
  link.target = target;
  return link;
}

describe('Vfs', () => {
  it('walks absolute and relative paths and reports the canonical path', () => {
    const { vfs } = setup();
    const etc = walk(vfs, '/etc').inode as Inode;
    expect(walk(vfs, '//etc/./motd').path).toBe('/etc/motd');
    expect(vfs.walk({ inode: etc, path: '/etc' }, '../bin/sh', true)).toMatchObject({ path: '/bin/sh', name: 'sh' });
    expect(walk(vfs, '/..').inode).toBe(vfs.root);
  });

  it('reports a missing last component so that the caller may create it, and ENOENT earlier', () => {
    const { vfs, tmp } = setup();
    expect(walk(vfs, '/tmp/new')).toMatchObject({ dir: tmp, name: 'new', inode: undefined, path: '/tmp/new' });
    expect(vfs.walk(root(vfs), '/nope/new', true)).toBe(-ENOENT);
    expect(vfs.walk(root(vfs), '/etc/motd/x', true)).toBe(-ENOTDIR);
    expect(vfs.walk(root(vfs), '/etc/motd/', true)).toBe(-ENOTDIR);
    expect(vfs.walk(root(vfs), '', true)).toBe(-ENOENT);
  });

  it('follows symlinks in the middle always and at the end only when asked', () => {
    const { vfs, tmp } = setup();
    const link = symlink(vfs, tmp, 'e', '../etc');
    symlink(vfs, tmp, 'm', '/etc/motd');
    expect(walk(vfs, '/tmp/e/motd').path).toBe('/etc/motd');
    expect(walk(vfs, '/tmp/e', false).inode).toBe(link);
    expect(walk(vfs, '/tmp/e').path).toBe('/etc');
    expect(walk(vfs, '/tmp/m').inode?.kind).toBe('file');
    // `..` after a symlink is the parent of where the link led, as Linux walks
    expect(walk(vfs, '/tmp/e/..').inode).toBe(vfs.root);
  });

  it('stops symlink loops with ELOOP', () => {
    const { vfs, tmp } = setup();
    symlink(vfs, tmp, 'a', 'b');
    symlink(vfs, tmp, 'b', 'a');
    expect(vfs.walk(root(vfs), '/tmp/a', true)).toBe(-ELOOP);
  });

  it('keeps link counts: directories count their subdirectories, files their names', () => {
    const { vfs, tmp } = setup();
    const dir = vfs.create(tmp, 'd', 'dir', 0o755) as Inode;
    expect(tmp.nlink).toBe(3);
    const file = vfs.create(dir, 'f', 'file', 0o644) as Inode;
    expect(vfs.link(tmp, 'g', file)).toBe(0);
    expect(file.nlink).toBe(2);
    expect(vfs.link(tmp, 'g', file)).toBe(-EEXIST);
    expect(vfs.link(tmp, 'd2', dir)).toBe(-EPERM);
    expect(vfs.unlink(dir, 'f', false)).toBe(0);
    expect(file.nlink).toBe(1);
  });

  it('removes only empty directories with rmdir, and files with unlink', () => {
    const { vfs, tmp } = setup();
    const dir = vfs.create(tmp, 'd', 'dir', 0o755) as Inode;
    vfs.create(dir, 'f', 'file', 0o644);
    expect(vfs.unlink(tmp, 'd', true)).toBe(-ENOTEMPTY);
    expect(vfs.unlink(tmp, 'd', false)).toBe(-EISDIR);
    expect(vfs.unlink(dir, 'f', true)).toBe(-ENOTDIR);
    expect(vfs.unlink(dir, 'f', false)).toBe(0);
    expect(vfs.unlink(tmp, 'd', true)).toBe(0);
    expect(dir.nlink).toBe(0);
    expect(vfs.create(dir, 'x', 'file', 0o644)).toBe(-ENOENT); // nothing is made in a removed directory
  });

  it('renames with Linux rules: replace files, refuse loops, NOREPLACE and EXCHANGE', () => {
    const { vfs, tmp } = setup();
    const a = vfs.create(tmp, 'a', 'file', 0o644) as Inode;
    const b = vfs.create(tmp, 'b', 'file', 0o644) as Inode;
    const d = vfs.create(tmp, 'd', 'dir', 0o755) as Inode;
    const sub = vfs.create(d, 'sub', 'dir', 0o755) as Inode;
    expect(vfs.rename(tmp, 'a', tmp, 'b', RENAME_NOREPLACE)).toBe(-EEXIST);
    expect(vfs.rename(tmp, 'a', tmp, 'b', RENAME_EXCHANGE)).toBe(0);
    expect([tmp.entries.get('a'), tmp.entries.get('b')]).toEqual([b, a]);
    expect(vfs.rename(tmp, 'a', tmp, 'b')).toBe(0);
    expect(tmp.entries.get('b')).toBe(b);
    expect(a.nlink).toBe(0);
    expect(vfs.rename(tmp, 'd', d, 'x')).toBe(-EINVAL);
    expect(vfs.rename(tmp, 'd', sub, 'x')).toBe(-EINVAL);
    expect(vfs.rename(tmp, 'b', tmp, 'd')).toBe(-EISDIR);
    expect(vfs.rename(d, 'sub', tmp, 'moved')).toBe(0);
    expect(vfs.pathOf(sub)).toBe('/tmp/moved');
    expect(d.nlink).toBe(2);
  });

  it('zeroes what a file regains after shrinking, and refuses growth past its capacity', () => {
    const { vfs, tmp } = setup();
    const f = vfs.create(tmp, 'f', 'file', 0o644) as Inode;
    expect(vfs.writeAt(f, 0, bytes('abcdef'))).toBe(6);
    expect(vfs.resize(f, 2)).toBe(0);
    expect(vfs.writeAt(f, 4, bytes('Z'))).toBe(1);
    expect([...(f.contents() ?? [])]).toEqual([0x61, 0x62, 0, 0, 0x5a]);
    expect(vfs.resize(f, 2 << 20)).toBe(-ENOSPC);
    const big = new Uint8Array(2 << 20);
    expect(vfs.writeAt(f, 0, big)).toBeLessThan(big.length); // a partial write, as a full disk gives
    expect(vfs.writeAt(f, vfs.capacity, bytes('x'))).toBe(-ENOSPC);
    const before = vfs.used;
    expect(vfs.unlink(tmp, 'f', false)).toBe(0);
    expect(vfs.used).toBe(before - f.size);
  });

  it('keeps resolve() for callers that only need the inode', () => {
    const { vfs } = setup();
    expect(vfs.resolve(vfs.root, '/bin/sh')).toMatchObject({ kind: 'file', perm: 0o755 });
    expect(vfs.resolve(vfs.root, '/bin/zsh')).toBe(-ENOENT);
  });
});
