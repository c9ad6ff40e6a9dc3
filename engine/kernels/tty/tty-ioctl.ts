// The terminal's ioctls (Linux asm-generic/ioctls.h): termios (TCGETS/TCSETS* and the
// termios2 forms), window size, job control (foreground group, session, controlling
// terminal), queue sizes, flushing and draining. Anything else is not a terminal request:
// ENOTTY, as Linux answers.

import { EFAULT, EINVAL, ENOTTY, EPERM } from '../errno';
import type { Block, IoContext, OpenFile } from '../fs/file';
import { signalProcess } from '../signal/deliver';
import { SI_KERNEL, SIGCONT, SIGHUP } from '../signal/signals';
import { decodeTermios, encodeTermios, TERMIOS2_BYTES, TERMIOS_BYTES, VSTART, VSTOP } from './termios';
import type { Tty } from './tty';

export const TCGETS = 0x5401;
export const TCSETS = 0x5402;
export const TCSETSW = 0x5403;
export const TCSETSF = 0x5404;
export const TCSBRK = 0x5409;
export const TCXONC = 0x540a;
export const TCFLSH = 0x540b;
export const TIOCSCTTY = 0x540e;
export const TIOCGPGRP = 0x540f;
export const TIOCSPGRP = 0x5410;
export const TIOCOUTQ = 0x5411;
export const TIOCGWINSZ = 0x5413;
export const TIOCSWINSZ = 0x5414;
export const FIONREAD = 0x541b;
export const TIOCNOTTY = 0x5422;
export const TIOCSETD = 0x5423;
export const TIOCGETD = 0x5424;
export const TCSBRKP = 0x5425;
export const TIOCGSID = 0x5429;
export const TCGETS2 = 0x802c542a;
export const TCSETS2 = 0x402c542b;
export const TCSETSW2 = 0x402c542c;
export const TCSETSF2 = 0x402c542d;

/** struct winsize: four unsigned shorts (rows, columns, x and y pixels). */
export const WINSIZE_BYTES = 8;

const SET_REQUESTS = [TCSETS, TCSETSW, TCSETSF, TCSETS2, TCSETSW2, TCSETSF2];

export function ttyIoctl(tty: Tty, _file: OpenFile, request: number, arg: number, ctx: IoContext): number | Block {
  const p = ctx.thread.process;
  const um = p.um;
  const isControlling = tty.session !== 0 && p.sid === tty.session;
  const req = request >>> 0;
  switch (req) {
    case TCGETS:
    case TCGETS2:
      return um.write(arg, encodeTermios(tty.ld.termios, req === TCGETS2)) ? 0 : -EFAULT;
    case TCSETS:
    case TCSETSW:
    case TCSETSF:
    case TCSETS2:
    case TCSETSW2:
    case TCSETSF2: {
      const index = SET_REQUESTS.indexOf(req) % 3; // 0 now, 1 after draining output, 2 also flush input
      const bytes = um.read(arg, req >= TCSETS2 ? TERMIOS2_BYTES : TERMIOS_BYTES);
      if (!bytes) return -EFAULT;
      if (index > 0 && tty.pendingOutput > 0) return { block: tty.writeWait }; // restarts once drained
      if (index === 2) tty.flush(true, false);
      tty.ld.setTermios(decodeTermios(bytes));
      return 0;
    }
    case TCSBRK:
    case TCSBRKP:
      // tcdrain (and tcsendbreak, whose break our terminal has no use for): wait for the output
      return tty.pendingOutput > 0 ? { block: tty.writeWait } : 0;
    case TCXONC:
      return flowControl(tty, arg);
    case TCFLSH:
      if (arg < 0 || arg > 2) return -EINVAL;
      tty.flush(arg !== 1, arg !== 0);
      return 0;
    case TIOCGWINSZ: {
      const b = new Uint8Array(WINSIZE_BYTES);
      const dv = new DataView(b.buffer);
      const { rows, cols, xpixel, ypixel } = tty.winsize;
      [rows, cols, xpixel, ypixel].forEach((v, i) => {
        dv.setUint16(i * 2, v, true);
      });
      return um.write(arg, b) ? 0 : -EFAULT;
    }
    case TIOCSWINSZ: {
      const b = um.read(arg, WINSIZE_BYTES);
      if (!b) return -EFAULT;
      const dv = new DataView(b.buffer);
      tty.resize({
        rows: dv.getUint16(0, true),
        cols: dv.getUint16(2, true),
        xpixel: dv.getUint16(4, true),
        ypixel: dv.getUint16(6, true),
      });
      return 0;
    }
    case TIOCGPGRP:
      if (!isControlling) return -ENOTTY;
      return um.writeU32(arg, tty.foregroundPgrp) ? 0 : -EFAULT;
    case TIOCSPGRP: {
      if (!isControlling) return -ENOTTY;
      const pgrp = um.readU32(arg);
      if (pgrp === undefined) return -EFAULT;
      if ((pgrp | 0) < 0) return -EINVAL;
      const inSession = [...ctx.kernel.processes.values()].some((q) => q.pgid === pgrp && q.sid === p.sid);
      if (!inSession) return -EPERM;
      tty.foregroundPgrp = pgrp;
      return 0;
    }
    case TIOCSCTTY:
      if (isControlling && p.pid === p.sid) return 0;
      if (p.pid !== p.sid) return -EPERM; // only a session leader acquires a terminal
      if (tty.session !== 0 && arg !== 1) return -EPERM; // another session's, unless stolen (root)
      tty.attach(p);
      return 0;
    case TIOCNOTTY:
      if (!isControlling) return -ENOTTY;
      if (p.pid === p.sid) {
        // the session leader lets go: its foreground group is hung up, as Linux does
        for (const q of ctx.kernel.processes.values()) {
          if (q.pgid !== tty.foregroundPgrp || q.state !== 'alive') continue;
          signalProcess(ctx.kernel, q, SIGHUP, { code: SI_KERNEL, pid: 0, addr: 0 });
          signalProcess(ctx.kernel, q, SIGCONT, { code: SI_KERNEL, pid: 0, addr: 0 });
        }
        tty.session = 0;
        tty.foregroundPgrp = 0;
      }
      return 0;
    case TIOCGSID:
      if (!isControlling) return -ENOTTY;
      return um.writeU32(arg, tty.session) ? 0 : -EFAULT;
    case FIONREAD:
      return um.writeU32(arg, tty.ld.available) ? 0 : -EFAULT;
    case TIOCOUTQ:
      return um.writeU32(arg, tty.pendingOutput) ? 0 : -EFAULT;
    case TIOCGETD:
      return um.writeU32(arg, 0 /* N_TTY */) ? 0 : -EFAULT;
    case TIOCSETD: {
      const ldisc = um.readU32(arg);
      if (ldisc === undefined) return -EFAULT;
      return ldisc === 0 ? 0 : -EINVAL;
    }
    default:
      return -ENOTTY;
  }
}

/** tcflow(): TCOOFF/TCOON stop and restart output; TCIOFF/TCION send STOP/START to the terminal. */
function flowControl(tty: Tty, action: number): number {
  switch (action) {
    case 0:
      tty.ld.outputStopped = true;
      return 0;
    case 1:
      tty.ld.outputStopped = false;
      return 0;
    case 2:
    case 3:
      tty.sendRaw(Uint8Array.of(tty.ld.termios.cc[action === 2 ? VSTOP : VSTART] ?? 0));
      return 0;
    default:
      return -EINVAL;
  }
}
