// The playground: boots the scenario of a shared link (#s=...) or else the default one (two
// kernels on four harts) and lays out the controls, the machine view and one terminal per
// kernel; while booting, or when booting failed, says so in place of the machine. A broken
// link boots the default scenario under a message saying why.

import { memo, Suspense, useCallback, useEffect, useState } from 'react';
import defaultScenarioText from '../engine/machine/scenarios/two-kernels.json?raw';
import { decodeScenarioUrl, hasScenarioUrl } from '../engine/machine/scenario-url';
import type { BrowserMachine } from '../engine/machine/browser/browser-machine';
import { GuidedHint } from './header/GuidedHint';
import { SharedRunStatus } from './header/SharedRunStatus';
import { Toolbar } from './header/Toolbar';
import { useMachineSnapshot, type MachineFrames } from './machine/frames';
import { useBrowserMachine } from './machine/use-browser-machine';
import { MachineView } from './machine-view/MachineView';
import { Inspector, MessagesView, PagesView, TimelineView } from './lazy-views';
import { Suggestions } from './machine-view/Suggestions';
import { usePlayground } from './store';
import { loadTerminal, TerminalPanel } from './terminal/TerminalPanel';
import { ThreadsPanel } from './threads/ThreadsPanel';

/**
 * The views that draw by themselves every frame: they never re-render with the snapshot. They
 * load after the first paint (lazy-views.ts) and appear together.
 */
const Views = memo(function Views({ frames }: { frames: MachineFrames }) {
  return (
    <div className="views">
      <Suspense fallback={null}>
        <TimelineView frames={frames} />
        <div className="views-pair">
          <PagesView frames={frames} />
          <Inspector frames={frames} />
        </div>
        <MessagesView frames={frames} />
      </Suspense>
    </div>
  );
});

function RunningMachine({
  machine,
  frames,
  onReset,
  firstVisit,
}: {
  machine: BrowserMachine;
  frames: MachineFrames;
  onReset: () => void;
  /** The default scenario, opened without a link: show the guided hint. */
  firstVisit: boolean;
}) {
  const snapshot = useMachineSnapshot(frames);
  const shared = machine.scenario.sharedAt;
  return (
    <>
      <Toolbar machine={machine} snapshot={snapshot} onReset={onReset} />
      {shared && <SharedRunStatus shared={shared} snapshot={snapshot} />}
      {firstVisit && <GuidedHint frames={frames} />}
      <div className="workspace">
        <div className="side">
          <MachineView spec={machine.scenario.machine} snapshot={snapshot} />
          <ThreadsPanel frames={frames} snapshot={snapshot} />
          <Suggestions frames={frames} />
        </div>
        <div className="terminals">
          {snapshot.kernels.map((k) => (
            <TerminalPanel key={k.index} frames={frames} kernel={k} />
          ))}
        </div>
      </div>
      <Views frames={frames} />
    </>
  );
}

/** The scenario to boot: the page URL's, if it carries a good one, else the default. */
function scenarioOfPage(): { scenarioText: string; broken?: string } {
  const hash = location.hash;
  if (!hasScenarioUrl(hash)) return { scenarioText: defaultScenarioText };
  try {
    return { scenarioText: decodeScenarioUrl(hash).scenarioText };
  } catch (err) {
    return { scenarioText: defaultScenarioText, broken: err instanceof Error ? err.message : String(err) };
  }
}

function BrokenLink({ reason }: { reason: string }) {
  return (
    <section className="notice broken-link" role="alert" data-testid="broken-link">
      <p>This link is broken: {reason}. Showing the default scenario instead.</p>
    </section>
  );
}

export function Playground() {
  const [{ scenarioText, broken }, setScenario] = useState(scenarioOfPage);
  // a new scenario in the URL (pasted, or applied by the scenario editor) boots it
  useEffect(() => {
    const changed = () => {
      const next = scenarioOfPage();
      setScenario((now) => (now.scenarioText === next.scenarioText && now.broken === next.broken ? now : next));
    };
    window.addEventListener('hashchange', changed);
    return () => {
      window.removeEventListener('hashchange', changed);
    };
  }, []);
  return (
    <>
      {broken !== undefined && <BrokenLink reason={broken} />}
      <PlaygroundMachine key={scenarioText} scenarioText={scenarioText} />
    </>
  );
}

function PlaygroundMachine({ scenarioText }: { scenarioText: string }) {
  const { boot, reset } = useBrowserMachine(scenarioText);
  useEffect(() => void loadTerminal(), []); // while the machine boots
  const setRunning = usePlayground((s) => s.setRunning);
  const retry = useCallback(() => {
    setRunning(true);
    reset();
  }, [reset, setRunning]);
  if (boot.status === 'ready')
    return (
      <RunningMachine
        machine={boot.machine}
        frames={boot.frames}
        onReset={reset}
        firstVisit={scenarioText === defaultScenarioText}
      />
    );
  return (
    <>
      <Toolbar machine={undefined} snapshot={undefined} onReset={reset} absent={boot.status} />
      {boot.status === 'booting' ? (
        <p className="status-line" role="status">
          Booting the machine: loading the hart and the programs, starting one worker per kernel…
        </p>
      ) : (
        <section className="notice" role="alert">
          <h2>The machine did not start</h2>
          <pre>{boot.error}</pre>
          <button type="button" className="primary" onClick={retry}>
            Try again
          </button>
        </section>
      )}
    </>
  );
}
