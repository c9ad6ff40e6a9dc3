// Which scenario the page boots: the one its URL's fragment carries (a share link, or what the
// scenario editor applied), else the default. Decoding a link is asynchronous (links are
// compressed), so usePageScenario() gives undefined while a link is being opened; a page without
// a link knows its scenario at once. A broken link gives the default scenario and why.

import { useEffect, useState } from 'react';
import { parseScenario } from '../engine/machine/scenario';
import { decodeScenarioUrl, hasScenarioUrl } from '../engine/machine/scenario-url';
import { isLessonFragment, lessonOfFragment } from './lessons/catalogue';

export interface PageScenario {
  scenarioText: string;
  /** Why the URL's link could not be opened (then scenarioText is the default scenario). */
  broken?: string;
}

/**
 * How many kernel workers the page can start before it renders: the default scenario's kernels
 * when the URL carries no link (a link's scenario is known only once it is decoded).
 */
export function kernelsKnownAtLoad(hash: string, defaultText: string): number {
  return hasScenarioUrl(hash) || isLessonFragment(hash) ? 0 : parseScenario(defaultText).machine.kernels.length;
}

/** The scenario that URL fragment `hash` asks for. */
export async function scenarioOfFragment(hash: string, defaultText: string): Promise<PageScenario> {
  const lesson = lessonOfFragment(hash);
  if (lesson)
    return 'missing' in lesson
      ? { scenarioText: defaultText, broken: lesson.missing }
      : { scenarioText: lesson.scenarioText };
  if (!hasScenarioUrl(hash)) return { scenarioText: defaultText };
  try {
    return { scenarioText: (await decodeScenarioUrl(hash)).scenarioText };
  } catch (err) {
    return { scenarioText: defaultText, broken: err instanceof Error ? err.message : String(err) };
  }
}

/** The page's scenario, following the URL's fragment as it changes; undefined while a link is decoded. */
export function usePageScenario(defaultText: string): PageScenario | undefined {
  const [scenario, setScenario] = useState<PageScenario | undefined>(() => {
    const lesson = lessonOfFragment(location.hash);
    if (lesson)
      return 'missing' in lesson
        ? { scenarioText: defaultText, broken: lesson.missing }
        : { scenarioText: lesson.scenarioText };
    return hasScenarioUrl(location.hash) ? undefined : { scenarioText: defaultText };
  });
  useEffect(() => {
    let latest = 0; // the newest fragment wins, however long the ones before take to decode
    let live = true;
    const follow = () => {
      const ticket = ++latest;
      void scenarioOfFragment(location.hash, defaultText).then((next) => {
        if (!live || ticket !== latest) return;
        setScenario((now) => (now?.scenarioText === next.scenarioText && now.broken === next.broken ? now : next));
      });
    };
    if (hasScenarioUrl(location.hash)) follow();
    window.addEventListener('hashchange', follow);
    return () => {
      live = false;
      window.removeEventListener('hashchange', follow);
    };
  }, [defaultText]);
  return scenario;
}
