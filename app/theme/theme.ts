// Which theme the page shows: the visitor's choice (light or dark, kept in localStorage), or
// else what the system prefers (prefers-color-scheme), followed as it changes. The theme is the
// root element's data-theme, which app/theme/themes.css keys its colours on; index.html sets it
// before the first paint with the same rule, so the page never flashes the other theme. The
// canvases and the terminals subscribe, to repaint in the new colours.

import { useSyncExternalStore } from 'react';

export type Theme = 'light' | 'dark';
/** The visitor's choice: a theme, or "system" to follow prefers-color-scheme. */
export type ThemeChoice = Theme | 'system';

/** Where the choice is kept; index.html's first script reads the same key. */
export const THEME_KEY = 'popcorn-theme';

const LIGHT_QUERY = '(prefers-color-scheme: light)';

/** The stored choice; "system" when none is stored, or storage is off. */
export function storedChoice(): ThemeChoice {
  try {
    const value = localStorage.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

function systemTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia(LIGHT_QUERY).matches ? 'light' : 'dark';
}

/** The theme a choice shows now. */
export function resolveTheme(choice: ThemeChoice): Theme {
  return choice === 'system' ? systemTheme() : choice;
}

const listeners = new Set<() => void>();
let choice: ThemeChoice = storedChoice();

/** Sets the root's data-theme to the theme shown now, and tells the subscribers. */
export function applyTheme(): void {
  const theme = resolveTheme(choice);
  const root = document.documentElement;
  if (root.dataset.theme !== theme) root.dataset.theme = theme;
  for (const listener of listeners) listener();
}

/** Shows `next` and remembers it (if storage allows; the page follows it either way). */
export function chooseTheme(next: ThemeChoice): void {
  choice = next;
  try {
    if (next === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, next);
  } catch {
    // storage is off: the choice lasts as long as the page
  }
  applyTheme();
}

let watching = false;

/** Follows the system's preference and choices made in other tabs, from the first subscriber on. */
function watch(): void {
  if (watching) return;
  watching = true;
  if (typeof matchMedia === 'function')
    matchMedia(LIGHT_QUERY).addEventListener('change', () => {
      if (choice === 'system') applyTheme();
    });
  window.addEventListener('storage', (event) => {
    if (event.key !== THEME_KEY && event.key !== null) return;
    choice = storedChoice();
    applyTheme();
  });
}

/** Calls `listener` whenever the theme or the choice changes; returns the unsubscribe. */
export function subscribeTheme(listener: () => void): () => void {
  watch();
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The theme shown now. */
export function currentTheme(): Theme {
  return resolveTheme(choice);
}

export function currentChoice(): ThemeChoice {
  return choice;
}

/** The theme shown now, re-rendering when it changes. */
export function useTheme(): Theme {
  return useSyncExternalStore(subscribeTheme, currentTheme);
}

export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore(subscribeTheme, currentChoice);
}
