import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { type KeyboardEvent, useRef } from 'react';

const useStyles = makeStyles({
  list: { display: 'flex', flexWrap: 'wrap', gap: '2px', margin: '6px 0 8px' },
  tab: {
    appearance: 'none',
    border: 'none',
    borderBottom: '3px solid transparent',
    backgroundColor: 'transparent',
    color: tokens.colorNeutralForeground2,
    fontFamily: 'inherit',
    fontSize: tokens.fontSizeBase300,
    padding: '6px 8px 4px',
    cursor: 'pointer',
    ':hover': { color: tokens.colorNeutralForeground1, backgroundColor: tokens.colorSubtleBackgroundHover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
    // Contrast themes force border colours: keep the unselected tabs' bar invisible there too.
    '@media (forced-colors: active)': { borderBottomColor: 'Canvas' },
  },
  selected: {
    color: tokens.colorNeutralForeground1,
    fontWeight: tokens.fontWeightSemibold,
    borderBottomColor: tokens.colorCompoundBrandStroke,
    '@media (forced-colors: active)': { borderBottomColor: 'Highlight' },
  },
});

/** The views' tab list, after the WAI-ARIA tabs pattern with manual activation: Tab enters at the selected tab,
 *  the arrow keys (and Home/End) move between tabs, Enter or Space opens one. Written here rather than Fluent's
 *  TabList, whose focus sentinels are focusable elements under aria-hidden (axe: aria-hidden-focus). */
export function Tabs<T extends string>(props: {
  label: string;
  tabs: { id: T; label: string }[];
  selected: T;
  onSelect: (id: T) => void;
  panelId: string;
}) {
  const s = useStyles();
  const refs = useRef(new Map<T, HTMLButtonElement>());
  const move = (e: KeyboardEvent, i: number) => {
    const n = props.tabs.length;
    const to =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? (i + 1) % n
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? (i - 1 + n) % n
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    refs.current.get(props.tabs[to]!.id)?.focus();
  };
  return (
    <div role="tablist" aria-label={props.label} className={s.list}>
      {props.tabs.map((t, i) => {
        const on = t.id === props.selected;
        return (
          <button
            key={t.id}
            ref={(el) => {
              if (el) refs.current.set(t.id, el);
              else refs.current.delete(t.id);
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={on}
            aria-controls={on ? props.panelId : undefined}
            tabIndex={on ? 0 : -1}
            className={mergeClasses(s.tab, on && s.selected)}
            onClick={() => props.onSelect(t.id)}
            onKeyDown={(e) => move(e, i)}
          >
            {t.label}
          </button>
        );
      })}
    </div>
  );
}
