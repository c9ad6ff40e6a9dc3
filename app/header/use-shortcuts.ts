// Keyboard shortcuts: space runs or pauses, "." steps one epoch, "m" steps to the next message.
// They stay out of the way of typing: nothing fires while the focus is in a terminal or a form
// control (where space has a meaning of its own), or with a modifier held.

import { useEffect } from 'react';

function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return target.closest('.xterm, input, textarea, select, button, [contenteditable]') !== null;
}

export function useShortcuts(
  actions: { toggle: () => void; step: () => void; stepToMessage: () => void } | undefined,
): void {
  useEffect(() => {
    if (!actions) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingInto(e.target)) return;
      if (e.key === ' ') {
        e.preventDefault(); // no page scroll
        if (!e.repeat) actions.toggle();
      } else if (e.key === '.') {
        e.preventDefault();
        actions.step();
      } else if (e.key === 'm') {
        e.preventDefault();
        actions.stepToMessage();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [actions]);
}
