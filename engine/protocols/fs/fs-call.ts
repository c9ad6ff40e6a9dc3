// One file syscall a thread sent to the filesystem's home, as an explicit record advanced by
// pure functions (fs-client.ts keeps one per thread that has a call under way):
//
//   1. asked: FS_REQUEST sent, the thread sleeps (not interruptibly: the home is acting on it)
//   2. answered: FS_REPLY came (or the home died: EIO), the thread is woken and its syscall
//      runs again, which finishes the call: the memory the home wrote is copied in (a page may
//      have to come first: the record stays until the copy is done), a description it opened
//      is installed, and the result returned
//   3. done: the record is dropped; or, for a read or write longer than one message carries,
//      the next piece is asked for (step 1 again, with the bytes moved so far), until a piece
//      moves less than asked or the count is reached

import { EIO } from '../../kernels/errno';
import type { FS_IF } from '../interfaces/fs';

export type FsReply = ReturnType<typeof FS_IF.FS_REPLY.decode>;

/** A read or write in pieces: bytes moved by the pieces before this one, and this one's length. */
export interface Piece {
  readonly moved: number;
  readonly length: number;
}

/** The home's handles of the descriptors a call names. */
export type FdHandles = ReadonlyArray<{ fd: number; handle: number }>;

interface CallBase {
  readonly nr: number;
  readonly fds: FdHandles;
  readonly piece?: Piece;
}

export type FsCall =
  (CallBase & { readonly phase: 'asked' }) | (CallBase & { readonly phase: 'answered'; readonly reply: FsReply });

/** Step 1. */
export const asked = (nr: number, fds: FdHandles, piece?: Piece): FsCall =>
  piece ? { phase: 'asked', nr, fds, piece } : { phase: 'asked', nr, fds };

/** Step 2: the home answered; undefined when the home died first (the call fails with EIO). */
export function answered(call: FsCall, reply: FsReply | undefined): FsCall {
  if (call.phase !== 'asked') return call; // answered once already (the home died after it replied)
  return { ...call, phase: 'answered', reply: reply ?? homeLost };
}

/**
 * Step 3 for a piece that returned `result`: the syscall's result (the bytes moved in all, or
 * the error of the first piece), or 'next' when another piece of `total` bytes in all is due.
 */
export function afterPiece(piece: Piece, result: number, total: number): number | 'next' {
  if (result < 0) return piece.moved > 0 ? piece.moved : result;
  const moved = piece.moved + result;
  return result === piece.length && result > 0 && moved < total ? 'next' : moved;
}

const homeLost: FsReply = { result: -EIO, written: [], cwd: '', opened: [] };

/** Whether a thread's syscall `nr` (run again) is the one `call` is about. */
export function finishes(call: FsCall | undefined, nr: number): call is Extract<FsCall, { phase: 'answered' }> {
  return call?.phase === 'answered' && call.nr === nr;
}
