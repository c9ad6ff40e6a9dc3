// The virtual filesystem: one in-memory tree (ramfs) with /proc and /dev grafted in, path
// walking (absolute and relative, `.`/`..`, symlinks with a depth limit, generated
// directories and magic links), and the namespace operations (create, link, unlink, rename)
// with Linux's rules and errors. What reading and writing an open file does is in open.ts.
//
// Paths are walked physically, as Linux does: `..` goes to the parent of the directory
// actually reached, so a walk also yields the canonical path of what it found (getcwd and
// /proc/PID/fd report it).

import {
  EACCES,
  EEXIST,
  EINVAL,
  EIO,
  EISDIR,
  ELOOP,
  ENAMETOOLONG,
  ENOENT,
  ENOSPC,
  ENOTDIR,
  ENOTEMPTY,
  EPERM,
  EXDEV,
} from '../errno';
import { PATH_MAX, SYMLINK_DEPTH } from '../params';
import type { Thread } from '../proc/task';
import { Inode, type InodeKind, type Located, type PendingContents } from './inode';

/** Bytes the ramfs may hold (file contents), as tmpfs's size= limit. */
export const RAMFS_CAPACITY = 64 << 20;
const NAME_MAX = 255;

export const RENAME_NOREPLACE = 1;
export const RENAME_EXCHANGE = 2;

/** The result of a walk: the directory holding the last component, and what is there. */
export interface Lookup {
  dir: Inode;
  name: string;
  /** What the name leads to; undefined when nothing is there (the caller may create it). */
  inode: Inode | undefined;
  /** Canonical absolute path of the result. */
  path: string;
  /** The path ended in '/': the result must be a directory. */
  trailingSlash: boolean;
}

export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

const components = (path: string) => path.split('/').filter((p) => p !== '');

export class Vfs {
  readonly root: Inode;
  private nextIno = 1;
  /** Bytes of file contents held by linked files, against `capacity`. */
  used = 0;

  constructor(
    private readonly clock: () => number,
    readonly capacity = RAMFS_CAPACITY,
  ) {
    this.root = this.newInode('dir', 0o755);
    this.root.parent = this.root;
  }

  get now(): number {
    return this.clock();
  }

  newInode(kind: InodeKind, perm: number): Inode {
    const inode = new Inode(this.nextIno++, kind, perm);
    const now = this.clock();
    inode.atime = inode.mtime = inode.ctime = now;
    if (kind === 'dir') inode.nlink = 2;
    return inode;
  }

  /** Joins `path` onto directory path `cwd` and normalises `.` and `..` textually. */
  static absolute(cwd: string, path: string): string {
    const out: string[] = [];
    for (const p of components(path.startsWith('/') ? path : `${cwd}/${path}`)) {
      if (p === '.') continue;
      if (p === '..') out.pop();
      else out.push(p);
    }
    return '/' + out.join('/');
  }

  /** The entry `name` of a directory, generated ones included. */
  child(dir: Inode, name: string, caller?: Thread): Inode | undefined {
    return dir.entries.get(name) ?? dir.lookup?.(name, caller);
  }

  /** A directory's entries, static then generated (without `.` and `..`). */
  list(dir: Inode, caller?: Thread): Array<[string, Inode]> {
    return [...dir.entries, ...(dir.list?.(caller) ?? [])];
  }

  /**
   * Walks `path` from `start`. Every component but the last must exist; the last is followed
   * when it is a symlink if `follow` (or the path ends in '/'). Returns -errno on failure.
   */
  walk(start: Located, path: string, follow: boolean, caller?: Thread): Lookup | number {
    if (path.length === 0) return -ENOENT;
    if (path.length >= PATH_MAX) return -ENAMETOOLONG;
    let dir = path.startsWith('/') ? this.root : start.inode;
    let dirPath = path.startsWith('/') ? '/' : start.path;
    const trailingSlash = path.endsWith('/');
    const queue = components(path);
    let links = 0;
    while (queue.length > 0) {
      const name = queue.shift() as string;
      if (dir.kind !== 'dir') return -ENOTDIR;
      if (name.length > NAME_MAX) return -ENAMETOOLONG;
      const last = queue.length === 0;
      if (name === '.') continue;
      if (name === '..') {
        dir = dir.parent ?? this.root;
        dirPath = parentPath(dirPath);
        continue;
      }
      const child = this.child(dir, name, caller);
      if (!child) {
        if (!last) return -ENOENT;
        return { dir, name, inode: undefined, path: joinPath(dirPath, name), trailingSlash };
      }
      if (child.kind === 'symlink' && (!last || follow || trailingSlash)) {
        if (++links > SYMLINK_DEPTH) return -ELOOP;
        if (child.follow) {
          const to = child.follow(caller);
          if (!to) return -ENOENT; // what the magic link named is gone
          if (queue.length === 0) return this.located(to, trailingSlash);
          dir = to.inode;
          dirPath = to.path;
          continue;
        }
        if (child.target === '') return -ENOENT;
        if (child.target.startsWith('/')) {
          dir = this.root;
          dirPath = '/';
        }
        queue.unshift(...components(child.target));
        continue;
      }
      if (last) {
        if (trailingSlash && child.kind !== 'dir') return -ENOTDIR;
        return { dir, name, inode: child, path: joinPath(dirPath, name), trailingSlash };
      }
      dir = child;
      dirPath = joinPath(dirPath, name);
    }
    // the path ended on a directory reached by '/', '.', '..' or a symlink to it
    if (dir.kind !== 'dir') return -ENOTDIR;
    return this.located({ inode: dir, path: dirPath }, trailingSlash);
  }

  private located(to: Located, trailingSlash: boolean): Lookup | number {
    if (trailingSlash && to.inode.kind !== 'dir') return -ENOTDIR;
    const name = to.inode.kind === 'dir' ? '.' : to.path.slice(to.path.lastIndexOf('/') + 1);
    return { dir: to.inode.parent ?? this.root, name, inode: to.inode, path: to.path, trailingSlash };
  }

  /** Resolves `path` relative to directory `cwd` to an inode, or -errno. */
  resolve(cwd: Inode, path: string, followLast = true, caller?: Thread): Inode | number {
    const found = this.walk({ inode: cwd, path: this.pathOf(cwd) }, path, followLast, caller);
    if (typeof found === 'number') return found;
    return found.inode ?? -ENOENT;
  }

  // ---- namespace operations ----

  private attach(dir: Inode, name: string, inode: Inode): void {
    dir.entries.set(name, inode);
    if (inode.kind === 'dir') {
      inode.parent = dir;
      inode.name = name;
      dir.nlink++;
    }
    dir.mtime = dir.ctime = this.clock();
  }

  private detach(dir: Inode, name: string, inode: Inode): void {
    dir.entries.delete(name);
    if (inode.kind === 'dir') dir.nlink--;
    dir.mtime = dir.ctime = this.clock();
  }

  /** Creates a new inode as `dir`/`name`. */
  create(dir: Inode, name: string, kind: InodeKind, perm: number): Inode | number {
    if (dir.kind !== 'dir') return -ENOTDIR;
    if (name === '.' || name === '..' || dir.entries.has(name)) return -EEXIST;
    if (dir.generated) return -ENOENT; // as Linux's /proc: no such entry, and none can be made
    if (dir.nlink === 0) return -ENOENT; // a removed directory
    const inode = this.newInode(kind, perm);
    this.attach(dir, name, inode);
    return inode;
  }

  /** A hard link to an existing file as `dir`/`name`. */
  link(dir: Inode, name: string, inode: Inode): number {
    if (inode.kind === 'dir') return -EPERM;
    if (dir.entries.has(name) || name === '.' || name === '..') return -EEXIST;
    if (dir.generated || inode.generate) return -EXDEV;
    if (dir.nlink === 0 || inode.nlink === 0) return -ENOENT;
    this.attach(dir, name, inode);
    inode.nlink++;
    inode.ctime = this.clock();
    return 0;
  }

  /** Removes `dir`/`name`: a non-directory (unlink) or, with `wantDir`, an empty directory (rmdir). */
  unlink(dir: Inode, name: string, wantDir: boolean): number {
    if (name === '.' || name === '..') return wantDir ? -EINVAL : -EISDIR;
    const inode = dir.entries.get(name);
    if (!inode) return dir.generated && this.child(dir, name) ? -EACCES : -ENOENT;
    if (wantDir && inode.kind !== 'dir') return -ENOTDIR;
    if (!wantDir && inode.kind === 'dir') return -EISDIR;
    if (inode.kind === 'dir' && inode.entries.size > 0) return -ENOTEMPTY;
    this.detach(dir, name, inode);
    this.dropLink(inode);
    return 0;
  }

  private dropLink(inode: Inode): void {
    inode.nlink = inode.kind === 'dir' ? 0 : inode.nlink - 1;
    inode.ctime = this.clock();
    if (inode.nlink === 0 && inode.kind === 'file') this.used -= inode.size;
  }

  /** rename(2) and renameat2's RENAME_NOREPLACE and RENAME_EXCHANGE. */
  rename(fromDir: Inode, fromName: string, toDir: Inode, toName: string, flags = 0): number {
    if ([fromName, toName].some((n) => n === '.' || n === '..')) return -EINVAL;
    if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE) || flags === (RENAME_NOREPLACE | RENAME_EXCHANGE)) return -EINVAL;
    if (fromDir.generated !== toDir.generated) return -EXDEV;
    if (fromDir.generated) return -EACCES;
    const src = fromDir.entries.get(fromName);
    if (!src) return -ENOENT;
    const dst = toDir.entries.get(toName);
    if (flags & RENAME_EXCHANGE) {
      if (!dst) return -ENOENT;
      if (src.kind === 'dir' && this.isWithin(toDir, src)) return -EINVAL;
      if (dst.kind === 'dir' && this.isWithin(fromDir, dst)) return -EINVAL;
      this.detach(fromDir, fromName, src);
      this.detach(toDir, toName, dst);
      this.attach(fromDir, fromName, dst);
      this.attach(toDir, toName, src);
      src.ctime = dst.ctime = this.clock();
      return 0;
    }
    if (dst && flags & RENAME_NOREPLACE) return -EEXIST;
    if (src === dst) return 0; // two links to one file: nothing happens, as POSIX says
    if (src.kind === 'dir') {
      if (this.isWithin(toDir, src)) return -EINVAL;
      if (dst && dst.kind !== 'dir') return -ENOTDIR;
      if (dst && dst.entries.size > 0) return -ENOTEMPTY;
    } else if (dst?.kind === 'dir') {
      return -EISDIR;
    }
    if (dst) {
      this.detach(toDir, toName, dst);
      this.dropLink(dst);
    }
    this.detach(fromDir, fromName, src);
    this.attach(toDir, toName, src);
    src.ctime = this.clock();
    return 0;
  }

  /** Whether directory `dir` is `ancestor` or lies below it. */
  private isWithin(dir: Inode, ancestor: Inode): boolean {
    for (let at = dir; ; at = at.parent ?? this.root) {
      if (at === ancestor) return true;
      if (at === this.root) return false;
    }
  }

  // ---- file contents, within the capacity ----

  /** Sets a regular file's size (truncate): new bytes read as zeros. */
  resize(inode: Inode, size: number): number {
    if (!Number.isSafeInteger(size) || size < 0) return -EINVAL;
    if (!inode.load()) return -EIO;
    const grow = size - inode.size;
    if (inode.nlink > 0 && grow > 0 && this.used + grow > this.capacity) return -ENOSPC;
    if (size > this.capacity) return -ENOSPC;
    inode.cache?.claimResize(size); // pages another kernel holds come back first (page-cache.ts)
    if (grow > 0) growTo(inode, size);
    else inode.data.fill(0, size, inode.size); // keeps "bytes past size are zero"
    if (inode.nlink > 0) this.used += grow;
    const oldSize = inode.size;
    inode.size = size;
    inode.cache?.resized(oldSize); // shared mappings see the new end at once
    inode.mtime = inode.ctime = this.clock();
    return 0;
  }

  /** Writes bytes at `offset`, growing the file; returns how many were written, or -ENOSPC. */
  writeAt(inode: Inode, offset: number, data: Uint8Array): number {
    if (!inode.load()) return -EIO;
    const room = Math.min(this.capacity, inode.nlink > 0 ? inode.size + this.capacity - this.used : this.capacity);
    const n = Math.max(0, Math.min(data.length, room - offset));
    if (n === 0 && data.length > 0) return -ENOSPC;
    // pages another kernel holds come back before anything changes (page-cache.ts)
    inode.cache?.claim(offset, offset + n, 'write');
    if (offset + n > inode.size) inode.cache?.claimResize(offset + n);
    if (offset + n > inode.size) this.resize(inode, offset + n);
    inode.data.set(data.subarray(0, n), offset);
    inode.cache?.update(offset, offset + n); // shared mappings see the bytes at once
    inode.mtime = inode.ctime = this.clock();
    return n;
  }

  // ---- boot-time set-up ----

  /** Creates the directories of an absolute path as needed. */
  mkdirs(path: string): Inode {
    let dir = this.root;
    for (const name of components(path)) {
      let next = dir.entries.get(name);
      if (!next) {
        next = this.newInode('dir', 0o755);
        this.attach(dir, name, next);
      }
      dir = next;
    }
    return dir;
  }

  /**
   * Creates or replaces a regular file at an absolute path, with its bytes or with contents to
   * load on first use (which count against the capacity from the start, as if they were here).
   */
  writeFile(path: string, bytes: Uint8Array | PendingContents, perm = 0o644): Inode {
    const slash = path.lastIndexOf('/');
    const dir = this.mkdirs(path.slice(0, slash));
    const name = path.slice(slash + 1);
    let inode = dir.entries.get(name);
    if (!inode || inode.kind !== 'file') {
      if (inode) dir.entries.delete(name);
      inode = this.newInode('file', perm);
      this.attach(dir, name, inode);
    }
    if (bytes instanceof Uint8Array) {
      this.used += bytes.length - inode.size;
      inode.setContents(bytes);
    } else {
      this.used += bytes.size - inode.size;
      inode.setPending(bytes);
    }
    return inode;
  }

  /** Creates or replaces a symbolic link at an absolute path (the root filesystem's applet links). */
  writeSymlink(path: string, target: string): Inode {
    const slash = path.lastIndexOf('/');
    const dir = this.mkdirs(path.slice(0, slash));
    const name = path.slice(slash + 1);
    dir.entries.delete(name);
    const inode = this.newInode('symlink', 0o777);
    inode.target = target;
    inode.size = new TextEncoder().encode(target).length; // lstat's st_size
    this.attach(dir, name, inode);
    return inode;
  }

  /** Places an inode made elsewhere (a generated directory, a device) at `dir`/`name`. */
  mount(dir: Inode, name: string, inode: Inode): void {
    dir.entries.delete(name);
    this.attach(dir, name, inode);
  }

  /** The absolute path of a directory inode (walking up through parents). */
  pathOf(dir: Inode): string {
    const names: string[] = [];
    for (let at = dir; at !== this.root && at.parent; at = at.parent) names.unshift(at.name);
    return '/' + names.join('/');
  }
}

/** Makes room for `size` bytes in a file, doubling so that appends stay cheap. */
export function growTo(inode: Inode, size: number): void {
  if (size <= inode.data.length) return;
  const grown = new Uint8Array(Math.max(size, Math.min(inode.data.length * 2, size + (16 << 20)), 256));
  grown.set(inode.data.subarray(0, inode.size));
  inode.data = grown;
}
