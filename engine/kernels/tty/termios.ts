// Terminal settings: the termios flags and control characters (Linux asm-generic termbits.h),
// Linux's defaults (tty_std_termios), and the kernel struct termios / termios2 that the
// TCGETS/TCSETS (and *2) ioctls copy: four u32 flags, c_line, c_cc[19], and for termios2 the
// input and output speeds. glibc converts its own larger struct to and from this one.

// c_iflag
export const IGNBRK = 0o1;
export const BRKINT = 0o2;
export const ISTRIP = 0o40;
export const INLCR = 0o100;
export const IGNCR = 0o200;
export const ICRNL = 0o400;
export const IXON = 0o2000;
export const IXANY = 0o4000;
export const IUTF8 = 0o40000;
// c_oflag
export const OPOST = 0o1;
export const OLCUC = 0o2;
export const ONLCR = 0o4;
export const OCRNL = 0o10;
export const ONOCR = 0o20;
export const ONLRET = 0o40;
// c_cflag
export const B38400 = 0o17;
export const CS8 = 0o60;
export const CREAD = 0o200;
export const HUPCL = 0o2000;
// c_lflag
export const ISIG = 0o1;
export const ICANON = 0o2;
export const ECHO = 0o10;
export const ECHOE = 0o20;
export const ECHOK = 0o40;
export const ECHONL = 0o100;
export const NOFLSH = 0o200;
export const TOSTOP = 0o400;
export const ECHOCTL = 0o1000;
export const ECHOKE = 0o4000;
export const IEXTEN = 0o100000;

// c_cc indices
export const VINTR = 0;
export const VQUIT = 1;
export const VERASE = 2;
export const VKILL = 3;
export const VEOF = 4;
export const VTIME = 5;
export const VMIN = 6;
export const VSTART = 8;
export const VSTOP = 9;
export const VSUSP = 10;
export const VEOL = 11;
export const VREPRINT = 12;
export const VWERASE = 14;
export const VLNEXT = 15;
export const VEOL2 = 16;
export const NCCS = 19;

/** Bytes of the kernel's struct termios, and of struct termios2 (with the two speeds). */
export const TERMIOS_BYTES = 36;
export const TERMIOS2_BYTES = 44;
const BAUD = 38400;

export interface Termios {
  iflag: number;
  oflag: number;
  cflag: number;
  lflag: number;
  line: number;
  cc: Uint8Array;
}

const ctrl = (c: string) => c.charCodeAt(0) & 0x1f;

/** Linux's settings for a new terminal, plus IUTF8 because the terminals we serve send UTF-8. */
export function defaultTermios(): Termios {
  const cc = new Uint8Array(NCCS);
  cc[VINTR] = ctrl('C');
  cc[VQUIT] = 0x1c; // ^\
  cc[VERASE] = 0x7f; // DEL
  cc[VKILL] = ctrl('U');
  cc[VEOF] = ctrl('D');
  cc[VTIME] = 0;
  cc[VMIN] = 1;
  cc[VSTART] = ctrl('Q');
  cc[VSTOP] = ctrl('S');
  cc[VSUSP] = ctrl('Z');
  cc[VREPRINT] = ctrl('R');
  cc[13] = ctrl('O'); // VDISCARD
  cc[VWERASE] = ctrl('W');
  cc[VLNEXT] = ctrl('V');
  return {
    iflag: ICRNL | IXON | IUTF8,
    oflag: OPOST | ONLCR,
    cflag: B38400 | CS8 | CREAD | HUPCL,
    lflag: ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
    line: 0,
    cc,
  };
}

export function encodeTermios(t: Termios, withSpeeds: boolean): Uint8Array {
  const b = new Uint8Array(withSpeeds ? TERMIOS2_BYTES : TERMIOS_BYTES);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, t.iflag, true);
  dv.setUint32(4, t.oflag, true);
  dv.setUint32(8, t.cflag, true);
  dv.setUint32(12, t.lflag, true);
  b[16] = t.line;
  b.set(t.cc, 17);
  if (withSpeeds) {
    dv.setUint32(36, BAUD, true);
    dv.setUint32(40, BAUD, true);
  }
  return b;
}

export function decodeTermios(b: Uint8Array): Termios {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return {
    iflag: dv.getUint32(0, true),
    oflag: dv.getUint32(4, true),
    cflag: dv.getUint32(8, true),
    lflag: dv.getUint32(12, true),
    line: b[16] ?? 0,
    cc: b.slice(17, 17 + NCCS),
  };
}
