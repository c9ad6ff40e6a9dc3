// execve of a file in the shared tree on a kernel that is not the filesystem's home: the file is
// read from the home in pieces, as an explicit record advanced by pure functions (fs-client.ts
// keeps one per file an execve under way needs: the program, and a script's interpreter):
//
//   1. started: FS_EXEC_READ for the first piece; the home makes execve's checks (findExecutable:
//      ENOENT, EACCES, ...) and answers with the file's size, its inode and mtime, and the piece
//   2. fetching: each piece that comes asks for the next one not yet asked, WINDOW at most under
//      way; a later piece names the inode and mtime of the first, and the home refuses it
//      (ETXTBSY) if the path now names another file or the file changed
//   3. done when every byte came, or failed: an error from the home, a short piece, the home's
//      death (EIO). The thread sleeps until then, and its execve runs again and finds the bytes.

import { EIO } from '../../kernels/errno';
import { EXEC_FETCH_WINDOW, FS_IO_MAX } from './fs-params';

export interface ExecFetch {
  readonly phase: 'fetching' | 'done' | 'failed';
  /** The file's size, once the first piece said it. */
  readonly size?: number;
  /** Its inode and mtime when the first piece came (0 before). */
  readonly ino: number;
  readonly mtime: number;
  /** The offset of the next piece to ask for. */
  readonly next: number;
  /** Pieces asked for and not answered. */
  readonly outstanding: number;
  /** Bytes that came. */
  readonly received: number;
  /** Why it failed (-errno). */
  readonly error?: number;
}

/** What a piece's answer says (FS_EXEC_DATA, with the length of its bytes). */
export interface PieceReply {
  result: number;
  ino: number;
  mtime: number;
  length: number;
}

export interface Step {
  fetch: ExecFetch;
  /** Offsets of the pieces to ask for now. */
  ask: number[];
}

/** Step 1. */
export function startFetch(): Step {
  return { fetch: { phase: 'fetching', ino: 0, mtime: 0, next: FS_IO_MAX, outstanding: 1, received: 0 }, ask: [0] };
}

const failed = (f: ExecFetch, error: number): ExecFetch => ({ ...f, phase: 'failed', error, outstanding: 0 });

/** Step 2: the piece at `offset` came. */
export function pieceCame(f: ExecFetch, offset: number, reply: PieceReply, window = EXEC_FETCH_WINDOW): Step {
  if (f.phase !== 'fetching') return { fetch: f, ask: [] }; // a piece after the fetch failed
  if (reply.result < 0) return { fetch: failed(f, reply.result), ask: [] };
  const size = f.size ?? reply.result;
  const ino = f.size === undefined ? reply.ino : f.ino;
  const mtime = f.size === undefined ? reply.mtime : f.mtime;
  // the home checks the inode; a size that differs, or a piece shorter than asked, is a file
  // changed under the fetch in a way the inode did not show
  if (reply.result !== size || reply.length !== Math.min(FS_IO_MAX, size - offset))
    return { fetch: failed(f, -EIO), ask: [] };
  let next = f.size === undefined ? FS_IO_MAX : f.next;
  let outstanding = f.outstanding - 1;
  const received = f.received + reply.length;
  const ask: number[] = [];
  while (outstanding < window && next < size) {
    ask.push(next);
    next += FS_IO_MAX;
    outstanding++;
  }
  const phase = received >= size ? 'done' : 'fetching';
  return { fetch: { phase, size, ino, mtime, next, outstanding, received }, ask };
}

/** Step 3 for a home that died: a fetch under way fails with EIO (one that is done stands). */
export function homeLost(f: ExecFetch): ExecFetch {
  return f.phase === 'fetching' ? failed(f, -EIO) : f;
}
