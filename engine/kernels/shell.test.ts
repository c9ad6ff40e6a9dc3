import { beforeAll, describe, expect, it } from 'vitest';
import { bootConsole, type Console } from './testing/console';

let c: Console;
let at = 0;
/** Types a command line and waits for the next prompt; returns what the command printed. */
function command(line: string): string {
  c.type(`${line}\r`);
  const start = c.waitFor(`${line}\r\n`, at); // the echo of the line
  at = c.waitFor(/popcorn0:[^$]*\$ $/, start);
  const out = c.screen().slice(start, at);
  return out.slice(0, out.lastIndexOf('popcorn0:'));
}

beforeAll(async () => {
  c = await bootConsole();
  at = c.waitFor('popcorn0:/$ ');
});

describe('the shell on the console', () => {
  it('shows a prompt and runs a command typed at it', () => {
    expect(command('echo hello')).toBe('hello\r\n');
  });

  it('runs pipelines and reports $?', () => {
    expect(command('echo piped | cat')).toBe('piped\r\n');
    expect(command('sh -c "exit 4"; echo $?')).toBe('4\r\n');
  });

  it('lists processes with ps, itself included', () => {
    const out = command('ps');
    expect(out).toMatch(/PID\s+PPID\s+KERN\s+STAT\s+TIME\s+CMD/);
    expect(out).toMatch(/\binit\b/);
    expect(out).toMatch(/\bps\b/);
  });

  it('interrupts the foreground job with ^C and keeps the shell', () => {
    c.type('counter\r');
    const started = c.waitFor('counter: 2', at);
    c.type('\x03');
    at = c.waitFor(/popcorn0:[^$]*\$ $/, started);
    expect(command('echo $?')).toBe('130\r\n');
  });

  it('interrupts top with ^C: its handler puts the terminal back and it dies of SIGINT', () => {
    // glibc's signal() puts the signal itself in sa_mask: with the x86 sigaction layout the
    // mask was taken for the handler's return address and top died of SIGSEGV instead
    c.type('top\r');
    const started = c.waitFor('COMMAND', at);
    c.type('\x03');
    at = c.waitFor(/popcorn0:[^$]*\$ $/, started);
    const shown = c.screen().slice(started, at);
    expect(shown).not.toContain('Segmentation fault');
    expect(shown).toContain('\x1b[J\x1b[?25h\r\npopcorn0:'); // cursor shown again, prompt below the frame
    expect(command('echo $?')).toBe('130\r\n'); // echoed as typed: canonical mode and echo are back
  });

  it('finds clear in /bin, which clears the screen and the scrollback', () => {
    expect(command('clear')).toBe('\x1b[H\x1b[2J\x1b[3J');
  });

  it('has init start a new shell when this one exits, in / again, with its environment', () => {
    c.type('cd /proc; exit 3\r');
    const said = c.waitFor('\r\ninit: /bin/sh exited with status 3; starting a new one\r\n', at);
    at = c.waitFor(/popcorn0:\/\$ $/, said);
    expect(command('echo $PS1 $HISTFILE')).toBe('\\h:\\w$ /dev/null\r\n');
  });

  it('changes directory and lists it', () => {
    expect(command('cd /proc; pwd')).toBe('/proc\r\n');
    expect(command('ls /bin | cat')).toMatch(/\bsh\b[\s\S]*\bt-fork\b/);
  });
});
