import { type Host, NOT_IN_EXCEL, type ThemeName } from './host.ts';

const media = (q: string) => typeof matchMedia === 'function' && matchMedia(q).matches;

/** The system's preference: forced colours (Windows contrast themes) first, then dark or light. */
export function systemTheme(): ThemeName {
  if (media('(forced-colors: active)')) return 'contrast';
  return media('(prefers-color-scheme: dark)') ? 'dark' : 'light';
}

export function watchSystemTheme(listener: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => {};
  const queries = ['(forced-colors: active)', '(prefers-color-scheme: dark)'].map((q) => matchMedia(q));
  for (const q of queries) q.addEventListener('change', listener);
  return () => {
    for (const q of queries) q.removeEventListener('change', listener);
  };
}

const unavailable = () => Promise.reject(new Error(NOT_IN_EXCEL));

/** The pane in an ordinary browser: no workbook. Everything that needs one refuses with the same sentence the
 *  disabled controls show. */
export function createBrowserHost(): Host {
  return {
    kind: 'browser',
    excelUnavailable: NOT_IN_EXCEL,
    theme: systemTheme,
    onThemeChange: (listener) => watchSystemTheme(() => listener(systemTheme())),
    readSelection: unavailable,
    listTables: unavailable,
    readTable: unavailable,
    selectCells: unavailable,
    writeSheet: unavailable,
    recalculatePacsCells: async () => 0,
    getPin: () => null,
    setPin: unavailable,
  };
}
