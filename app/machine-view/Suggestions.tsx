// Commands worth trying, one click each: the command is typed into the selected kernel's shell
// (kernel 0's when none is selected), as if the visitor had typed it there.

import type { MachineFrames } from '../machine/frames';
import { usePlayground } from '../store';
import { kernelColour } from './layout';

const SUGGESTIONS: Array<[command: string, what: string]> = [
  ['ps', 'every process, with its kernel'],
  ['mt 2 1000000', 'two threads on two harts'],
  ['counter -m 30 200', 'a counter that moves itself from kernel to kernel'],
  ['mt -s 2 20000', 'two threads, one on each kernel, sharing a mutex by messages'],
  ['pingpong 300', 'one page written by two kernels in turn'],
  ['pstat', 'where each process’s threads and pages are'],
  ['primes 20000000', 'one busy hart (^C stops it)'],
  ['cat /proc/popcorn/nodes', 'what each kernel owns'],
  ['cat /proc/popcorn/stat', 'messages between kernels'],
];

export function Suggestions({ frames }: { frames: MachineFrames }) {
  const selected = usePlayground((s) => s.selectedKernel);
  const target = selected ?? 0;
  return (
    <section className="panel suggestions" aria-label="commands to try">
      <h2>Try</h2>
      <p className="caption">
        Click to type it into <span style={{ color: kernelColour(target) }}>kernel {target}</span>’s shell
        {selected === undefined ? ' (click a terminal’s title to pick another kernel)' : ''}.
      </p>
      <ul>
        {SUGGESTIONS.map(([command, what]) => (
          <li key={command}>
            <button
              type="button"
              className="command mono"
              onClick={() => {
                frames.type(target, `${command}\r`);
              }}
            >
              {command}
            </button>
            <span className="muted">{what}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
