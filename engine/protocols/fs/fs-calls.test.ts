import { describe, expect, it } from 'vitest';
import { SYS } from '../../kernels/syscalls/numbers';
import { EIO } from '../../kernels/errno';
import { afterPiece, answered, asked, finishes } from './fs-call';
import { mapAnswered, mapAsked, mapStep } from './remote-map';
import { absoluteOf, AT_FDCWD, FS_CALLS, inSharedTree, planFsCall, type CallerView } from './fs-calls';

const rowOf = (nr: number) => {
  const row = FS_CALLS.get(nr);
  if (!row) throw new Error(`no row for ${nr}`);
  return row;
};

/** A caller in `cwd` whose descriptor 5 is open at the home (handle 77), with these path arguments. */
function caller(cwd: string, paths: Record<number, string>): CallerView {
  return { cwd, handleOf: (fd) => (fd === 5 ? 77 : undefined), pathArg: (arg) => paths[arg] };
}

describe('planFsCall', () => {
  it('sends a path in the shared tree home, and keeps /proc, /dev and the boot image here', () => {
    const open = rowOf(SYS.openat);
    expect(planFsCall(open, [AT_FDCWD], caller('/', { 1: '/tmp/x' }))).toEqual({ where: 'home', fds: [] });
    for (const here of ['/proc/self/status', '/dev/null', '/bin/ls', '/sbin/init'])
      expect(planFsCall(open, [AT_FDCWD], caller('/', { 1: here }))).toEqual({ where: 'here' });
  });

  it('sends /dev/shm home (one POSIX shared memory namespace for the machine), the rest of /dev not', () => {
    const open = rowOf(SYS.openat);
    for (const home of ['/dev/shm', '/dev/shm/ring', '/dev//shm/x', '/dev/./shm/x'])
      expect(planFsCall(open, [AT_FDCWD], caller('/', { 1: home })).where).toBe('home');
    expect(planFsCall(open, [AT_FDCWD], caller('/dev', { 1: 'shm/ring' })).where).toBe('home');
    expect(planFsCall(open, [AT_FDCWD], caller('/dev/shm', { 1: '../null' })).where).toBe('here');
    for (const here of ['/dev/shmx', '/dev', '/dev/null'])
      expect(planFsCall(open, [AT_FDCWD], caller('/', { 1: here })).where).toBe('here');
  });

  it('judges a relative path by the working directory, `..` taken as written', () => {
    const stat = rowOf(SYS.newfstatat);
    expect(planFsCall(stat, [AT_FDCWD], caller('/proc', { 1: 'self' })).where).toBe('here');
    expect(planFsCall(stat, [AT_FDCWD], caller('/proc', { 1: '../tmp' })).where).toBe('home');
    expect(planFsCall(stat, [AT_FDCWD], caller('/tmp', { 1: '../dev/null' })).where).toBe('here');
  });

  it('sends a call on a descriptor open at the home with its handle, and leaves other descriptors here', () => {
    expect(planFsCall(rowOf(SYS.read), [5], caller('/', {}))).toEqual({ where: 'home', fds: [{ fd: 5, handle: 77 }] });
    expect(planFsCall(rowOf(SYS.read), [0], caller('/tmp', {}))).toEqual({ where: 'here' });
    // a path relative to a directory open at the home goes with the directory's handle
    expect(planFsCall(rowOf(SYS.unlinkat), [5], caller('/', { 1: 'f' }))).toEqual({
      where: 'home',
      fds: [{ fd: 5, handle: 77 }],
    });
  });

  it("keeps fcntl's descriptor-table commands here, and sends F_GETFL home", () => {
    const fcntl = rowOf(SYS.fcntl);
    expect(planFsCall(fcntl, [5, 0 /* F_DUPFD */], caller('/', {})).where).toBe('here');
    expect(planFsCall(fcntl, [5, 2 /* F_SETFD */], caller('/', {})).where).toBe('here');
    expect(planFsCall(fcntl, [5, 3 /* F_GETFL */], caller('/', {})).where).toBe('home');
  });

  it('sends getcwd home when the working directory is in the shared tree', () => {
    expect(planFsCall(rowOf(SYS.getcwd), [], caller('/tmp', {})).where).toBe('home');
    expect(planFsCall(rowOf(SYS.getcwd), [], caller('/proc/1', {})).where).toBe('here');
  });

  it('makes paths absolute textually', () => {
    expect(absoluteOf('/a/b', '../c/./d')).toBe('/a/c/d');
    expect(absoluteOf('/a', '/x//y/')).toBe('/x/y');
    expect(inSharedTree('/')).toBe(true);
    expect(inSharedTree('/procfs')).toBe(true);
  });
});

describe('FsCall', () => {
  it('goes asked -> answered, and a lost home answers EIO', () => {
    const call = asked(SYS.read, []);
    expect(finishes(call, SYS.read)).toBe(false);
    const lost = answered(call, undefined);
    expect(finishes(lost, SYS.read)).toBe(true);
    expect(finishes(lost, SYS.write)).toBe(false);
    expect(lost.phase === 'answered' && lost.reply.result).toBe(-EIO);
    const reply = { result: 3, written: [], cwd: '', opened: [] };
    // an answer after the first (a home that died after replying) changes nothing
    expect(answered(answered(call, reply), undefined)).toEqual(answered(call, reply));
  });

  it('asks for the next piece of a long transfer until a piece comes back short', () => {
    expect(afterPiece({ moved: 0, length: 4096 }, 4096, 10000)).toBe('next');
    expect(afterPiece({ moved: 8192, length: 1808 }, 1808, 10000)).toBe(10000);
    expect(afterPiece({ moved: 4096, length: 4096 }, 100, 10000)).toBe(4196); // end of file
    expect(afterPiece({ moved: 4096, length: 4096 }, -28, 10000)).toBe(4096); // ENOSPC after some bytes
    expect(afterPiece({ moved: 0, length: 4096 }, -28, 10000)).toBe(-28);
  });
});

describe('MapCall (remote-map.ts)', () => {
  it('asks, waits, then maps the object the home named', () => {
    expect(mapStep(undefined, 7)).toEqual({ kind: 'ask' });
    const call = mapAsked(7);
    expect(mapStep(call, 7)).toEqual({ kind: 'wait' });
    const got = mapAnswered(call, { status: 0, object: 3 });
    expect(mapStep(got, 7)).toEqual({ kind: 'map', object: 3 });
    // a second answer (the home died after it replied) changes nothing
    expect(mapAnswered(got, undefined)).toBe(got);
  });

  it("fails with the home's errno, or EIO when the home died first", () => {
    expect(mapStep(mapAnswered(mapAsked(7), { status: -19, object: 0 }), 7)).toEqual({ kind: 'fail', errno: -19 });
    expect(mapStep(mapAnswered(mapAsked(7), undefined), 7)).toEqual({ kind: 'fail', errno: -EIO });
  });

  it('asks afresh for another description (a call given up and another begun)', () => {
    expect(mapStep(mapAsked(7), 8)).toEqual({ kind: 'ask' });
    expect(mapStep(mapAnswered(mapAsked(7), { status: 0, object: 3 }), 8)).toEqual({ kind: 'ask' });
  });
});
