// An open file description kept at the filesystem's home, as a kernel that is not the home
// holds it: a descriptor in its process's table like any other, naming the home's description
// by handle. Every operation on it goes home (fs-client.ts), so its offset and flags are the
// home's, shared by every descriptor on it (dup, fork) and by the process's threads wherever
// they run. Closing a descriptor tells the home (FS_RELEASE): record locks go with any close,
// and the last close lets the description go.

import { EIO } from '../../kernels/errno';
import { type FileOps, OpenFile } from '../../kernels/fs/file';
import { Inode, type InodeKind } from '../../kernels/fs/inode';
import type { PollState } from '../../kernels/fs/poll-wait';
import type { SharedMemory } from '../../kernels/mm/shared-memory';
import type { Thread } from '../../kernels/proc/task';
import { WaitQueue } from '../../kernels/proc/wait-queue';
import type { SyscallOutcome } from '../../kernels/syscalls/outcome';
import { watchable } from './readiness';

/** What the description's owner is told of closes. */
export interface RemoteFileOwner {
  /** Which instance of the home is up (a home booted again knows nothing of the old one's handles). */
  readonly generation: number;
  closed(handle: number, pid: number, last: boolean): void;
  /** Poll of a description that is not a regular file: its readiness as the home last told it (readiness.ts). */
  readiness(handle: number, generation: number): PollState;
  /** mmap(MAP_SHARED) of the description: the shared object it maps, or the syscall's outcome (fs-map-client.ts). */
  mapShared(t: Thread, handle: number, generation: number): SharedMemory | SyscallOutcome;
  /** mmap(MAP_PRIVATE) of the description: the file's bytes, fetched from the home, or the syscall's outcome. */
  mapPrivate(t: Thread, handle: number, generation: number): Uint8Array | SyscallOutcome;
}

/** Regular files, directories and symlinks are always ready, as Linux's poll says of them. */
const never = new WaitQueue('shared file (always ready)');

export class RemoteFile extends OpenFile {
  /** The instance of the home that gave the handle. */
  readonly generation: number;

  constructor(
    /** The description's handle at the home. */
    readonly handle: number,
    readonly home: number,
    kind: InodeKind,
    flags: number,
    path: string,
    owner: RemoteFileOwner,
  ) {
    super(stand(kind), remoteOps(owner, handle, owner.generation), flags, path);
    this.generation = owner.generation;
  }
}

/**
 * The inode this kernel sees behind a remote description: only its kind (for the checks made
 * before a call is sent home). Its bytes are at the home: a MAP_SHARED mapping maps the home's
 * page cache as a shared object (FileOps.mapShared); a private mapping copies the file's bytes,
 * fetched from the home first (FileOps.mapPrivate).
 */
function stand(kind: InodeKind): Inode {
  const inode = new Inode(0, kind, 0);
  inode.setPending({ size: 0, load: () => undefined });
  return inode;
}

function remoteOps(owner: RemoteFileOwner, handle: number, generation: number): FileOps {
  return {
    read: () => -EIO, // never reached: reads go home before the kernel's handler runs
    write: () => -EIO,
    poll: (file) =>
      watchable(file.inode.kind)
        ? owner.readiness(handle, generation)
        : { readable: true, writable: true, queue: never },
    mapShared: (_file, t) => owner.mapShared(t, handle, generation),
    mapPrivate: (_file, t) => owner.mapPrivate(t, handle, generation),
    closed(file, pid) {
      // a handle of a home that has booted again since names nothing there (or something else)
      if (generation === owner.generation) owner.closed(handle, pid, file.refs === 1);
    },
  };
}
