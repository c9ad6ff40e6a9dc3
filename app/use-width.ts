// The width of an element in CSS pixels, kept up to date with a ResizeObserver, so a canvas or chart
// fills whatever width the page gives the panel.

import { useLayoutEffect, useState, type RefObject } from 'react';

export function useWidth(ref: RefObject<HTMLElement | null>, initial = 480): number {
  const [width, setWidth] = useState(initial);
  // a layout effect: the element is measured before the first paint, so no frame draws the chart
  // at `initial` (wider than a phone) until the observer's first report
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const style = getComputedStyle(element);
    const content = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (content > 0) setWidth(Math.floor(content)); // as the observer measures: the content box
    // the observer reports the size it starts with, and every change after
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      // hidden (0 wide): keep the width it had
      if (box && box.width > 0) setWidth(Math.floor(box.width));
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, [ref]);
  return width;
}
