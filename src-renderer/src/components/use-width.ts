import { useLayoutEffect, useState } from 'react';

/**
 * An element's content width, kept current as the window or a panel beside it changes; 0 until measured. Returns a
 * callback ref, so an element that appears later (a table shown once its rows load) is measured too.
 */
export function useWidth(): [(el: HTMLElement | null) => void, number] {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [el]);
  return [setEl, width];
}

/**
 * Puts an element's full text in its title while the pointer is over it, if the text is cut: tables ellipsize long
 * values, and staff must still be able to read them. An element that has a title of its own keeps it.
 */
export function revealCutText(event: { target: EventTarget | null }): void {
  const el = event.target instanceof HTMLElement ? event.target : null;
  if (!el || el.hasAttribute('title')) return;
  if (el.scrollWidth > el.clientWidth + 1) el.title = (el.textContent ?? '').trim();
}
