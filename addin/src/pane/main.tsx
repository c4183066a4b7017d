import { createRoot } from 'react-dom/client';
import { createBrowserHost } from './host/browserHost.ts';
import { createExcelHost } from './host/excelHost.ts';
import type { Host, ThemeName } from './host/host.ts';
import { apiUrlFrom, createServices, namespaceFrom } from './services/runtime.ts';
import { App } from './ui/App.tsx';
import { Store } from './ui/store.ts';

declare const __PACS_DEFAULT_API__: string;

/** Excel when Office.js loaded and says so; otherwise (an ordinary browser, or Office.js unreachable) the
 *  browser host. Office.onReady never resolving must not leave the pane blank: give it a few seconds. */
async function detectHost(): Promise<Host> {
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') return createBrowserHost();
  const info = await Promise.race([
    Office.onReady(),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000)),
  ]);
  return info?.host === Office.HostType.Excel ? createExcelHost() : createBrowserHost();
}

/** `?theme=light|dark|contrast` fixes the theme (screenshots, tests); otherwise the host's. */
function withThemeOverride(host: Host, search: string): Host {
  const t = new URLSearchParams(search).get('theme');
  if (t !== 'light' && t !== 'dark' && t !== 'contrast') return host;
  const theme = t as ThemeName;
  return { ...host, theme: () => theme, onThemeChange: () => () => {} };
}

async function start() {
  const root = createRoot(document.getElementById('root')!);
  const host = withThemeOverride(await detectHost(), location.search);
  const namespace = namespaceFrom(location.search);
  try {
    const services = await createServices(host, {
      apiUrl: apiUrlFrom(location.search, __PACS_DEFAULT_API__),
      ...(namespace ? { namespace } : {}),
    });
    const store = new Store({ pin: host.getPin() });
    root.render(<App services={services} store={store} />);
  } catch (e) {
    root.render(
      <main>
        <h1>PACS Capitation</h1>
        <p role="alert">The PACS add-in could not start: {(e as Error).message}</p>
      </main>,
    );
  }
}

void start();
