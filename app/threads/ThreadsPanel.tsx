// Every thread of the machine and where it runs, with two ways to move one to another kernel:
// its "Move to" menu, or dragging it onto a kernel. The request goes to the thread's origin,
// which applies it at its next epoch start and records it, so a share link replays it; the
// panel then says what became of it (migration-status.ts): taken, refused and why, waiting for
// the thread to run again (and what it is blocked in), moved. Clicking a thread shows it in the
// inspector. A migration asked here, or by a lesson (ask-move.ts), is followed by the panel and
// by the views (narration-store.ts). The list is read from the kernels' view boards a few times
// per second, not every frame.

import { useEffect, useRef, useState, type CSSProperties, type DragEvent } from 'react';
import type { MigrationRequest } from '../../engine/machine/browser/browser-machine';
import { hartName, originOf } from '../../engine/machine/rules';
import type { MachineFrames } from '../machine/frames';
import type { MachineSnapshot } from '../machine/snapshot';
import { kernelColour } from '../machine-view/layout';
import { useNarration } from '../narration/narration-store';
import { ViewTitle } from '../narration/ViewTitle';
import { usePlayground } from '../store';
import { askMove, useMoveAsks } from './ask-move';
import { moveStatus, type AskedMove, type MoveStatus } from './migration-status';
import { sameRows, THREAD_DRAG_TYPE, threadRows, type ThreadRow } from './thread-list';
import './threads.css';

/** How a migration ends when it never moves the thread. */
const NEVER_MOVES = new Set<MoveStatus['kind']>(['refused', 'dropped', 'ended']);

/** Wall ms between two readings of the list. */
const REFRESH_MS = 250;

function useThreadRows(frames: MachineFrames, up: readonly boolean[]): ThreadRow[] {
  const [rows, setRows] = useState<ThreadRow[]>([]);
  const upKey = up.join();
  useEffect(() => {
    let last = -Infinity;
    const read = () => {
      const next = threadRows(
        frames.machine.threads(),
        upKey.split(',').map((s) => s === 'true'),
      );
      setRows((now) => (sameRows(now, next) ? now : next));
    };
    read();
    return frames.onFrame((now) => {
      if (now - last < REFRESH_MS) return;
      last = now;
      read();
    });
  }, [frames, upKey]);
  return rows;
}

/** The latest migration asked here, followed until it moved or was refused. */
interface Following {
  request: MigrationRequest;
  ask: AskedMove;
  status: MoveStatus;
}

/**
 * What the panel says: of the latest migration asked, what became of it, read with the rows;
 * or a sentence of its own (a drop where the thread already is, a full mailbox).
 */
function useSaid(frames: MachineFrames, up: readonly boolean[]) {
  const [said, setSaid] = useState<{ text: string; kind: string }>({ text: '', kind: 'none' });
  const following = useRef<Following | undefined>(undefined);
  const upKey = up.join();
  useEffect(() => {
    let last = -Infinity;
    const up = upKey.split(',').map((s) => s === 'true');
    return frames.onFrame((now) => {
      const f = following.current;
      if (!f || f.status.done || now - last < REFRESH_MS) return;
      last = now;
      const m = frames.machine;
      // patience counts in the epochs the listing shows, not the machine's: on a busy host the
      // boards lag, and a move under way was once called dropped while its thread still listed
      // at its old place
      const { status, ask } = moveStatus(f.ask, m.migrationAnswer(f.request), m.threads(), up, m.threadsEpoch());
      following.current = { ...f, ask, status };
      // a move that will not happen is not waited for by the views
      const views = useNarration.getState();
      if (NEVER_MOVES.has(status.kind) && views.asked?.tid === f.ask.tid) views.release();
      setSaid((s) => (s.text === status.text ? s : { text: status.text, kind: status.kind }));
    });
  }, [frames, upKey]);
  // every move asked on the page, here or by a lesson step, is followed to its end
  useEffect(
    () =>
      useMoveAsks.subscribe((s, before) => {
        const asked = s.latest;
        if (!asked || asked === before.latest) return;
        const ask: AskedMove = {
          tid: asked.tid,
          label: asked.label,
          comm: asked.comm,
          origin: asked.request.origin,
          to: asked.request.to,
          askedAt: frames.machine.epoch(),
          seenWaiting: false,
          missingSince: undefined,
        };
        const { status } = moveStatus(ask, undefined, [], [], ask.askedAt);
        following.current = { request: asked.request, ask, status };
        setSaid({ text: status.text, kind: status.kind });
      }),
    [frames],
  );
  const say = (text: string) => {
    following.current = undefined;
    setSaid({ text, kind: 'note' });
  };
  return { said, say };
}

export function ThreadsPanel({ frames, snapshot }: { frames: MachineFrames; snapshot: MachineSnapshot }) {
  const up = snapshot.kernels.map((k) => k.status === 'up');
  const rows = useThreadRows(frames, up);
  const selected = usePlayground((s) => s.selectedThread);
  const selectThread = usePlayground((s) => s.selectThread);
  const { said, say } = useSaid(frames, up);
  const [dropTarget, setDropTarget] = useState<number | undefined>(undefined);

  const move = (row: ThreadRow, to: number) => {
    if (!askMove(frames.machine, row, to))
      say(`Kernel ${originOf(row.tid, snapshot.kernels.length)} has too many requests waiting; try again in a moment.`);
  };
  const dragOver = (event: DragEvent, kernel: number) => {
    if (!event.dataTransfer.types.includes(THREAD_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    setDropTarget(kernel);
  };
  const drop = (event: DragEvent, kernel: number) => {
    setDropTarget(undefined);
    const tid = Number(event.dataTransfer.getData(THREAD_DRAG_TYPE));
    const row = rows.find((r) => r.tid === tid);
    if (!row) return;
    event.preventDefault();
    if (row.kernel === kernel) say(`Thread ${row.label} already runs on kernel ${kernel}.`);
    else move(row, kernel);
  };

  return (
    <section className="panel threads" aria-label="threads" data-testid="threads">
      <ViewTitle view="threads">Threads</ViewTitle>
      <p className="caption">
        Drag a thread onto a kernel, or use its menu, to migrate it there. Click one to inspect it.
      </p>
      <div className="kernel-drops" role="list" aria-label="kernels to drop a thread on">
        {snapshot.kernels.map((k) => (
          <div
            key={k.index}
            role="listitem"
            className={`kernel-drop${dropTarget === k.index ? ' over' : ''}${k.status === 'up' ? '' : ' down'}`}
            style={{ '--kernel': kernelColour(k.index) } as CSSProperties}
            data-testid={`drop-kernel-${k.index}`}
            onDragOver={(e) => {
              dragOver(e, k.index);
            }}
            onDragLeave={() => {
              setDropTarget(undefined);
            }}
            onDrop={(e) => {
              drop(e, k.index);
            }}
          >
            kernel {k.index}
          </div>
        ))}
      </div>
      <table className="thread-table mono">
        <thead>
          <tr>
            <th scope="col">thread</th>
            <th scope="col">command</th>
            <th scope="col">runs on</th>
            <th scope="col">state</th>
            <th scope="col">
              <span className="visually-hidden">migrate</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.tid}
              className={selected?.tid === r.tid ? 'selected' : undefined}
              draggable
              onDragStart={(e) => {
                e.dataTransfer.setData(THREAD_DRAG_TYPE, String(r.tid));
                e.dataTransfer.effectAllowed = 'move';
              }}
              data-testid={`thread-${r.tid}`}
              data-kernel={r.kernel}
              data-moving-to={r.movingTo}
            >
              <td>
                <button
                  type="button"
                  className="thread-label"
                  title={`inspect thread ${r.tid} of process ${r.pid} (created on kernel ${r.origin})`}
                  onClick={() => {
                    selectThread(selected?.tid === r.tid ? undefined : { pid: r.pid, tid: r.tid });
                  }}
                >
                  <span className="origin-dot" style={{ background: kernelColour(r.origin) }} aria-hidden="true" />
                  {r.label}
                </button>
              </td>
              <td>{r.comm}</td>
              <td>
                <span className="runs-on" style={{ color: kernelColour(r.kernel) }}>
                  {r.hart >= 0 ? hartName(r.hart, r.kernel, 'short') : `k${r.kernel}`}
                </span>
                {r.kernel !== r.origin && <span className="away"> (from k{r.origin})</span>}
                {r.movingTo >= 0 && (
                  <span className="away" title={`moves to kernel ${r.movingTo} when it next runs`}>
                    {' '}
                    → k{r.movingTo}
                  </span>
                )}
              </td>
              <td className="thread-state">
                {r.state}
                {r.blockedIn && (
                  <>
                    {' '}
                    <span className="blocked-in">in {r.blockedIn}</span>
                  </>
                )}
              </td>
              <td>
                <select
                  aria-label={`move thread ${r.label} to`}
                  value=""
                  disabled={r.targets.length === 0}
                  onChange={(e) => {
                    if (e.target.value !== '') move(r, Number(e.target.value));
                  }}
                >
                  <option value="">move to…</option>
                  {r.targets.map((k) => (
                    <option key={k} value={k}>
                      kernel {k}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="threads-said" role="status" data-testid="threads-said" data-kind={said.kind}>
        {said.text}
      </p>
    </section>
  );
}
