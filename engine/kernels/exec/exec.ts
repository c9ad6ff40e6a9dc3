// execve: replaces a process's program. Reads the executable through the VFS, validates it,
// builds a fresh address space (segments mapped from the file on demand, the stack with argv,
// envp and the auxiliary vector, the signal trampoline page), then points the calling thread
// at the entry. The old address space is released only once the new one is complete, so a
// failed exec leaves the caller untouched.

import { PAGE_SIZE } from '../../hw/memory-map';
import { E2BIG, EACCES, EIO, ENOEXEC, ENOMEM } from '../errno';
import type { Kernel } from '../kernel';
import { AddressSpace, pageDown, pageUp, PROT_EXEC, PROT_READ, PROT_WRITE } from '../mm/address-space';
import { UserMemory } from '../mm/uaccess';
import { ARG_MAX, MAX_PROCESS_MEMORY_SHARE, PIE_LOAD_BASE, STACK_TOP } from '../params';
import type { Thread } from '../proc/task';
import { SIGRETURN_TRAMPOLINE, TRAMPOLINE_CODE } from '../signal/deliver';
import { SIG_DFL, SIG_IGN } from '../signal/signals';
import type { Inode } from '../fs/inode';
import { Vfs } from '../fs/vfs';
import { ElfError, parseElf, PF_R, PF_W, PF_X } from './elf';
import * as aux from './initial-stack';

const INITIAL_STACK_BYTES = 128 * 1024;

export interface ExecImage {
  mm: AddressSpace;
  entry: number;
  sp: number;
}

/** Builds the new address space; returns it, or -errno (with a kernel log line saying why). */
export function loadProgram(
  k: Kernel,
  path: string,
  file: Uint8Array,
  argv: string[],
  envp: string[],
): ExecImage | number {
  const size = [...argv, ...envp].reduce((n, s) => n + s.length + 1, 0);
  if (size > ARG_MAX) return -E2BIG;
  let elf;
  try {
    elf = parseElf(file);
  } catch (err) {
    if (!(err instanceof ElfError)) throw err;
    k.printk(`exec ${path}: ${err.message}`);
    return -ENOEXEC;
  }
  const limit = Math.floor(k.frames.total * MAX_PROCESS_MEMORY_SHARE);
  const mm = AddressSpace.create(k.frames, k.memory, limit);
  if (!mm) return -ENOMEM;
  mm.onShootdown = () => {
    k.shootdown(mm);
  };
  const bias = elf.pie ? PIE_LOAD_BASE : 0;
  let top = 0;
  for (const seg of elf.segments) {
    const start = pageDown(seg.vaddr + bias);
    const lead = seg.vaddr + bias - start;
    const prot =
      (seg.flags & PF_R ? PROT_READ : 0) | (seg.flags & PF_W ? PROT_WRITE : 0) | (seg.flags & PF_X ? PROT_EXEC : 0);
    const kind = seg.flags & PF_X ? 'code' : 'data';
    const backing = { data: file, offset: seg.offset - lead, size: seg.filesz + lead };
    const at = mm.mmap(start, pageUp(seg.vaddr + bias + seg.memsz) - start, prot, true, kind, path, backing);
    if (at < 0) {
      mm.destroy();
      return at;
    }
    top = Math.max(top, seg.vaddr + bias + seg.memsz);
  }
  mm.brkStart = mm.brk = pageUp(top);
  const trampoline = { data: TRAMPOLINE_CODE, offset: 0, size: TRAMPOLINE_CODE.length };
  mm.mmap(SIGRETURN_TRAMPOLINE, PAGE_SIZE, PROT_READ | PROT_EXEC, true, 'code', '[sigreturn]', trampoline);
  mm.addVma({
    start: STACK_TOP - INITIAL_STACK_BYTES,
    end: STACK_TOP,
    prot: PROT_READ | PROT_WRITE,
    kind: 'stack',
    name: '[stack]',
  });
  const auxv: Array<[number, number]> = [
    [aux.AT_PHDR, elf.phdrVaddr + bias],
    [aux.AT_PHENT, 56],
    [aux.AT_PHNUM, elf.phnum],
    [aux.AT_PAGESZ, PAGE_SIZE],
    [aux.AT_BASE, 0],
    [aux.AT_FLAGS, 0],
    [aux.AT_ENTRY, elf.entry + bias],
    [aux.AT_UID, 0],
    [aux.AT_EUID, 0],
    [aux.AT_GID, 0],
    [aux.AT_EGID, 0],
    [aux.AT_HWCAP, aux.HWCAP_RV64GC],
    [aux.AT_CLKTCK, 100],
    [aux.AT_SECURE, 0],
  ];
  const stack = aux.buildInitialStack(STACK_TOP, argv, envp, auxv, k.random.bytes(16), path);
  if (!new UserMemory(mm).write(stack.sp, stack.bytes)) {
    mm.destroy();
    return -ENOMEM;
  }
  return { mm, entry: elf.entry + bias, sp: stack.sp };
}

/**
 * The file execve runs, found from working directory `cwd` with execve's checks: the path's
 * own errors (ENOENT, ENOTDIR, ELOOP, ...), then EACCES for anything but a regular file with an
 * x bit, as Linux. The filesystem's home makes the same checks for another kernel's execve.
 */
export function findExecutable(vfs: Vfs, cwd: string, path: string, caller?: Thread): Inode | number {
  const dir = vfs.resolve(vfs.root, cwd, true, caller);
  const inode = vfs.resolve(typeof dir === 'number' ? vfs.root : dir, path, true, caller);
  if (typeof inode === 'number') return inode;
  if (inode.kind !== 'file' || (inode.perm & 0o111) === 0) return -EACCES;
  return inode;
}

/** Reads an executable file of this kernel's tree; -errno when it is missing, not a regular file or not executable. */
export function readExecutable(k: Kernel, t: Thread, path: string): Uint8Array | number {
  const inode = findExecutable(k.vfs, t.process.cwd, path, t);
  if (typeof inode === 'number') return inode;
  return inode.contents() ?? -EIO;
}

/** Switches thread `t`'s process to a loaded image (the point of no return of execve). */
export function commitExec(k: Kernel, t: Thread, image: ExecImage, path: string, argv: string[]): void {
  const p = t.process;
  k.distributed?.processExited(p); // threads on other kernels end with the old image
  for (const other of p.liveThreads) {
    if (other === t) continue;
    k.evict(other); // exec ends every other thread, as Linux de_thread does
  }
  const old = p.mm;
  p.mm = image.mm;
  p.um = new UserMemory(image.mm);
  if (--old.users === 0) old.destroy();
  p.exe = Vfs.absolute(p.cwd, path);
  p.argv = argv;
  p.fds.closeOnExec(k);
  for (const act of p.actions) {
    if (act.handler !== SIG_IGN) act.handler = SIG_DFL;
    act.flags = 0;
    act.mask = 0n;
  }
  if (p.vforkDone) {
    k.wakeAll(p.vforkDone, p.pid); // the vfork parent's clone returns the pid
    p.vforkDone = undefined;
  }
  t.altStack = { sp: 0, size: 0, flags: 2 };
  t.clearChildTid = 0;
  commitExecRegisters(t, image);
  if (t.hart >= 0) {
    const slot = k.slots[t.hart];
    if (slot) {
      k.loadAddressSpace(slot, image.mm);
    }
  }
}

/** A new program's registers: all zero but the stack pointer and the pc. */
export function commitExecRegisters(t: Thread, image: ExecImage): void {
  for (let i = 1; i < 32; i++) t.setX(i, 0);
  for (let i = 0; i < 32; i++) t.setF(i, 0n);
  t.fcsr = 0;
  t.setX(2, image.sp);
  t.pc = image.entry;
}
