// setsockopt and getsockopt: the option table is net/options.ts; this decodes the calls,
// checks sizes as Linux does (an int option wants at least 4 bytes; getsockopt writes what
// fits and the option's length) and reports the options that are the socket's state.

import { EFAULT, EINVAL, ENOPROTOOPT, EOPNOTSUPP } from '../errno';
import type { Kernel, SyscallOutcome } from '../kernel';
import {
  OPTIONS,
  optionKey,
  SO_ACCEPTCONN,
  SO_DOMAIN,
  SO_ERROR,
  SO_PEERCRED,
  SO_PROTOCOL,
  SO_RCVBUF,
  SO_SNDBUF,
  SO_TYPE,
  SOL_SOCKET,
} from '../net/options';
import { takeError } from '../net/operations';
import { IPPROTO_IP, IPPROTO_TCP, SOCK_STREAM, type Socket } from '../net/socket';
import type { Thread } from '../proc/task';
import { socketFd } from './net';
import { SYS } from './numbers';
import type { SyscallGroup } from './types';

/** struct ucred: pid, uid, gid. */
const UCRED_BYTES = 12;
/** Linux's smallest buffers: SO_SNDBUF and SO_RCVBUF are doubled, and never below these. */
const MIN_SNDBUF = 4608;
const MIN_RCVBUF = 2304;

/** Whether `level` applies to `s`: 0, or the errno Linux gives for another protocol's level. */
function levelFits(s: Socket, level: number): number {
  if (level === SOL_SOCKET) return 0;
  if (!s.isInet) return -EOPNOTSUPP;
  if (level === IPPROTO_IP) return 0;
  if (level === IPPROTO_TCP) return s.type === SOCK_STREAM ? 0 : -ENOPROTOOPT;
  return -ENOPROTOOPT;
}

function setsockopt(_k: Kernel, t: Thread): SyscallOutcome {
  const found = socketFd(t, t.xInt(10));
  if (typeof found === 'number') return found;
  const { s } = found;
  const [level, name, va, len] = [t.xInt(11), t.xInt(12), t.x(13), t.xInt(14)];
  const fits = levelFits(s, level);
  if (fits < 0) return fits;
  const key = optionKey(level, name);
  const option = OPTIONS.get(key);
  if (!option) return -ENOPROTOOPT;
  if (len < 0) return -EINVAL;
  if (option.kind === 'state') return level === SOL_SOCKET && name === SO_PEERCRED ? -EINVAL : -ENOPROTOOPT;
  if (option.kind === 'bytes') {
    if (len < option.bytes) return -EINVAL;
    const value = t.process.um.read(va, option.bytes);
    if (!value) return -EFAULT;
    s.options.set(key, value.slice());
    return 0;
  }
  if (len < 4) return -EINVAL;
  const raw = t.process.um.readU32(va);
  if (raw === undefined) return -EFAULT;
  let value = raw | 0;
  // as Linux: the buffers are doubled (for its bookkeeping) and kept above a floor
  if (level === SOL_SOCKET && name === SO_SNDBUF) value = Math.max(MIN_SNDBUF, Math.min(value, 0x7fffffff / 2) * 2);
  if (level === SOL_SOCKET && name === SO_RCVBUF) value = Math.max(MIN_RCVBUF, Math.min(value, 0x7fffffff / 2) * 2);
  s.options.set(key, value);
  return 0;
}

/** The bytes of option (level, name) of `s` now, or -errno. */
function optionValue(s: Socket, level: number, name: number): Uint8Array | number {
  const fits = levelFits(s, level);
  if (fits < 0) return fits;
  const key = optionKey(level, name);
  const option = OPTIONS.get(key);
  if (!option) return -ENOPROTOOPT;
  const word = (v: number) => new Uint8Array(new Int32Array([v]).buffer);
  if (option.kind === 'state') {
    switch (name) {
      case SO_TYPE:
        return word(s.type);
      case SO_ERROR:
        return word(takeError(s));
      case SO_ACCEPTCONN:
        return word(s.state === 'listening' ? 1 : 0);
      case SO_PROTOCOL:
        return word(s.protocol);
      case SO_DOMAIN:
        return word(s.family);
      case SO_PEERCRED: {
        if (s.isInet) return -ENOPROTOOPT;
        const cred = new Int32Array(UCRED_BYTES / 4);
        // a connection's peer as it was when connecting; no peer: pid 0 and the overflow ids
        const peerPid = s.peer?.ownerPid ?? 0;
        cred.set(s.peer ? [peerPid, 0, 0] : [0, -1, -1]);
        return new Uint8Array(cred.buffer);
      }
    }
    return -ENOPROTOOPT;
  }
  const set = s.options.get(key);
  if (option.kind === 'bytes') return set instanceof Uint8Array ? set : new Uint8Array(option.bytes);
  return word(typeof set === 'number' ? set : option.initial(s));
}

function getsockopt(_k: Kernel, t: Thread): SyscallOutcome {
  const found = socketFd(t, t.xInt(10));
  if (typeof found === 'number') return found;
  const [level, name, va, lenVa] = [t.xInt(11), t.xInt(12), t.x(13), t.x(14)];
  const um = t.process.um;
  const room = um.readU32(lenVa);
  if (room === undefined) return -EFAULT;
  if ((room | 0) < 0) return -EINVAL;
  const value = optionValue(found.s, level, name);
  if (typeof value === 'number') return value;
  const n = Math.min(room, value.length);
  if (!um.write(va, value.subarray(0, n))) return -EFAULT;
  return um.writeU32(lenVa, n) ? 0 : -EFAULT;
}

export const netOptionSyscalls: SyscallGroup = [
  [SYS.setsockopt, setsockopt],
  [SYS.getsockopt, getsockopt],
];
