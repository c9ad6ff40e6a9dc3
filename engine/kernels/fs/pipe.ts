// Pipes: a PIPE_BUFFER-byte ring between the writing and the reading ends, with Linux's
// rules. Reading an empty pipe waits for a writer, or gives end of file once every writer is
// closed; writing with no reader left fails with EPIPE (the caller raises SIGPIPE); a write of
// at most PIPE_BUF bytes goes in whole or waits, a longer one takes what fits.
//
// Every pipe has a FIFO inode of its own (fstat reports S_IFIFO) that no directory holds;
// /proc/PID/fd/N leads to it, and opening it there adds a reader or a writer (openFifo).
// A named pipe (mknod S_IFIFO) is a FIFO inode in a directory: opening it for reading waits
// for a writer and for writing waits for a reader (O_NONBLOCK: a reader does not wait, a
// writer fails with ENXIO), as Linux's fifo_open; O_RDWR never waits.

import { EINVAL, EFAULT, ENOTTY, ENXIO, EPIPE } from '../errno';
import type { Kernel } from '../kernel';
import { PIPE_BUFFER } from '../params';
import { WaitQueue } from '../proc/wait-queue';
import { ByteRing } from './byte-ring';
import { type FileOps, O_ACCMODE, O_NONBLOCK, O_RDONLY, O_RDWR, O_WRONLY, OpenFile } from './file';
import type { Inode } from './inode';
import { type PollState, wakeFile } from './poll-wait';

/** Writes up to this size are atomic (never interleaved with other writers), as POSIX requires. */
export const PIPE_BUF = 4096;
export const FIONREAD = 0x541b;

export class Pipe {
  readonly buffer = new ByteRing(PIPE_BUFFER);
  /** Open descriptions of each end (not descriptors: dup and fork share a description). */
  readers = 0;
  writers = 0;
  /** Readers wait here for data, writers for room. */
  readonly readWait = new WaitQueue('pipe read');
  readonly writeWait = new WaitQueue('pipe write');
  /** A named pipe's openers wait here for the other side. */
  readonly openWait = new WaitQueue('fifo open');
  /** Opens of each side so far: a waiting opener is done once the other side's count moved. */
  readerOpens = 0;
  writerOpens = 0;

  constructor(
    readonly inode: Inode,
    /** Made by mknod, in a directory (its opens wait for the other side). */
    readonly named = false,
  ) {}
}

/**
 * An open of a named pipe that waits for the other side: its description is made (and
 * installed by the caller) at once, counting as a reader or writer, as Linux's does while it
 * sleeps; the call, run again when woken, finds it here and returns once the other side came.
 */
interface WaitingOpen {
  pipe: Pipe;
  file: OpenFile;
  /** The other side's open count when it began. */
  seen: number;
  fd: number;
}

const waitingOpens = new WeakMap<object, WaitingOpen>();

const pipes = new WeakMap<Inode, Pipe>();

/**
 * The writers a reading end's description has seen open (the pipe's writerOpens when it was
 * opened): as Linux's pipe_poll (f_version against w_counter), a reader reports hang-up only
 * once a writer came after it was opened and every writer has gone, so a FIFO opened for
 * reading that no writer has opened yet is not hung up, it is waiting.
 */
const writersAtOpen = new WeakMap<OpenFile, number>();

function pipeOf(file: OpenFile): Pipe {
  const pipe = pipes.get(file.inode);
  if (!pipe) throw new Error(`inode ${file.inode.ino} is not a pipe`);
  return pipe;
}

const pipeOps: FileOps = {
  read(file, count, ctx) {
    const pipe = pipeOf(file);
    if (pipe.buffer.length === 0) return pipe.writers === 0 ? new Uint8Array(0) : { block: pipe.readWait };
    const data = pipe.buffer.shift(count);
    file.inode.atime = ctx.kernel.now;
    wakeFile(ctx.kernel, pipe.writeWait);
    return data;
  },

  write(file, data, ctx) {
    const pipe = pipeOf(file);
    if (pipe.readers === 0) return -EPIPE;
    const space = pipe.buffer.space;
    if (data.length <= PIPE_BUF ? space < data.length : space === 0) return { block: pipe.writeWait };
    const n = pipe.buffer.push(data);
    file.inode.mtime = file.inode.ctime = ctx.kernel.now;
    wakeFile(ctx.kernel, pipe.readWait);
    return n;
  },

  poll(file): PollState {
    const pipe = pipeOf(file);
    const mode = file.flags & O_ACCMODE;
    const reads = mode !== O_WRONLY;
    const writes = mode !== O_RDONLY;
    // as Linux's pipe_poll: end of file shows as POLLHUP, not POLLIN (select counts both)
    return {
      readable: reads && pipe.buffer.length > 0,
      writable: writes && pipe.buffer.space >= PIPE_BUF,
      hangup: reads && pipe.writers === 0 && pipe.writerOpens !== writersAtOpen.get(file),
      error: writes && pipe.readers === 0,
      queue: reads ? pipe.readWait : pipe.writeWait,
      more: reads && writes ? [pipe.writeWait] : [],
    };
  },

  ioctl(file, request, arg, ctx) {
    if (request !== FIONREAD) return -ENOTTY;
    return ctx.thread.process.um.writeU32(arg, pipeOf(file).buffer.length) ? 0 : -EFAULT;
  },

  release(file, kernel) {
    const pipe = pipeOf(file);
    const mode = file.flags & O_ACCMODE;
    if (mode !== O_WRONLY) pipe.readers--;
    if (mode !== O_RDONLY) pipe.writers--;
    // readers see end of file, writers EPIPE; both may be sleeping or polling
    wakeFile(kernel, pipe.readWait);
    wakeFile(kernel, pipe.writeWait);
  },
};

function openEnd(pipe: Pipe, flags: number, path: string): OpenFile {
  const mode = flags & O_ACCMODE;
  const seenWriters = pipe.writerOpens;
  if (mode !== O_WRONLY) {
    pipe.readers++;
    pipe.readerOpens++;
  }
  if (mode !== O_RDONLY) {
    pipe.writers++;
    pipe.writerOpens++;
  }
  const file = new OpenFile(pipe.inode, pipeOps, flags, path);
  writersAtOpen.set(file, seenWriters);
  return file;
}

/** The open descriptions of each end of pipe `inode` (for tests and /proc). */
export function pipeEnds(inode: Inode): { readers: number; writers: number } | undefined {
  const pipe = pipes.get(inode);
  return pipe && { readers: pipe.readers, writers: pipe.writers };
}

/** Whether `inode` is a named pipe (made by mknod). */
export function isNamedFifo(inode: Inode): boolean {
  return pipes.get(inode)?.named ?? false;
}

/** mknod(S_IFIFO): makes `inode` a named pipe. */
export function makeFifo(inode: Inode): void {
  inode.stream = true;
  pipes.set(inode, new Pipe(inode, true));
}

/** What opening a named pipe gives: a description now, or one to return once the other side opens. */
export type FifoOpen = OpenFile | number | { wait: OpenFile; queue: WaitQueue };

/**
 * Opens named pipe `inode` for `opener` (the thread; its open sleeps until the other side
 * opens). `installedAt(file)` says where the caller installed a waiting description.
 */
export function openNamedFifo(k: Kernel, inode: Inode, flags: number, path: string, opener: object): FifoOpen {
  const pipe = pipes.get(inode);
  if (!pipe) return -EINVAL;
  const mode = flags & O_ACCMODE;
  if (mode > O_RDWR) return -EINVAL;
  const waiting = waitingOpens.get(opener);
  if (waiting?.pipe === pipe) {
    // run again after a wake: done once the other side has opened since it began
    const other = (waiting.file.flags & O_ACCMODE) === O_RDONLY ? pipe.writerOpens : pipe.readerOpens;
    if (other === waiting.seen) return { wait: waiting.file, queue: pipe.openWait };
    waitingOpens.delete(opener);
    return waiting.fd;
  }
  const nonblock = (flags & O_NONBLOCK) !== 0;
  if (mode === O_WRONLY && nonblock && pipe.readers === 0) return -ENXIO;
  const seen = mode === O_RDONLY ? pipe.writerOpens : pipe.readerOpens;
  const file = openEnd(pipe, flags, path);
  wakeFile(k, pipe.openWait); // openers of the other side waiting for this one
  const present = mode === O_RDONLY ? pipe.writers : mode === O_WRONLY ? pipe.readers : 1;
  if (present > 0 || nonblock) return file;
  waitingOpens.set(opener, { pipe, file, seen, fd: -1 });
  return { wait: file, queue: pipe.openWait };
}

/** The caller installed the waiting description of `opener`'s open at descriptor `fd`. */
export function fifoInstalled(opener: object, fd: number): void {
  const w = waitingOpens.get(opener);
  if (w) w.fd = fd;
}

/** The descriptor a waiting open of `opener` installed, if it waits on `inode`. */
export function waitingFifoFd(opener: object, inode: Inode): number | undefined {
  const w = waitingOpens.get(opener);
  return w && w.pipe.inode === inode && w.fd >= 0 ? w.fd : undefined;
}

/** pipe2(): a new pipe's reading and writing ends, with `flags` (O_NONBLOCK) on both. */
export function createPipe(k: Kernel, flags = 0): [OpenFile, OpenFile] {
  const inode = k.vfs.newInode('fifo', 0o600);
  inode.stream = true;
  const pipe = new Pipe(inode);
  pipes.set(inode, pipe);
  const path = `pipe:[${inode.ino}]`;
  return [openEnd(pipe, flags | O_RDONLY, path), openEnd(pipe, flags | O_WRONLY, path)];
}

/**
 * Opens an existing pipe's inode again (through /proc/PID/fd/N) as another end. Linux's open
 * of a FIFO waits for the other side; here both sides exist already, so it never has to.
 */
export function openFifo(inode: Inode, flags: number, path: string): OpenFile | number {
  const pipe = pipes.get(inode);
  if (!pipe) return -EINVAL;
  if ((flags & O_ACCMODE) > O_RDWR) return -EINVAL;
  return openEnd(pipe, flags, path);
}
