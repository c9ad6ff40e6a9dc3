// The shared filesystem's interface (protocols/fs/): a kernel that is not the filesystem's home
// sends the file syscalls of its threads on the shared tree there, as one request carrying the
// syscall's number and arguments, the caller's working directory and umask, the home's handles
// for the descriptors it names, and the user memory the syscall table row says it reads (paths,
// the bytes of a write). The home runs the kernel's own handler on its tree and answers with
// the result, the user memory the call wrote (a read's bytes, a stat), the caller's new working
// directory, and the description a call opened, kept at the home and named by a handle.
//
// Two things are not syscalls run at the home. execve of a file in the shared tree reads the
// program there in pieces (FS_EXEC_READ, answered by FS_EXEC_DATA) and builds the process where
// it runs. poll of a description kept at the home that is not a regular file (a named pipe)
// learns its readiness from the home: FS_WATCH asks for it, and the home sends FS_READY at once
// and whenever it changes, for as long as the description is held.

import { defineInterface } from '../messaging/interface';
import {
  addr,
  array,
  bool,
  bytes,
  f64,
  field,
  i32,
  list,
  oneOf,
  string,
  struct,
  u32,
  u64,
} from '../messaging/wire-types';
import { FS_IO_MAX } from '../fs/fs-params';

const carried = struct('user memory', {
  va: field(addr, 'where it is in the caller'),
  length: field(u32, 'its length in bytes'),
  writable: field(bool, 'whether the call may write it (an output buffer)'),
  bytes: field(bytes(FS_IO_MAX, 'its bytes'), 'what the caller holds there (none for an output buffer)'),
});
const written = struct('user memory written', {
  va: field(addr, 'where in the caller'),
  bytes: field(bytes(FS_IO_MAX, 'the bytes'), 'what the call wrote there'),
});
const handleOf = struct('descriptor', {
  fd: field(i32, "the caller's descriptor number"),
  handle: field(u32, 'the open file description at the home it names'),
});
const opened = struct('opened description', {
  handle: field(u32, 'its handle at the home'),
  cloexec: field(bool, 'close-on-exec asked for'),
  kind: field(oneOf(['file', 'dir', 'symlink', 'char', 'fifo', 'socket', 'anon'] as const, 'inode kind'), 'what it is'),
  path: field(string(48), 'the path it was opened by'),
  flags: field(u32, 'its status flags'),
});

export const FS_IF = defineInterface(
  'shared filesystem',
  "One tree for the machine: other kernels' file syscalls run at its home.",
  {
    // (declared first, numbered below FS_REQUEST: the page's telemetry counts numbers up to 63)
    FS_WATCH: {
      number: 40,
      doc: 'Tell me the readiness of a description held for me (a named pipe I poll), now and as it changes.',
      fields: { handle: field(u32, 'the description') },
    },
    FS_READY: {
      number: 41,
      doc: "A watched description's readiness for poll, sent when asked and whenever it changes.",
      fields: {
        handle: field(u32, 'the description'),
        readable: field(bool, 'a read would not wait (POLLIN)'),
        writable: field(bool, 'a write would not wait (POLLOUT)'),
        hangup: field(bool, 'the other end of the pipe is closed (POLLHUP)'),
        error: field(bool, 'a write would fail: no reader is left (POLLERR)'),
      },
    },
    FS_EXEC_READ: {
      number: 54,
      doc: 'A piece of a program (or script) that execve on another kernel runs, asked of the home.',
      responses: ['FS_EXEC_DATA'],
      fields: {
        tid: field(u32, 'the thread whose execve reads it'),
        cwd: field(string(48), "the caller's working directory"),
        path: field(string(64), 'the path execve was given (or the interpreter a script names)'),
        offset: field(f64, 'where the piece starts'),
        ino: field(u32, 'the inode the first piece came from (0 for the first piece)'),
        mtime: field(f64, 'its modification time then (a file changed since fails with ETXTBSY)'),
      },
    },
    FS_EXEC_DATA: {
      number: 55,
      doc: "A piece of a program execve reads from the home, or the error execve's checks gave.",
      fields: {
        result: field(f64, "the file's size, or a negative errno (ENOENT, EACCES, ...)"),
        ino: field(u32, 'its inode'),
        mtime: field(f64, 'its modification time'),
        bytes: field(bytes(FS_IO_MAX, 'the piece'), 'its bytes from the offset asked, a page at most'),
      },
    },
    FS_REQUEST: {
      number: 57,
      doc: 'A file syscall on the shared tree, sent to the home of the filesystem to run there.',
      responses: ['FS_REPLY'],
      fields: {
        pid: field(u32, 'the calling process'),
        tid: field(u32, 'the calling thread'),
        nr: field(u32, 'the syscall number'),
        args: field(array(u64, 6, 'arguments'), 'its arguments a0 to a5'),
        cwd: field(string(48), "the caller's working directory"),
        umask: field(u32, "the caller's umask"),
        fds: field(list(handleOf, 2), 'the descriptors it names that are open at the home'),
        memory: field(list(carried, 3), 'the user memory the call reads or writes'),
      },
    },
    FS_REPLY: {
      number: 58,
      doc: 'What a file syscall did at the home: its result, the memory it wrote, what it opened.',
      fields: {
        result: field(f64, 'what the syscall returned (a negative errno on failure)'),
        written: field(list(written, 2), 'the user memory it wrote, to copy into the caller'),
        cwd: field(string(48), "the caller's new working directory ('' if unchanged)"),
        opened: field(list(opened, 1), 'the description it opened, if it opened one'),
      },
    },
    FS_RELEASE: {
      number: 59,
      doc: 'A descriptor on a description kept at the home was closed (its locks go; the last frees it).',
      fields: {
        handle: field(u32, 'the description'),
        pid: field(u32, 'the process that closed it (its record locks go)'),
        last: field(bool, 'the last descriptor on it: the home lets it go'),
      },
    },
    FS_CANCEL: {
      number: 62,
      doc: 'A call asleep at the home is given up (a signal interrupted it, or its thread died).',
      fields: { tid: field(u32, 'the thread whose call it was') },
    },
  },
);
