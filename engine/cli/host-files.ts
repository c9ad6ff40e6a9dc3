// What of the host a program under `popcorn run` sees. As under qemu-user, it runs in the
// directory the command was typed in (the same path, made in the guest) and can open the files
// its command line names, by relative or absolute path; `--mount HOSTDIR[:GUESTDIR]` brings a
// whole directory tree. Files are copied into the guest's file system at boot, not read from
// the host while the program runs: a run sees the files as they were when it started, what it
// writes stays in the guest, and the SHA-256 of everything copied in (shown by --stats) names
// the input, so the same files, arguments and environment give the same run.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, type Dirent, type Stats } from 'node:fs';
import { posix, resolve } from 'node:path';
import type { Kernel } from '../kernels/kernel';
import { UsageError } from './options';

/** More files than this in the mounts is a mistake (a home directory, node_modules…). */
export const MAX_HOST_FILES = 10_000;

/** Guest directories host files never go into: they are the kernel's own. */
const KERNEL_DIRS = ['/proc', '/dev'];

export interface HostFile {
  guest: string;
  mode: number;
  bytes: Uint8Array;
}

export interface HostFiles {
  /** The program's working directory in the guest (the host's, by path). */
  cwd: string;
  files: HostFile[];
  /** Where the program is in the guest, when it is a host file. */
  program?: string;
  /** Directories to make even when empty (mounted trees keep their shape). */
  dirs: string[];
  bytes: number;
}

export interface HostFileRequest {
  /** The host's working directory. */
  cwd: string;
  /** A host file to run, if PROGRAM is one. */
  program?: string | undefined;
  /** The program's arguments: those that name host files are copied in. */
  args: string[];
  /** --mount values. */
  mounts: string[];
  /** Bytes the guest's file system has free for them. */
  room: number;
}

export function collectHostFiles(req: HostFileRequest): HostFiles {
  const out: HostFiles = { cwd: req.cwd, files: [], dirs: [req.cwd], bytes: 0 };
  const seen = new Set<string>();
  const add = (host: string, guest: string, stats: Stats, why: string) => {
    if (seen.has(guest) || underKernelDir(guest)) return;
    if (out.files.length >= MAX_HOST_FILES)
      throw new UsageError(`${why}: more than ${MAX_HOST_FILES} files to copy in; name a smaller directory`);
    if (out.bytes + stats.size > req.room)
      throw new UsageError(
        `${why}: the files to copy in take more than the ${mib(req.room)} the guest's file system has free; name fewer`,
      );
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(host));
    } catch (err) {
      throw new UsageError(`${why}: cannot read ${host}: ${(err as Error).message}`);
    }
    seen.add(guest);
    out.files.push({ guest, mode: stats.mode & 0o7777, bytes });
    out.bytes += bytes.length;
  };
  if (req.program !== undefined) {
    const host = resolve(req.cwd, req.program);
    if (underKernelDir(host)) throw new UsageError(`${req.program}: ${host} would be in the guest's kernel files`);
    add(host, host, statSync(host), req.program);
    out.program = host;
  }
  for (const arg of req.args) {
    if (arg === '' || arg.includes('\0')) continue;
    const host = resolve(req.cwd, arg);
    const stats = statOrUndefined(host);
    if (stats?.isFile()) add(host, host, stats, arg);
  }
  for (const mount of req.mounts) {
    const { host, guest } = parseMount(mount, req.cwd);
    const stats = statOrUndefined(host);
    if (!stats) throw new UsageError(`--mount ${mount}: ${host} does not exist`);
    if (stats.isFile()) {
      add(host, guest, stats, `--mount ${mount}`);
      continue;
    }
    if (!stats.isDirectory()) throw new UsageError(`--mount ${mount}: ${host} is neither a file nor a directory`);
    walk(host, guest, `--mount ${mount}`, out, add);
  }
  return out;
}

/** HOSTDIR[:GUESTDIR]; the guest path defaults to the host's (absolute) path. */
function parseMount(text: string, cwd: string): { host: string; guest: string } {
  const colon = text.indexOf(':');
  const hostPart = colon < 0 ? text : text.slice(0, colon);
  const guestPart = colon < 0 ? undefined : text.slice(colon + 1);
  if (hostPart === '') throw new UsageError(`--mount ${text}: no host path (--mount HOSTDIR[:GUESTDIR])`);
  const host = resolve(cwd, hostPart);
  if (guestPart !== undefined && !guestPart.startsWith('/'))
    throw new UsageError(`--mount ${text}: the guest path must be absolute (as /data)`);
  const guest = posix.normalize(guestPart ?? host).replace(/(.)\/$/, '$1');
  if (underKernelDir(guest)) throw new UsageError(`--mount ${text}: ${guest} belongs to the guest's kernel`);
  return { host, guest };
}

/** Copies a directory tree in, in name order (so the same tree gives the same guest). */
function walk(
  host: string,
  guest: string,
  why: string,
  out: HostFiles,
  add: (host: string, guest: string, stats: Stats, why: string) => void,
): void {
  out.dirs.push(guest);
  let entries: Dirent[];
  try {
    entries = readdirSync(host, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  } catch (err) {
    throw new UsageError(`${why}: cannot read ${host}: ${(err as Error).message}`);
  }
  for (const e of entries) {
    const h = `${host}/${e.name}`;
    const g = guest === '/' ? `/${e.name}` : `${guest}/${e.name}`;
    // a link to a file is followed; a link to a directory is not (it could loop)
    if (e.isDirectory()) walk(h, g, why, out, add);
    else if (e.isFile() || e.isSymbolicLink()) {
      const stats = statOrUndefined(h); // a dangling link is skipped
      if (stats?.isFile()) add(h, g, stats, why);
    }
  }
}

/** Puts the files into a booted kernel's file system. The guest's own files are never replaced. */
export function installHostFiles(k: Kernel, host: HostFiles): { installed: number; kept: string[] } {
  const kept: string[] = [];
  for (const dir of host.dirs) {
    if (typeof k.vfs.resolve(k.vfs.root, dir) === 'number') k.vfs.mkdirs(dir);
  }
  for (const f of host.files) {
    if (typeof k.vfs.resolve(k.vfs.root, f.guest) !== 'number') {
      kept.push(f.guest);
      continue;
    }
    k.vfs.writeFile(f.guest, f.bytes.slice(), f.mode & 0o777); // each kernel's own copy: writes change it in place
  }
  return { installed: host.files.length - kept.length, kept };
}

/** SHA-256 over every path, mode and content copied in, in order: the run's file input. */
export function hostFilesDigest(host: HostFiles): string {
  const h = createHash('sha256');
  h.update(`cwd ${host.cwd}\n`);
  for (const d of host.dirs) h.update(`dir ${d}\n`);
  for (const f of host.files) {
    h.update(`file ${f.guest} ${f.mode.toString(8)} ${f.bytes.length}\n`);
    h.update(f.bytes);
  }
  return h.digest('hex');
}

function underKernelDir(guest: string): boolean {
  return KERNEL_DIRS.some((d) => guest === d || guest.startsWith(`${d}/`));
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
