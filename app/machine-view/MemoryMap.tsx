// The machine's physical memory as one bar from address 0 to the end of RAM: the messaging
// window (the rings every kernel sends through) and each kernel's private window, coloured by
// kernel, filled as far as the kernel has frames in use. A legend below gives addresses and
// sizes. Clicking a kernel's window selects the kernel.

import type { KernelView } from '../machine/snapshot';
import { usePlayground } from '../store';
import {
  formatAddress,
  formatBytes,
  FREE_COLOUR,
  kernelColour,
  MESSAGING_COLOUR,
  segmentBoxes,
  type MemorySegment,
} from './layout';

const WIDTH = 400;
const HEIGHT = 22;
const MIN_SEGMENT = 10;

function colourOf(s: MemorySegment): string {
  return s.kind === 'kernel' ? kernelColour(s.kernel ?? 0) : s.kind === 'messaging' ? MESSAGING_COLOUR : FREE_COLOUR;
}

function nameOf(s: MemorySegment): string {
  return s.kind === 'kernel' ? `kernel ${s.kernel ?? 0}` : s.kind === 'messaging' ? 'messaging window' : 'unassigned';
}

export function MemoryMap({ segments, kernels }: { segments: MemorySegment[]; kernels: KernelView[] }) {
  const selected = usePlayground((s) => s.selectedKernel);
  const selectKernel = usePlayground((s) => s.selectKernel);
  const boxes = segmentBoxes(segments, WIDTH, MIN_SEGMENT);
  const used = (s: MemorySegment) => (s.kind === 'kernel' ? (kernels[s.kernel ?? 0]?.memoryUsed ?? 0) : 0);
  const toggle = (s: MemorySegment) => {
    if (s.kind === 'kernel') selectKernel(selected === s.kernel ? undefined : s.kernel);
  };
  return (
    <div className="memory-map" data-testid="memory-map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="physical memory map">
        {segments.map((s, i) => {
          const { x: left, width: w } = boxes[i] ?? { x: 0, width: 0 };
          const dimmed = selected !== undefined && s.kernel !== selected;
          const fill = s.kind === 'kernel' ? Math.min(1, used(s) / s.size) : 1;
          return (
            <g
              key={s.base}
              className={`segment${dimmed ? ' dimmed' : ''}`}
              onClick={() => {
                toggle(s);
              }}
            >
              <title>{`${nameOf(s)}: ${formatBytes(s.size)} at ${formatAddress(s.base)}`}</title>
              <rect
                x={left + 0.5}
                y={0.5}
                width={Math.max(0, w - 1)}
                height={HEIGHT - 1}
                rx={3}
                fill={colourOf(s)}
                fillOpacity={0.22}
                stroke={colourOf(s)}
                strokeOpacity={0.7}
              />
              {fill > 0 && (
                <rect
                  x={left + 0.5}
                  y={0.5}
                  width={Math.max(0, (w - 1) * fill)}
                  height={HEIGHT - 1}
                  rx={3}
                  fill={colourOf(s)}
                  fillOpacity={0.75}
                />
              )}
            </g>
          );
        })}
      </svg>
      <table className="memory-legend mono">
        <tbody>
          {segments.map((s) => (
            <tr
              key={s.base}
              className={selected !== undefined && s.kernel !== selected ? 'dimmed' : undefined}
              onClick={() => {
                toggle(s);
              }}
            >
              <td>
                <span className="swatch" style={{ background: colourOf(s) }} aria-hidden="true" />
                {nameOf(s)}
              </td>
              <td>{formatAddress(s.base)}</td>
              <td className="num">{formatBytes(s.size)}</td>
              <td className="num muted">{s.kind === 'kernel' ? `${formatBytes(used(s))} used` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
