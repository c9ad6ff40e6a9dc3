// The playground: boots the scenario of a shared link (page-scenario.ts) or else the default one
// (two kernels on four harts) and lays out the controls, the machine view and one terminal per
// kernel; while booting, or when booting failed, says so in place of the machine. A broken
// link boots the default scenario under a message saying why (which can be closed), and leaves
// the address bar: reloading or sharing the page must not bring the broken link back.

import { memo, startTransition, Suspense, useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import defaultScenarioText from '../engine/machine/scenarios/two-kernels.json?raw';
import { parseScenario } from '../engine/machine/scenario';
import { hasScenarioUrl } from '../engine/machine/scenario-url';
import type { BrowserMachine } from '../engine/machine/browser/browser-machine';
import { FaultsNotice } from './header/FaultsNotice';
import { InFlightList } from './in-flight/InFlightList';
import { GuidedHint } from './header/GuidedHint';
import { isLessonFragment, lessonInScenario } from './lessons/catalogue';
import type { Lesson } from './lessons/lesson-format';
import { LessonPlayer } from './lessons/LessonPlayer';
import { TeachingLayout } from './layout/TeachingLayout';
import { usePageScenario } from './page-scenario';
import { Presenter } from './presenter/Presenter';
import { SharedRunStatus } from './header/SharedRunStatus';
import { Toolbar } from './header/Toolbar';
import { useMachineSnapshot, type MachineFrames } from './machine/frames';
import { useBrowserMachine } from './machine/use-browser-machine';
import { MachineView } from './machine-view/MachineView';
import { Inspector, MessagesView, NarrationPanel, NetworkView, PagesView, TimelineView } from './lazy-views';
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
        <NetworkView frames={frames} />
      </Suspense>
    </div>
  );
});

function RunningMachine({
  machine,
  frames,
  onReset,
  firstVisit,
  lesson,
  lessonError,
}: {
  machine: BrowserMachine;
  frames: MachineFrames;
  onReset: () => void;
  /** The default scenario, opened without a link: show the guided hint. */
  firstVisit: boolean;
  /** The lesson the scenario carries, told by the lesson player, or why it cannot be told. */
  lesson: Lesson | undefined;
  lessonError: string | undefined;
}) {
  const snapshot = useMachineSnapshot(frames);
  const shared = machine.scenario.sharedAt;
  // while a link replays nothing moves on screen but its progress (replay-frames.ts): the
  // panels and views, costly to draw, come once it arrives, in a render after the one that
  // says so (deferred), so that the verdict does not wait for them
  const arrived = useDeferredValue(!snapshot.replaying);
  const panels = usePanelsAfterTerminals() && arrived && !snapshot.replaying;
  const [lessonClosed, setLessonClosed] = useState(false);
  return (
    <>
      <Toolbar machine={machine} snapshot={snapshot} onReset={onReset} />
      <FaultsNotice faults={machine.scenario.faults} />
      <InFlightList frames={frames} snapshot={snapshot} />
      {shared && <SharedRunStatus shared={shared} snapshot={snapshot} />}
      <Presenter />
      <TeachingLayout lesson={lessonClosed ? undefined : lesson}>
        {lesson && !lessonClosed && (
          <LessonPlayer
            frames={frames}
            lesson={lesson}
            onClose={() => {
              setLessonClosed(true);
            }}
          />
        )}
        {lessonError !== undefined && (
          <p className="notice broken-link" role="alert">
            This scenario’s lesson cannot be told: {lessonError}.
          </p>
        )}
        {firstVisit && <GuidedHint frames={frames} onReset={onReset} />}
        <div className="workspace">
          <div className="side">
            {panels && (
              <>
                <MachineView spec={machine.scenario.machine} snapshot={snapshot} />
                <ThreadsPanel frames={frames} snapshot={snapshot} />
                <Suggestions frames={frames} />
              </>
            )}
          </div>
          <div className="terminals">
            {snapshot.kernels.map((k) => (
              <TerminalPanel key={k.index} frames={frames} kernel={k} />
            ))}
          </div>
        </div>
        {/* below the terminals, which it would push down coming after them (it loads after the
            first paint); in the teaching layout, a place of its own */}
        {panels && (
          <Suspense fallback={null}>
            <NarrationPanel frames={frames} />
          </Suspense>
        )}
        {panels && <Views frames={frames} />}
      </TeachingLayout>
    </>
  );
}

/** Where the machine's panels go above the terminals, not beside them (styles.css, .workspace). */
const ONE_COLUMN = '(max-width: 980px)';

/**
 * Whether to render the panels beside and below the terminals (machine view, threads,
 * suggestions, views): not in the machine's first render, so that its commit is small and the
 * terminals draw their first prompts at once, but right after it, as a transition (which yields
 * to the frames that draw them). Where the panels stand above the terminals they come at once,
 * as they would move the terminals coming later.
 */
function usePanelsAfterTerminals(): boolean {
  const [panels, setPanels] = useState(() => matchMedia(ONE_COLUMN).matches);
  useEffect(() => {
    startTransition(() => {
      setPanels(true);
    });
  }, []);
  return panels;
}

function BrokenLink({ reason, onClose }: { reason: string; onClose: () => void }) {
  return (
    <section className="notice broken-link" role="alert" data-testid="broken-link">
      <p>This link is broken: {reason}. Showing the default scenario instead.</p>
      <button type="button" className="hint-close" aria-label="dismiss this message" onClick={onClose}>
        ×
      </button>
    </section>
  );
}

export function Playground() {
  // a new scenario in the URL (pasted, or applied by the scenario editor) boots it
  const scenario = usePageScenario(defaultScenarioText);
  const broken = scenario?.broken;
  const [dismissed, setDismissed] = useState<string | undefined>();
  useEffect(() => {
    // the page runs the default scenario now: the address says so (replaceState fires no hashchange)
    if (broken !== undefined && (hasScenarioUrl(location.hash) || isLessonFragment(location.hash)))
      history.replaceState(history.state, '', location.pathname + location.search);
  }, [broken]);
  const close = useCallback(() => {
    setDismissed(broken); // the same scenario: nothing reboots
  }, [broken]);
  if (!scenario)
    return (
      <>
        <Toolbar machine={undefined} snapshot={undefined} onReset={() => undefined} />
        <p className="status-line" role="status">
          Opening the link…
        </p>
      </>
    );
  const { scenarioText } = scenario;
  return (
    <>
      {broken !== undefined && broken !== dismissed && <BrokenLink reason={broken} onClose={close} />}
      <PlaygroundMachine key={scenarioText} scenarioText={scenarioText} />
    </>
  );
}

function PlaygroundMachine({ scenarioText }: { scenarioText: string }) {
  const { boot, reset } = useBrowserMachine(scenarioText);
  useEffect(() => void loadTerminal(), []); // while the machine boots
  const setRunning = usePlayground((s) => s.setRunning);
  const show = usePlayground((s) => s.show);
  const lesson = useMemo(() => lessonInScenario(scenarioText), [scenarioText]);
  useEffect(() => {
    // the page's lede describes this machine (a scenario that does not parse fails to boot, and says why)
    try {
      const { machine, shells } = parseScenario(scenarioText);
      show({ machine, shells });
    } catch {
      show(undefined);
    }
  }, [scenarioText, show]);
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
        lesson={lesson.lesson}
        lessonError={lesson.error}
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
