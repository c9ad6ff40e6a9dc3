// /proc: a registry of generated files, directories and links, turned into inodes when a
// path reaches them. Contents are produced when a file is opened, from the kernel's state at
// that moment, and /proc/self depends on who looks.
//
// To add a file, register it:
//   procfs.add('popcorn/nodes', { kind: 'file', read: (ctx) => '...' });   // /proc/popcorn/nodes
//   procfs.addProcessEntry('sched', { kind: 'file', read: (ctx) => ... }); // every /proc/PID/sched
//   procfs.addThreadEntry('stat', ...);                                    // /proc/PID/task/TID/stat
//   procfs.addRemoteProcessEntry('stat', ...);  // /proc/PID/stat of a process of another kernel
// Directories on a registered path are made as needed. The per-process and system files
// themselves are registered by proc-process.ts and proc-system.ts.
//
// On a replicated-kernel machine the single-system-image service sets `remote`: the processes
// other kernels run then appear as /proc/PID directories too, listed with the local ones in
// pid order, their files made from the latest summary each kernel published.

import type { Kernel } from '../kernel';
import type { Process, Thread } from '../proc/task';
import type { Inode, Located } from './inode';
import type { ProcessSummary } from './proc-remote';
import { joinPath } from './vfs';

/** What a generated node sees: the kernel, the thread looking, and whose entry it is. */
export interface ProcContext {
  kernel: Kernel;
  caller: Thread | undefined;
  process?: Process;
  thread?: Thread;
  /** For /proc/PID/fd/N: the descriptor. */
  fd?: number;
  /** For a process of another kernel: its pid (its files read the latest summary of it). */
  remotePid?: number;
}

/** What the other kernels of the machine show in this kernel's /proc (the SSI service's view). */
export interface RemoteView {
  /** Processes the other kernels run, in pid order. */
  processes(): ProcessSummary[];
  process(pid: number): ProcessSummary | undefined;
  /** Each other kernel's memory, in KiB, in kernel order. */
  memory(): Array<{ kernel: number; totalKb: number; freeKb: number }>;
  /** Every hart of the machine (global index) and the kernel that owns it, in hart order. */
  harts(): Array<{ hart: number; kernel: number }>;
}

export interface ProcFile {
  kind: 'file';
  read: (ctx: ProcContext) => string | Uint8Array;
}

export interface ProcLink {
  kind: 'link';
  /** What readlink shows; undefined when the link leads nowhere now. */
  target: (ctx: ProcContext) => string | undefined;
  /** A magic link: where following it leads, whatever the target text says. */
  follow?: (ctx: ProcContext) => Located | undefined;
}

export interface ProcDir {
  kind: 'dir';
  entries: (ctx: ProcContext) => Array<[string, ProcNode, ProcContext]>;
  /** Finds one entry without listing them all (defaults to searching `entries`). */
  lookup?: (name: string, ctx: ProcContext) => [ProcNode, ProcContext] | undefined;
}

export type ProcNode = ProcFile | ProcLink | ProcDir;

/** A directory of fixed entries (each seen with the directory's own context). */
export function fixedDir(children: Map<string, ProcNode>): ProcDir {
  return {
    kind: 'dir',
    entries: (ctx) => [...children].map(([name, node]) => [name, node, ctx]),
    lookup: (name, ctx) => {
      const node = children.get(name);
      return node && [node, ctx];
    },
  };
}

interface Cached {
  inode: Inode;
  node: ProcNode;
  process: Process | undefined;
  thread: Thread | undefined;
  remotePid: number | undefined;
}

const encoder = new TextEncoder();

export class ProcFs {
  /** The /proc directory inode (mounted by mountKernelFilesystems). */
  readonly inode: Inode;
  private readonly top = new Map<string, ProcNode>();
  private readonly processEntries = new Map<string, ProcNode>();
  private readonly threadEntries = new Map<string, ProcNode>();
  private readonly remoteEntries = new Map<string, ProcNode>();
  /** The other kernels' processes, memory and harts; unset on a lone kernel. */
  remote: RemoteView | undefined;
  /** The entries of directories made by add(). */
  private readonly registered = new WeakMap<ProcNode, Map<string, ProcNode>>();
  /** Inodes made so far, by path, so that a file keeps its inode number while it exists. */
  private readonly cache = new Map<string, Cached>();

  constructor(readonly kernel: Kernel) {
    const processDir = fixedDir(this.processEntries);
    const threadDir = fixedDir(this.threadEntries);
    const remoteDir = fixedDir(this.remoteEntries);
    this.processEntries.set('task', {
      kind: 'dir',
      entries: (ctx) => (ctx.process?.liveThreads ?? []).map((t) => [String(t.tid), threadDir, { ...ctx, thread: t }]),
      lookup: (name, ctx) => {
        const t = ctx.process?.liveThreads.find((th) => String(th.tid) === name);
        return t && [threadDir, { ...ctx, thread: t }];
      },
    });
    const root: ProcDir = {
      kind: 'dir',
      entries: (ctx) => {
        this.prune();
        const local = [...this.kernel.processes.values()].map((process): [number, ProcNode, ProcContext] => [
          process.pid,
          processDir,
          { ...ctx, process },
        ]);
        // a pid both here and in a summary (not yet updated) is shown once, as the local one
        const remote = (this.remote?.processes() ?? [])
          .filter((s) => !this.kernel.processes.has(s.pid))
          .map((s): [number, ProcNode, ProcContext] => [s.pid, remoteDir, { ...ctx, remotePid: s.pid }]);
        const pids = [...local, ...remote].sort((a, b) => a[0] - b[0]);
        return [
          ...fixedDir(this.top).entries(ctx),
          ...pids.map(([pid, node, c]): [string, ProcNode, ProcContext] => [String(pid), node, c]),
        ];
      },
      lookup: (name, ctx) => {
        this.prune();
        const fixed = this.top.get(name);
        if (fixed) return [fixed, ctx];
        if (!/^[1-9][0-9]*$/.test(name)) return undefined;
        const process = this.kernel.processes.get(Number(name));
        if (process) return [processDir, { ...ctx, process }];
        // another kernel's process, as the listing shows it, even when its main thread migrated
        // here (that thread is not the process: its origin has the process's command line,
        // parent and files)
        const remote = this.remote?.process(Number(name));
        if (remote) return [remoteDir, { ...ctx, remotePid: remote.pid }];
        // a thread's id reaches its own view, as on Linux (it is not listed)
        const thread = this.kernel.threads.get(Number(name));
        return thread && [threadDir, { ...ctx, process: thread.process, thread }];
      },
    };
    this.top.set('self', {
      kind: 'link',
      target: (ctx) => ctx.caller && String(ctx.caller.process.pid),
    });
    this.top.set('thread-self', {
      kind: 'link',
      target: (ctx) => ctx.caller && `${ctx.caller.process.pid}/task/${ctx.caller.tid}`,
    });
    this.inode = this.materialize('/proc', root, { kernel, caller: undefined }, kernel.vfs.root);
  }

  /** Registers `node` at `path` under /proc ('meminfo', 'popcorn/nodes'). */
  add(path: string, node: ProcNode): void {
    const names = path.split('/').filter(Boolean);
    const last = names.pop();
    if (last === undefined) throw new Error('procfs: empty path');
    let dir = this.top;
    for (const name of names) {
      let next = dir.get(name);
      if (!next) {
        const entries = new Map<string, ProcNode>();
        next = fixedDir(entries);
        this.registered.set(next, entries);
        dir.set(name, next);
      }
      const children = this.registered.get(next);
      if (!children) throw new Error(`procfs: ${name} in ${path} is not a registered directory`);
      dir = children;
    }
    if (dir.has(last)) throw new Error(`procfs: ${path} registered twice`);
    dir.set(last, node);
  }

  /** Registers an entry of every /proc/PID directory (ctx.process is the process). */
  addProcessEntry(name: string, node: ProcNode): void {
    if (this.processEntries.has(name)) throw new Error(`procfs: PID/${name} registered twice`);
    this.processEntries.set(name, node);
  }

  /** Registers an entry of every /proc/PID/task/TID directory (ctx.thread is the thread). */
  addThreadEntry(name: string, node: ProcNode): void {
    if (this.threadEntries.has(name)) throw new Error(`procfs: TID/${name} registered twice`);
    this.threadEntries.set(name, node);
  }

  /** Registers an entry of the /proc/PID directory of every process of another kernel (ctx.remotePid). */
  addRemoteProcessEntry(name: string, node: ProcNode): void {
    if (this.remoteEntries.has(name)) throw new Error(`procfs: remote PID/${name} registered twice`);
    this.remoteEntries.set(name, node);
  }

  /** The inode for `node` at `path`: the one made before if it stands for the same thing. */
  private materialize(path: string, node: ProcNode, ctx: ProcContext, parent: Inode): Inode {
    const hit = this.cache.get(path);
    if (
      hit &&
      hit.node === node &&
      hit.process === ctx.process &&
      hit.thread === ctx.thread &&
      hit.remotePid === ctx.remotePid
    ) {
      if (node.kind === 'link') hit.inode.target = node.target(ctx) ?? '';
      return hit.inode;
    }
    const vfs = this.kernel.vfs;
    const inode = vfs.newInode(
      node.kind === 'link' ? 'symlink' : node.kind,
      { file: 0o444, dir: 0o555, link: 0o777 }[node.kind],
    );
    inode.parent = parent;
    inode.name = path.slice(path.lastIndexOf('/') + 1);
    if (node.kind === 'file') {
      inode.generate = (caller) => {
        const out = node.read({ ...ctx, caller });
        return typeof out === 'string' ? encoder.encode(out) : out;
      };
    } else if (node.kind === 'link') {
      inode.target = node.target(ctx) ?? '';
      const follow = node.follow;
      if (follow) inode.follow = (caller) => follow({ ...ctx, caller });
    } else {
      inode.lookup = (name, caller) => {
        const c = { ...ctx, caller };
        const found = node.lookup
          ? node.lookup(name, c)
          : node
              .entries(c)
              .find(([n]) => n === name)
              ?.slice(1);
        const [child, childCtx] = (found ?? []) as [ProcNode?, ProcContext?];
        return child && childCtx && this.materialize(joinPath(path, name), child, childCtx, inode);
      };
      inode.list = (caller) =>
        node
          .entries({ ...ctx, caller })
          .map(([name, child, childCtx]) => [name, this.materialize(joinPath(path, name), child, childCtx, inode)]);
    }
    this.cache.set(path, { inode, node, process: ctx.process, thread: ctx.thread, remotePid: ctx.remotePid });
    return inode;
  }

  /** Forgets the inodes of processes that are gone (here or on their kernel) and threads that ended. */
  private prune(): void {
    for (const [path, entry] of this.cache) {
      const goneProcess = entry.process && this.kernel.processes.get(entry.process.pid) !== entry.process;
      const goneThread = entry.thread && !entry.thread.alive;
      const goneRemote = entry.remotePid !== undefined && !this.remote?.process(entry.remotePid);
      if (goneProcess || goneThread || goneRemote) this.cache.delete(path);
    }
  }
}
