// The shape of a benchmark: a run that reports one or more named figures. Wall-clock time is
// read only here and in the suites that implement this, never by engine logic.

export interface Figure {
  name: string;
  value: number;
  unit: string;
}

export interface Benchmark {
  /** The figure names it reports, so `npm run bench -- PREFIX` can skip the others unrun. */
  names: string[];
  run(): Promise<Figure[]>;
}

/** Wall-clock milliseconds, for benchmarks only. */
export function wallMs(): number {
  return performance.now();
}
