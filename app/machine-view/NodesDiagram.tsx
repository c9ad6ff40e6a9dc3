// The machine's cores: one box per NUMA node, one tile per hart inside, coloured by the kernel
// that owns it, showing the thread it runs (pid · tid, or idle) and how busy it has been over
// the last 5 ms of virtual time. Clicking a hart selects its kernel.

import type { MachineSpec } from '../../engine/machine/machine-spec';
import { hartName } from '../../engine/machine/rules';
import type { HartView } from '../machine/snapshot';
import { usePlayground } from '../store';
import { FREE_COLOUR, kernelColour, type NodePlace } from './layout';

const WIDTH = 400;
const PAD = 10;
const GAP = 8;
const TITLE = 26;
const TILE_H = 64;
const MAX_COLS = 4;

function distanceNote(spec: MachineSpec, node: number): string {
  const row = spec.distance[node] ?? [];
  const remote = row.filter((_, j) => j !== node);
  if (remote.length === 0) return '';
  const same = remote.every((d) => d === remote[0]);
  return same ? `distance ${row[node] ?? 10} local · ${remote[0] ?? 0} remote` : `distances ${row.join(' ')}`;
}

function HartTile({
  place,
  view,
  x,
  y,
  width,
}: {
  place: { hart: number; node: number; kernel: number | undefined };
  view: HartView | undefined;
  x: number;
  y: number;
  width: number;
}) {
  const selected = usePlayground((s) => s.selectedKernel);
  const selectKernel = usePlayground((s) => s.selectKernel);
  const selectThread = usePlayground((s) => s.selectThread);
  const kernel = place.kernel;
  const colour = kernel === undefined ? FREE_COLOUR : kernelColour(kernel);
  const dimmed = selected !== undefined && kernel !== selected;
  const busy = view?.utilisation ?? 0;
  const running = view !== undefined && view.pid !== 0;
  const thread = kernel === undefined ? 'no kernel' : running ? `pid ${view.pid} · tid ${view.tid}` : 'idle';
  const percent = `${Math.round(busy * 100)}%`;
  const describe =
    kernel === undefined
      ? `hart ${place.hart} (NUMA node ${place.node}): no kernel owns it`
      : `${hartName(place.hart, kernel)} (NUMA node ${place.node}): ${running ? `running process ${view.pid}, thread ${view.tid} (click to inspect it)` : 'idle (click to highlight its kernel)'}; busy ${percent} of the last 5 ms`;
  return (
    <g
      className={`hart${dimmed ? ' dimmed' : ''}`}
      transform={`translate(${x},${y})`}
      data-testid={`hart-${place.hart}`}
      onClick={() => {
        // a running hart's thread goes to the inspector; an idle hart highlights its kernel
        if (running) selectThread({ pid: view.pid, tid: view.tid });
        else if (kernel !== undefined) selectKernel(selected === kernel ? undefined : kernel);
      }}
    >
      <title>{describe}</title>
      <rect width={width} height={TILE_H} rx={6} fill={colour} fillOpacity={0.1} stroke={colour} strokeOpacity={0.65} />
      <text x={10} y={19} className="hart-name">
        hart {place.hart}
      </text>
      <text x={width - 10} y={19} className="hart-kernel" textAnchor="end" fill={colour}>
        {kernel === undefined ? '' : `kernel ${kernel}`}
      </text>
      <text x={10} y={39} className={`hart-thread${running ? '' : ' idle'}`} data-testid={`hart-${place.hart}-thread`}>
        {thread}
      </text>
      <text x={width - 10} y={39} className="hart-busy" textAnchor="end">
        {kernel === undefined ? '' : percent}
      </text>
      <rect x={10} y={49} width={width - 20} height={5} rx={2.5} className="bar-track" />
      <rect x={10} y={49} width={(width - 20) * busy} height={5} rx={2.5} fill={colour} />
    </g>
  );
}

interface NodeBox {
  place: NodePlace;
  top: number;
  height: number;
  cols: number;
  tileW: number;
}

/** Where each node's box goes: stacked, each as tall as its rows of harts. */
function nodeBoxes(nodes: NodePlace[]): NodeBox[] {
  const boxes: NodeBox[] = [];
  for (const place of nodes) {
    const cols = Math.min(place.harts.length, MAX_COLS);
    const rows = Math.ceil(place.harts.length / cols);
    const last = boxes[boxes.length - 1];
    boxes.push({
      place,
      top: last ? last.top + last.height + GAP : 0,
      height: TITLE + rows * TILE_H + (rows - 1) * GAP + PAD,
      cols,
      tileW: (WIDTH - 2 * PAD - (cols - 1) * GAP) / cols,
    });
  }
  return boxes;
}

export function NodesDiagram({ spec, nodes, harts }: { spec: MachineSpec; nodes: NodePlace[]; harts: HartView[] }) {
  const byHart = new Map(harts.map((h) => [h.hart, h]));
  const boxes = nodeBoxes(nodes);
  const last = boxes[boxes.length - 1];
  const height = last ? last.top + last.height : 1;
  return (
    <svg className="nodes" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label="NUMA nodes and harts">
      {boxes.map(({ place: n, top, height: h, cols, tileW }) => (
        <g key={n.node} transform={`translate(0,${top})`} data-testid={`numa-node-${n.node}`}>
          <rect x={0.5} y={0.5} width={WIDTH - 1} height={h - 1} rx={8} className="node-box" />
          <text x={PAD} y={17} className="node-name">
            NUMA node {n.node}
          </text>
          <text x={WIDTH - PAD} y={17} className="node-note" textAnchor="end">
            {distanceNote(spec, n.node)}
          </text>
          {n.harts.map((place, i) => (
            <HartTile
              key={place.hart}
              place={place}
              view={byHart.get(place.hart)}
              x={PAD + (i % cols) * (tileW + GAP)}
              y={TITLE + Math.floor(i / cols) * (TILE_H + GAP)}
              width={tileW}
            />
          ))}
        </g>
      ))}
    </svg>
  );
}
