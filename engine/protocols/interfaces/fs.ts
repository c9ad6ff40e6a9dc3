// The shared filesystem's interface (protocols/fs/): a kernel that is not the filesystem's home
// sends the file syscalls of its threads on the shared tree there, as one request carrying the
// syscall's number and arguments, the caller's working directory and umask, the home's handles
// for the descriptors it names, and the user memory the syscall table row says it reads (paths,
// the bytes of a write). The home runs the kernel's own handler on its tree and answers with
// the result, the user memory the call wrote (a read's bytes, a stat), the caller's new working
// directory, and the description a call opened, kept at the home and named by a handle.
//
// Three things are not syscalls run at the home. execve of a file in the shared tree reads the
// program there in pieces (FS_EXEC_READ, answered by FS_EXEC_DATA) and builds the process where
// it runs. poll of a description kept at the home that is not a regular file (a named pipe)
// learns its readiness from the home: FS_WATCH asks for it, and the home sends FS_READY at once
// and whenever it changes, for as long as the description is held. An mmap(MAP_SHARED) of a
// description kept at the home asks for the file's page cache as a shared object
// (FS_MAP_REQUEST): its pages then move by the shared-memory page protocol (shm.ts). A
// process-shared futex in such a mapping is an FS_REQUEST naming the page it lies in, since the
// home keeps the object's futex queues as it keeps any of its objects' (migration/shm-service.ts).

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
  optional,
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

const mapping = struct('shared page', {
  object: field(u32, 'the object: its number at the home (SHM_PAGE_REQUEST names it so)'),
  va: field(addr, 'where the page is in the caller'),
  offset: field(u64, 'its offset in the object, in bytes'),
});

export const FS_IF = defineInterface(
  'shared filesystem',
  "One tree for the machine: other kernels' file syscalls run at its home.",
  {
    // (declared first, numbered below FS_REQUEST: the page's telemetry counts numbers up to 63)
    FS_STAGE: {
      number: 16,
      doc: "A piece of a socket call's buffer larger than one message carries, sent ahead of the FS_REQUEST that names it.",
      fields: {
        tid: field(u32, 'the calling thread'),
        va: field(addr, 'where the piece is in the caller'),
        bytes: field(bytes(FS_IO_MAX, 'the bytes'), "the caller's bytes there"),
      },
    },
    FS_WRITTEN: {
      number: 17,
      doc: "A piece of what a socket call wrote to the caller's memory, sent ahead of its FS_REPLY when one message cannot carry it all.",
      fields: {
        tid: field(u32, 'the calling thread'),
        va: field(addr, 'where in the caller'),
        bytes: field(bytes(FS_IO_MAX, 'the bytes'), 'what the call wrote there'),
      },
    },
    FS_MAP_REQUEST: {
      number: 18,
      doc: "mmap(MAP_SHARED) of a description kept at the home: the file's page cache is asked for as a shared object.",
      responses: ['FS_MAP_REPLY'],
      fields: {
        handle: field(u32, 'the description (a regular file, opened readable)'),
      },
    },
    FS_MAP_REPLY: {
      number: 19,
      doc: "The file's page cache as a shared object of the home (its pages asked for by SHM_PAGE_REQUEST), or why not.",
      fields: {
        status: field(i32, '0, or -EBADF (no such description), -ENODEV (not a regular file), -EIO'),
        object: field(u32, 'the object: its number at the home, as SHM_PAGE_REQUEST names it'),
        size: field(f64, "the file's size in bytes now (its pages end there: a touch past them is SIGBUS)"),
      },
    },
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
        readHangup: field(bool, "a socket's peer shut its writing half or closed (POLLRDHUP)"),
      },
    },
    FS_EXEC_READ: {
      number: 54,
      doc: 'A piece of a program (or script) that execve on another kernel runs, or of a file it maps privately, asked of the home.',
      responses: ['FS_EXEC_DATA'],
      fields: {
        tid: field(u32, 'the thread whose execve reads it'),
        cwd: field(string(48), "the caller's working directory"),
        path: field(string(64), 'the path execve was given (or the interpreter a script names)'),
        handle: field(
          u32,
          'instead of the path, a description the asker holds here (mmap(MAP_PRIVATE) of it); 0: none',
        ),
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
        mapped: field(
          optional(mapping),
          "a page of a shared object of the home's that the call's address lies in (a process-shared futex in a file mapped shared)",
        ),
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
