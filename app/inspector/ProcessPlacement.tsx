// A process's VMAs, where its pages are per kernel, and its open files, from its origin's view board.

import { memo } from 'react';
import type { ProcessPages } from '../../engine/machine/browser/kernel-view';
import { kernelColour } from '../machine-view/layout';
import { OpenFiles } from './OpenFiles';
import { holdings, pagesPerVma } from './placement';
import { hexAddress } from './register-format';

function prot(p: number): string {
  return `${p & 1 ? 'r' : '-'}${p & 2 ? 'w' : '-'}${p & 4 ? 'x' : '-'}`;
}

export const ProcessPlacement = memo(function ProcessPlacement({ board }: { board: ProcessPages }) {
  const perVma = pagesPerVma(board);
  const held = holdings(board);
  return (
    <>
      <h3>Where its pages are</h3>
      <table className="inspector-table mono" data-testid="inspector-holdings">
        <thead>
          <tr>
            <th>kernel</th>
            <th className="num">pages</th>
            <th className="num">writable</th>
          </tr>
        </thead>
        <tbody>
          {held.map((h) => (
            <tr key={h.kernel}>
              <td>
                <span className="swatch" style={{ background: kernelColour(h.kernel) }} aria-hidden="true" />
                {h.kernel}
                {h.home ? ' (home)' : ''}
              </td>
              <td className="num">{h.pages}</td>
              <td className="num">{h.writable}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {board.total > board.pages.length && (
        <p className="muted inspector-note">
          Counting the first {board.pages.length} of its {board.total} pages (the board holds no more).
        </p>
      )}
      {/* open at first unless long (a thread's stack and guard page each are one, so 16 threads are 32) */}
      <details className="inspector-vmas" open={board.vmas.length <= 12}>
        <summary>
          <h3>VMAs ({board.vmas.length})</h3>
        </summary>
        <div className="inspector-scroll">
          <table className="inspector-table mono" data-testid="inspector-vmas">
            <thead>
              <tr>
                <th>start</th>
                <th>end</th>
                <th>prot</th>
                <th>kind</th>
                <th>name</th>
                <th className="num">present</th>
                <th className="num">away</th>
              </tr>
            </thead>
            <tbody>
              {board.vmas.map((v, i) => (
                <tr key={v.start}>
                  <td>{hexAddress(v.start)}</td>
                  <td>{hexAddress(v.end)}</td>
                  <td>{prot(v.prot)}</td>
                  <td>{v.kind}</td>
                  <td className="name">{v.name}</td>
                  <td className="num">{perVma[i]?.present ?? 0}</td>
                  <td className="num">{perVma[i]?.away ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      {board.files && <OpenFiles files={board.files} origin={board.origin} />}
    </>
  );
});
