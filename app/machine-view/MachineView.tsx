// The machine panel: the NUMA nodes with their harts, and the physical memory map, both live.

import { useMemo } from 'react';
import type { MachineSpec } from '../../engine/machine/machine-spec';
import type { MachineSnapshot } from '../machine/snapshot';
import { ViewTitle } from '../narration/ViewTitle';
import { formatBytes, memorySegments, placeHarts } from './layout';
import { MemoryMap } from './MemoryMap';
import { NodesDiagram } from './NodesDiagram';

export function MachineView({ spec, snapshot }: { spec: MachineSpec; snapshot: MachineSnapshot }) {
  const nodes = useMemo(() => placeHarts(spec), [spec]);
  const segments = useMemo(() => memorySegments(spec), [spec]);
  const harts = nodes.reduce((n, node) => n + node.harts.length, 0);
  return (
    <section className="panel machine-view" aria-label="machine">
      <ViewTitle view="machine">Machine</ViewTitle>
      <p className="caption">
        {harts} harts in {nodes.length} NUMA node{nodes.length === 1 ? '' : 's'}, split among {spec.kernels.length}{' '}
        kernel{spec.kernels.length === 1 ? '' : 's'}. Each hart shows the thread on it and how busy it was.
      </p>
      <NodesDiagram spec={spec} nodes={nodes} harts={snapshot.harts} />
      <h2 className="subhead">Physical memory · {formatBytes(spec.ramBytes)}</h2>
      <p className="caption">Each kernel owns a private window; they share only the messaging window.</p>
      <MemoryMap segments={segments} kernels={snapshot.kernels} />
    </section>
  );
}
