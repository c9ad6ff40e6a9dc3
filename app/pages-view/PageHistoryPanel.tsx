// The history of the page clicked in the grid: who holds it now and what happened to it,
// newest first (faults, fetches, invalidations, as the kernels traced them). It re-renders
// with the pages view's counts, at most a few times a second.

import type { ProcessPages } from '../../engine/machine/browser/kernel-view';
import { formatAddress, kernelColour } from '../machine-view/layout';
import { cellState, describeCell } from './cell-state';
import type { PageRecord } from './page-history';
import { EVENT_TIME_NS, formatVirtualTime } from '../virtual-time';

function Kernel({ k }: { k: number }) {
  return (
    <span className="pages-kernel">
      <span className="swatch" style={{ background: kernelColour(k) }} aria-hidden="true" />
      {k}
    </span>
  );
}

/** What happened, in two pieces that each stay on one line: a narrow box breaks between them. */
function What({ r }: { r: PageRecord }) {
  return (
    <>
      <span className="nowrap">{r.action}</span>
      {r.tid > 0 && (
        <>
          {' '}
          <span className="nowrap">by thread {r.tid}</span>
        </>
      )}
    </>
  );
}

export function PageHistoryPanel({
  va,
  board,
  records,
  onClose,
}: {
  va: number;
  board: ProcessPages | undefined;
  /** Newest first. */
  records: readonly PageRecord[];
  onClose: () => void;
}) {
  const page = board?.pages.find((p) => p.va === va);
  const state = page && board ? cellState(page, board.origin) : undefined;
  return (
    <div className="page-history" data-testid="page-history" data-va={va} data-records={records.length}>
      <div className="page-history-head">
        <h3 className="mono">page {formatAddress(va)}</h3>
        <button type="button" className="close" onClick={onClose} aria-label="close the page's history">
          ×
        </button>
      </div>
      {state && page ? (
        <>
          <p className="page-now" data-step={page.activity?.step}>
            Now {describeCell(state)}.
          </p>
          <p className="page-holders">
            <span className="page-holders-group">
              <span className="muted">holders</span>
              {page.holders.length === 0 ? 'none' : page.holders.map((h) => <Kernel key={h} k={h} />)}
            </span>
            <span className="page-holders-group">
              <span className="muted">writer</span>
              {page.writer >= 0 ? <Kernel k={page.writer} /> : 'none (read-only everywhere)'}
            </span>
          </p>
        </>
      ) : (
        <p className="page-now muted">Not on the board now: not present, or the process is gone.</p>
      )}
      {records.length === 0 ? (
        <p className="muted">Nothing traced for this page since the view opened.</p>
      ) : (
        <table className="page-history-table mono">
          <thead>
            <tr>
              <th className="num">time</th>
              <th>kernel</th>
              <th>what</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r, i) => (
              <tr key={`${r.time}-${i}`} className={`action-${r.action.replace(' ', '-')}`}>
                <td className="num">{formatVirtualTime(r.time, EVENT_TIME_NS)}</td>
                <td>
                  <Kernel k={r.kernel} />
                </td>
                <td>
                  <What r={r} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
