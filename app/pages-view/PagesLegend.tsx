// The pages grid's key: what each fill, stripe, mark and animation means, and each kernel's
// colour (they repeat past eight kernels, so a page away from home also has a dog-ear).

import { memo, type CSSProperties } from 'react';
import { kernelColour } from '../machine-view/layout';

function Swatch({ style, className = '' }: { style?: CSSProperties; className?: string }) {
  return <span className={`pages-swatch ${className}`} style={style} aria-hidden="true" />;
}

export const PagesLegend = memo(function PagesLegend({ origin, kernels }: { origin: number; kernels: number }) {
  const home = kernelColour(Math.max(0, origin));
  const other = kernelColour(origin === 1 ? 0 : 1);
  return (
    <div className="pages-legend">
      <ul>
        <li>
          <Swatch style={{ background: home }} />
          home (the origin, kernel {Math.max(0, origin)})
        </li>
        <li>
          <Swatch className="away" style={{ background: other }} />
          away: only one other kernel holds it
        </li>
        <li>
          <Swatch style={{ background: `linear-gradient(90deg, ${home} 50%, ${other} 50%)` }} />
          read-only copies at several kernels
        </li>
        <li>
          <Swatch style={{ background: home, opacity: 0.6 }} />
          paler: read-only
        </li>
        <li>
          <Swatch className="busy" style={{ background: home }} />
          fetch or invalidation under way
        </li>
        <li>
          <Swatch className="glow" style={{ background: other, color: other }} />
          fetched (glow in the fetching kernel's colour)
        </li>
        <li>
          <Swatch className="cross" />
          copy dropped
        </li>
        <li>
          <Swatch className="slash" />
          downgraded to read-only
        </li>
        <li>
          <Swatch className="gap" />
          absent pages left out
        </li>
      </ul>
      <ul className="pages-kernels">
        {Array.from({ length: kernels }, (_, k) => (
          <li key={k}>
            <Swatch style={{ background: kernelColour(k) }} />
            kernel {k}
          </li>
        ))}
      </ul>
    </div>
  );
});
