// Process and thread system calls: identity, exit, clone, execve, wait4, sessions and process
// groups, limits and the small informational calls glibc makes at start-up.

import { ECHILD, EFAULT, EINVAL, ELOOP, EPERM, ESRCH, ENOMEM } from '../errno';
import { PATH_MAX } from '../params';
import { commitExec, loadProgram, readExecutable } from '../exec/exec';
import { MAX_INTERPRETER_DEPTH, parseShebang, scriptArgv } from '../exec/script';
import type { Kernel } from '../kernel';
import { type BLOCKED, JUMPED } from './outcome';
import { clone, CLONE_VFORK, exitGroup, exitThread, reap } from '../proc/lifecycle';
import type { Process, Thread } from '../proc/task';
import { SYS } from './numbers';
import { machineMemoryKb } from '../fs/proc-system';
import { loadAverages } from '../fs/loadavg';
import type { SyscallGroup } from './types';

const WNOHANG = 1;
const WUNTRACED = 2;
const WCONTINUED = 8;
const MAX_ARGS = 4096;

// The structs these calls copy out, riscv64 (LP64) layouts:
/** struct utsname: six fields of 65 bytes. */
export const UTSNAME_BYTES = 6 * 65;
/** struct rusage: two struct timeval, then fourteen longs. */
export const RUSAGE_BYTES = 144;
/** struct tms: four clock_t. */
export const TMS_BYTES = 32;
/** struct sysinfo: uptime, loads[3], six ulongs of memory, procs, pad, two ulongs of high memory, mem_unit, padding. */
export const SYSINFO_BYTES = 112;
/** struct rlimit: rlim_cur, rlim_max. */
export const RLIMIT_BYTES = 16;

/** Reads a NULL-terminated array of string pointers (argv, envp). */
function readStrings(t: Thread, va: number): string[] | undefined {
  const out: string[] = [];
  if (va === 0) return out;
  for (let i = 0; i < MAX_ARGS; i++) {
    const ptr = t.process.um.readU64(va + i * 8);
    if (ptr === undefined) return undefined;
    if (ptr === 0n) return out;
    const s = t.process.um.readString(Number(ptr), 131072);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return undefined;
}

/** The bytes of a file execve runs: the shared tree's from its home, this kernel's from its tree. */
function programFile(k: Kernel, t: Thread, path: string): Uint8Array | number | typeof BLOCKED {
  return k.sharedFs?.executable(t, path) ?? readExecutable(k, t, path);
}

function execve(k: Kernel, t: Thread) {
  const path = t.process.um.readString(t.x(10), PATH_MAX);
  let argv = readStrings(t, t.x(11));
  const envp = readStrings(t, t.x(12));
  if (path === undefined || argv === undefined || envp === undefined) return -EFAULT;
  let exe = path;
  let file = programFile(k, t, exe);
  // a script runs its interpreter, which may be a script too (binfmt_script)
  for (let depth = 0; typeof file === 'object'; depth++) {
    const script = parseShebang(file);
    if (script === undefined) break;
    if (typeof script === 'number') return script;
    if (depth === MAX_INTERPRETER_DEPTH) return -ELOOP;
    argv = scriptArgv(script, exe, argv);
    exe = script.interpreter;
    file = programFile(k, t, exe);
  }
  if (typeof file !== 'object') return file;
  const image = loadProgram(k, exe, file, argv, envp);
  if (typeof image === 'number') return image;
  commitExec(k, t, image, exe, argv);
  return JUMPED;
}

function matches(p: Process, child: Process, pid: number): boolean {
  if (pid > 0) return child.pid === pid;
  if (pid === -1) return true;
  if (pid === 0) return child.pgid === p.pgid;
  return child.pgid === -pid;
}

function wait4(k: Kernel, t: Thread) {
  const p = t.process;
  const pid = t.xInt(10);
  const statusVa = t.x(11);
  const options = t.xInt(12);
  const candidates = p.children.filter((c) => matches(p, c, pid));
  if (candidates.length === 0) return -ECHILD;
  const usageVa = t.x(13);
  // the status, and the child's resource use (its own and its waited-for children's, as
  // Linux's RUSAGE_BOTH), written only when a child is reported
  const writeStatus = (status: number, child: Process) =>
    (statusVa === 0 || p.um.writeU32(statusVa, status)) &&
    (usageVa === 0 ||
      writeRusage(
        t,
        usageVa,
        child.cpuTime + child.childrenCpuTime,
        child.sysTime + child.childrenSysTime,
        child.minorFaults,
      ) === 0);
  const zombie = candidates.find((c) => c.state === 'zombie');
  if (zombie) {
    if (!writeStatus(zombie.waitStatus, zombie)) return -EFAULT;
    p.childrenCpuTime += zombie.cpuTime + zombie.childrenCpuTime; // a waited-for child counts
    p.childrenSysTime += zombie.sysTime + zombie.childrenSysTime;
    reap(k, zombie);
    return zombie.pid;
  }
  if (options & WUNTRACED) {
    const stopped = candidates.find((c) => c.stopReport !== undefined);
    if (stopped) {
      if (!writeStatus(((stopped.stopReport ?? 0) << 8) | 0x7f, stopped)) return -EFAULT;
      stopped.stopReport = undefined;
      return stopped.pid;
    }
  }
  if (options & WCONTINUED) {
    const continued = candidates.find((c) => c.continueReport);
    if (continued) {
      if (!writeStatus(0xffff, continued)) return -EFAULT;
      continued.continueReport = false;
      return continued.pid;
    }
  }
  if (options & WNOHANG) return 0;
  return k.interrupted(t) ?? k.block(t, { queue: p.childWait, interruptible: true, restartable: true, recheck: true });
}

function writeStruct(t: Thread, va: number, fill: (dv: DataView) => void, size: number): number {
  const b = new Uint8Array(size);
  fill(new DataView(b.buffer));
  return t.process.um.write(va, b) ? 0 : -EFAULT;
}

/** uname: struct utsname (UTSNAME_BYTES). */
function uname(k: Kernel, t: Thread) {
  const fields = ['Linux', k.hostname, '6.1.0-popcorn', `#1 SMP popcorn kernel ${k.id}`, 'riscv64', '(none)'];
  const b = new Uint8Array(UTSNAME_BYTES);
  fields.forEach((f, i) => {
    b.set(new TextEncoder().encode(f).subarray(0, 64), i * 65);
  });
  return t.process.um.write(t.x(10), b) ? 0 : -EFAULT;
}

const RLIM_INFINITY = 0xffffffffffffffffn;

function rlimit(resource: number, k: Kernel): [bigint, bigint] {
  switch (resource) {
    case 3: // RLIMIT_STACK
      return [8n << 20n, RLIM_INFINITY];
    case 7: // RLIMIT_NOFILE
      return [256n, 256n];
    case 6: // RLIMIT_NPROC
      return [256n, 256n];
    case 9: // RLIMIT_AS
      return [BigInt(k.frames.size), BigInt(k.frames.size)];
    default:
      return [RLIM_INFINITY, RLIM_INFINITY];
  }
}

const RUSAGE_SELF = 0;
const RUSAGE_CHILDREN = -1;
const RUSAGE_THREAD = 1;

/**
 * getrusage: user time (the instructions a thread retired, as the CPU-time clocks count it),
 * system time (the kernel's fixed cost of each syscall and page fault, Thread.sysTime), and
 * minor faults.
 */
function getrusage(_k: Kernel, t: Thread) {
  const who = t.xInt(10);
  const p = t.process;
  if (who === RUSAGE_SELF) return writeRusage(t, t.x(11), p.cpuTime, p.sysTime, p.minorFaults);
  if (who === RUSAGE_THREAD) return writeRusage(t, t.x(11), t.cpuTime, t.sysTime, 0);
  if (who === RUSAGE_CHILDREN) return writeRusage(t, t.x(11), p.childrenCpuTime, p.childrenSysTime, 0);
  return -EINVAL;
}

/** Writes a struct rusage: user and system time (ns, as two struct timeval) and minor faults. */
function writeRusage(t: Thread, va: number, userNs: number, sysNs: number, minorFaults: number): number {
  return writeStruct(
    t,
    va,
    (dv) => {
      dv.setBigInt64(0, BigInt(Math.floor(userNs / 1e9)), true); // ru_utime.tv_sec
      dv.setBigInt64(8, BigInt(Math.floor((userNs % 1e9) / 1000)), true); // ru_utime.tv_usec
      dv.setBigInt64(16, BigInt(Math.floor(sysNs / 1e9)), true); // ru_stime.tv_sec
      dv.setBigInt64(24, BigInt(Math.floor((sysNs % 1e9) / 1000)), true); // ru_stime.tv_usec
      dv.setBigInt64(16 + 16 + 5 * 8, BigInt(minorFaults), true); // ru_minflt
    },
    RUSAGE_BYTES,
  );
}

export const processSyscalls: SyscallGroup = [
  [SYS.getpid, (_k, t) => t.process.pid],
  [SYS.getppid, (_k, t) => t.process.parent?.pid ?? 0],
  [SYS.gettid, (_k, t) => t.tid],
  [SYS.getuid, () => 0],
  [SYS.geteuid, () => 0],
  [SYS.getgid, () => 0],
  [SYS.getegid, () => 0],
  [SYS.getgroups, () => 0],
  [
    SYS.exit,
    (k, t) => {
      exitThread(k, t, (t.xInt(10) & 0xff) << 8);
      return JUMPED;
    },
  ],
  [
    SYS.exit_group,
    (k, t) => {
      exitGroup(k, t.process, (t.xInt(10) & 0xff) << 8);
      return JUMPED;
    },
  ],
  [
    SYS.set_tid_address,
    (_k, t) => {
      t.clearChildTid = t.x(10);
      return t.tid;
    },
  ],
  [
    SYS.set_robust_list,
    (_k, t) => {
      if (t.x(11) !== 24) return -EINVAL;
      t.robustList = t.x(10);
      return 0;
    },
  ],
  [
    SYS.clone,
    // riscv64 passes (flags, stack, parent_tid, tls, child_tid), as arm64 does
    (k, t) => {
      const flags = t.x(10) & 0xffffffff;
      const tid = clone(k, t, { flags, stack: t.x(11), parentTid: t.x(12), tls: t.xBig(13), childTid: t.x(14) });
      const child = tid > 0 ? k.threads.get(tid) : undefined;
      const done = child?.process.vforkDone;
      // vfork: the parent sleeps until the child execs or exits, which wake it with the child's pid
      if (flags & CLONE_VFORK && done) return k.block(t, { queue: done, interruptible: false });
      return tid;
    },
  ],

  [SYS.execve, execve],
  [SYS.wait4, wait4],
  [
    SYS.setpgid,
    (k, t) => {
      const pid = t.xInt(10) || t.process.pid;
      const pgid = t.xInt(11) || pid;
      const target = k.processes.get(pid);
      if (!target || (target !== t.process && target.parent !== t.process)) return -ESRCH;
      if (pgid < 0) return -EINVAL;
      target.pgid = pgid;
      return 0;
    },
  ],
  [
    SYS.getpgid,
    (k, t) => {
      const pid = t.xInt(10);
      const target = pid === 0 ? t.process : k.processes.get(pid);
      return target ? target.pgid : -ESRCH;
    },
  ],
  [
    SYS.getsid,
    (k, t) => {
      const pid = t.xInt(10);
      const target = pid === 0 ? t.process : k.processes.get(pid);
      return target ? target.sid : -ESRCH;
    },
  ],
  [
    SYS.setsid,
    (k, t) => {
      const p = t.process;
      if ([...k.processes.values()].some((q) => q.pgid === p.pid && q !== p)) return -EPERM;
      p.sid = p.pid;
      p.pgid = p.pid;
      return p.sid;
    },
  ],
  [
    SYS.umask,
    (_k, t) => {
      const old = t.process.umask;
      t.process.umask = t.xInt(10) & 0o777;
      return old;
    },
  ],
  [SYS.uname, uname],
  [
    SYS.sched_yield,
    (k, t) => {
      k.yieldThread(t);
      return 0;
    },
  ],
  [
    SYS.prlimit64,
    (k, t) => {
      const old = t.x(13);
      if (old === 0) return 0;
      const [cur, max] = rlimit(t.xInt(11), k);
      return writeStruct(
        t,
        old,
        (dv) => {
          dv.setBigUint64(0, cur, true);
          dv.setBigUint64(8, max, true);
        },
        RLIMIT_BYTES,
      );
    },
  ],
  [
    SYS.getrlimit,
    (k, t) => {
      const [cur, max] = rlimit(t.xInt(10), k);
      return writeStruct(
        t,
        t.x(11),
        (dv) => {
          dv.setBigUint64(0, cur, true);
          dv.setBigUint64(8, max, true);
        },
        RLIMIT_BYTES,
      );
    },
  ],
  [SYS.setrlimit, () => 0],
  [SYS.getrusage, getrusage],
  [
    SYS.times,
    (k, t) => {
      // struct tms: utime, stime, cutime, cstime in clock ticks (USER_HZ 100), as getrusage counts them
      const ticks = (ns: number) => BigInt(Math.floor(ns / 1e7));
      if (t.x(10) !== 0) {
        const r = writeStruct(
          t,
          t.x(10),
          (dv) => {
            dv.setBigInt64(0, ticks(t.process.cpuTime), true);
            dv.setBigInt64(8, ticks(t.process.sysTime), true);
            dv.setBigInt64(16, ticks(t.process.childrenCpuTime), true);
            dv.setBigInt64(24, ticks(t.process.childrenSysTime), true);
          },
          TMS_BYTES,
        );
        if (r < 0) return r;
      }
      return Number(ticks(k.timeOf(t)));
    },
  ],
  [
    SYS.sysinfo,
    (k, t) =>
      writeStruct(
        t,
        t.x(10),
        (dv) => {
          dv.setBigInt64(0, BigInt(Math.floor(k.timeOf(t) / 1e9)), true); // uptime
          // loads: fixed point with 16 fraction bits (SI_LOAD_SHIFT), as /proc/loadavg's
          loadAverages(k).forEach((load, i) => {
            dv.setBigUint64(8 + i * 8, BigInt(Math.round(load * 65536)), true);
          });
          // the machine's memory, as /proc/meminfo gives it (in bytes: mem_unit 1)
          const memory = machineMemoryKb(k);
          dv.setBigUint64(32, BigInt(memory.totalKb * 1024), true); // totalram
          dv.setBigUint64(40, BigInt(memory.freeKb * 1024), true); // freeram
          dv.setUint16(80, k.processes.size, true); // procs
          dv.setUint32(104, 1, true); // mem_unit
        },
        SYSINFO_BYTES,
      ),
  ],
  [SYS.prctl, () => 0],
  [SYS.getpriority, () => 20],
  [SYS.setpriority, () => 0],
  [SYS.membarrier, () => 0],
  [
    SYS.getrandom,
    (k, t) => {
      const n = Math.min(t.x(11), 1 << 20);
      return t.process.um.write(t.x(10), k.random.bytes(n)) ? n : -EFAULT;
    },
  ],
  [SYS.mremap, () => -ENOMEM],
];
