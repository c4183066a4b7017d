import {
  FluentProvider,
  MessageBar,
  MessageBarBody,
  makeStyles,
  teamsHighContrastTheme,
  tokens,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ThemeName } from '../host/host.ts';
import type { PaneServices } from '../services/runtime.ts';
import { PaneContext } from './context.tsx';
import { EXCEL_ONLY_ID } from './parts.tsx';
import { Header } from './Header.tsx';
import { ScenarioBar } from './ScenarioBar.tsx';
import { Tabs } from './Tabs.tsx';
import { type Store, type View, useStore } from './store.ts';
import { BuildView } from './views/BuildView.tsx';
import { ContractView } from './views/ContractView.tsx';
import { LibraryView } from './views/LibraryView.tsx';
import { RiskView } from './views/RiskView.tsx';
import { WorkbookView } from './views/WorkbookView.tsx';

const THEMES = { light: webLightTheme, dark: webDarkTheme, contrast: teamsHighContrastTheme };

const VIEWS: { id: View; label: string; title: string }[] = [
  { id: 'contract', label: 'Form', title: 'Contract form' },
  { id: 'build', label: 'Build', title: 'Build a scenario' },
  { id: 'library', label: 'Library', title: 'Scenario library' },
  { id: 'risk', label: 'Risk', title: 'Risk' },
  { id: 'workbook', label: 'Workbook', title: 'Write to workbook' },
];

const useStyles = makeStyles({
  root: {
    minHeight: '100vh',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
  },
  page: { maxWidth: '450px', minWidth: '300px', margin: '0 auto', padding: '0 10px 24px' },
  main: { display: 'flex', flexDirection: 'column', gap: '12px' },
  h2: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: '4px 0 0' },
});

export function App({ services, store }: { services: PaneServices; store: Store }) {
  const [theme, setTheme] = useState<ThemeName>(() => services.host.theme());
  useEffect(() => services.host.onThemeChange(setTheme), [services.host]);
  const s = useStyles();
  const view = useStore(store, (x) => x.view);
  const notice = useStore(store, (x) => x.notice);
  const current = VIEWS.find((v) => v.id === view)!;
  return (
    <PaneContext.Provider value={{ services, store }}>
      <FluentProvider theme={THEMES[theme]} className={s.root} data-theme={theme}>
        <div className={s.page}>
          <Header />
          <ScenarioBar />
          <nav aria-label="Pane views">
            <Tabs
              label="Pane views"
              tabs={VIEWS}
              selected={view}
              onSelect={(v) => store.set({ view: v })}
              panelId="view"
            />
          </nav>
          {services.host.excelUnavailable && (
            <MessageBar intent="info" layout="multiline">
              <MessageBarBody id={EXCEL_ONLY_ID} data-testid="excel-only">
                {services.host.excelUnavailable}
              </MessageBarBody>
            </MessageBar>
          )}
          <div aria-live="polite">
            {notice && (
              <MessageBar intent={notice.intent} layout="multiline" data-testid="notice">
                <MessageBarBody>{notice.text}</MessageBarBody>
              </MessageBar>
            )}
          </div>
          <main id="view" role="tabpanel" aria-labelledby={`tab-${view}`} className={s.main}>
            <h2 className={s.h2}>{current.title}</h2>
            {view === 'contract' && <ContractView />}
            {view === 'build' && <BuildView />}
            {view === 'library' && <LibraryView />}
            {view === 'risk' && <RiskView />}
            {view === 'workbook' && <WorkbookView />}
          </main>
        </div>
      </FluentProvider>
    </PaneContext.Provider>
  );
}
