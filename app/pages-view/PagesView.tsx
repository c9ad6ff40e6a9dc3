// The pages view: for one process (chosen here, or by selecting one of its threads anywhere),
// its address space as a grid of pages coloured by the kernel holding each and how, live
// while the machine runs, with fetches and invalidations flashing on their pages; clicking a
// page shows its history. While the views follow a migration the reader caused, the pages it
// moved are listed, each a click from its history. While a protocol fault is on, the invariants
// the kernels found broken are listed with their epochs and marked on the grid. Everything comes from shared memory read in the frame loop: the
// origin's view board (LivePages) and the trace feed, never by postMessage.

import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { originOf } from '../../engine/machine/rules';
import type { MachineFrames } from '../machine/frames';
import { useNarration } from '../narration/narration-store';
import { ViewTitle } from '../narration/ViewTitle';
import { usePlayground } from '../store';
import { LivePages } from './live-pages';
import { PageGrid } from './PageGrid';
import { PageHistoryPanel } from './PageHistoryPanel';
import { PagesLegend } from './PagesLegend';
import { defaultPid } from './process-list';
import { ProcessChooser } from './ProcessChooser';
import { useProcessChoices } from './use-process-choices';
import { BrokenInvariants, useBrokenInvariants } from './BrokenInvariants';
import './pages-view.css';

export function PagesView({ frames }: { frames: MachineFrames }) {
  const focusPid = usePlayground((s) => s.focusPid);
  const focusProcess = usePlayground((s) => s.focusProcess);
  const kernels = frames.machine.scenario.machine.kernels.length;
  const live = useMemo(() => new LivePages(frames), [frames]);
  useEffect(() => live.attach(), [live]);
  useEffect(() => {
    live.setPid(focusPid);
  }, [live, focusPid]);
  const stats = useSyncExternalStore(live.subscribe, live.getStats);
  const choices = useProcessChoices(frames);

  // with nothing chosen yet, show the first process spread over kernels once one appears
  const picked = useRef(false);
  useEffect(() => {
    if (picked.current || focusPid !== 0) return;
    const pid = defaultPid(choices);
    if (pid === 0) return;
    picked.current = true;
    focusProcess(pid);
  }, [choices, focusPid, focusProcess]);

  // the clicked page, forgotten when the process changes
  const [clicked, setClicked] = useState<{ pid: number; va: number } | undefined>(undefined);
  const selectedVa = clicked?.pid === focusPid ? clicked.va : undefined;
  const select = useCallback(
    (va: number | undefined) => {
      setClicked(va === undefined ? undefined : { pid: focusPid, va });
    },
    [focusPid],
  );
  const choose = useCallback(
    (pid: number) => {
      picked.current = true;
      focusProcess(pid);
    },
    [focusProcess],
  );

  // the invariant checker's flags (with a protocol fault on): a click shows the page
  const faults = frames.machine.scenario.faults;
  const broken = useBrokenInvariants(frames);
  const brokenHere = useMemo(
    () => [...new Set(broken.filter((b) => b.pid === focusPid).map((b) => b.page))],
    [broken, focusPid],
  );
  const show = useCallback(
    (pid: number, va: number) => {
      picked.current = true;
      focusProcess(pid);
      setClicked({ pid, va });
    },
    [focusProcess],
  );

  // the pages a migration the reader caused moved (the narration panel focuses its process)
  const lock = useNarration((s) => s.lock);
  const moved = lock && lock.move.exchange.pid === focusPid ? lock.pages : [];

  const shown = stats.pid === focusPid ? stats : undefined;
  const origin = shown?.published ? shown.origin : focusPid > 0 ? originOf(focusPid, kernels) : 0;
  return (
    <section
      className="panel pages-view"
      aria-label="pages"
      data-testid="pages-view"
      data-pid={focusPid}
      data-published={shown?.published ? 'yes' : 'no'}
      data-pages={shown?.shown ?? 0}
      data-remote={shown?.remote ?? 0}
      data-fetches={shown?.fetches ?? 0}
      data-epoch={shown?.epoch ?? 0}
    >
      <ViewTitle view="pages">Pages</ViewTitle>
      <p className="caption">
        A process's pages live at its origin kernel. When a thread that migrated touches one, its kernel fetches it: a
        read leaves read-only copies at both, a write takes the page away after every other copy is invalidated. Each
        VMA with pages present is a band; click a page for its history.
      </p>
      <div className="pages-toolbar">
        <ProcessChooser choices={choices} pid={focusPid} onChoose={choose} />
        {shown?.published && (
          <span className="pages-figures mono">
            origin kernel {shown.origin} · {shown.shown} page{shown.shown === 1 ? '' : 's'}
            {shown.total > shown.shown && ` (of ${shown.total}: the board holds no more)`} · {shown.remote} held
            elsewhere · {shown.fetches} fetch{shown.fetches === 1 ? '' : 'es'} · {shown.invalidations} invalidation
            {shown.invalidations === 1 ? '' : 's'} · epoch {shown.epoch}
          </span>
        )}
      </div>
      {focusPid === 0 ? (
        <p className="pages-hint muted">
          Choose a process, or click a thread in the machine view, the timeline or the threads list.
        </p>
      ) : (
        !shown?.published && (
          <p className="pages-hint muted" role="status">
            Waiting for kernel {origin}, the origin of process {focusPid}, to publish its pages (it does at the end of
            its next epoch, unless the process has exited).
          </p>
        )
      )}
      {moved.length > 0 && (
        <p className="pages-moved" data-testid="pages-moved">
          Moved to kernel {lock?.ask.to} since your migration of thread {lock?.ask.label}:{' '}
          {moved.map((va) => (
            <button
              key={va}
              type="button"
              className={`mono page-link${va === selectedVa ? ' selected' : ''}`}
              onClick={() => {
                select(va);
              }}
            >
              0x{va.toString(16)}
            </button>
          ))}
        </p>
      )}
      <BrokenInvariants faults={faults} broken={broken} selected={clicked} onShow={show} />
      <div className="pages-body">
        <PageGrid live={live} selected={selectedVa} broken={brokenHere} onSelect={select} />
        {selectedVa !== undefined && (
          <PageHistoryPanel
            va={selectedVa}
            board={live.board}
            records={live.history.of(selectedVa)}
            onClose={() => {
              select(undefined);
            }}
          />
        )}
      </div>
      <PagesLegend origin={origin} kernels={kernels} />
    </section>
  );
}
