import { Button, type ButtonProps, Text, makeStyles, tokens } from '@fluentui/react-components';
import { type ReactNode, useId } from 'react';
import { usePane } from './context.tsx';

const useStyles = makeStyles({
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    // Buttons keep their own width in the narrow pane; tables, charts and fields take the full width.
    '& > button, & > span': { alignSelf: 'flex-start' },
  },
  h3: { fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, margin: '6px 0 0' },
  why: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  row: { display: 'flex', gap: '8px', alignItems: 'flex-end', flexWrap: 'wrap' },
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    fontSize: tokens.fontSizeBase200,
    '& th, & td': {
      borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
      padding: '3px 4px',
      textAlign: 'left',
      verticalAlign: 'top',
    },
    '& th': { fontWeight: tokens.fontWeightSemibold },
    '& td.num, & th.num': { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  },
  details: {
    '& > summary': { cursor: 'pointer', padding: '2px 0', fontSize: tokens.fontSizeBase200 },
    '& > summary:focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
});

export function Section({ title, children, label }: { title: string; children: ReactNode; label?: string }) {
  const s = useStyles();
  const id = useId();
  return (
    <section className={s.section} aria-labelledby={id} data-section={label ?? title}>
      <h3 id={id} className={s.h3}>
        {title}
      </h3>
      {children}
    </section>
  );
}

export function Row({ children }: { children: ReactNode }) {
  return <div className={useStyles().row}>{children}</div>;
}

/** The id of the one sentence saying why workbook actions are unavailable (shown once, under the header). */
export const EXCEL_ONLY_ID = 'excel-only-reason';

/** A workbook action: enabled in Excel; outside it disabled yet focusable (a keyboard user still finds it) and
 *  described by the sentence saying why. */
export function ExcelButton(props: ButtonProps & { children: ReactNode }) {
  const { host } = usePane().services;
  const reason = host.excelUnavailable;
  return (
    <Button
      {...props}
      disabled={!reason && props.disabled}
      disabledFocusable={!!reason}
      aria-describedby={reason ? EXCEL_ONLY_ID : undefined}
    />
  );
}

export function DataTable({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <table className={useStyles().table}>
      <caption className="sr-only">{caption}</caption>
      {children}
    </table>
  );
}

export function Details({
  summary,
  children,
  open,
}: { summary: string; children: ReactNode; open?: boolean }) {
  return (
    <details className={useStyles().details} open={open}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

/** 1..n, for contract-year choices. */
export const yearsUpTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** `<option>`s for contract years 1..n. */
export function YearOptions({ count, prefix = 'Year ' }: { count: number; prefix?: string }) {
  return (
    <>
      {yearsUpTo(count).map((y) => (
        <option key={y} value={y}>
          {prefix}
          {y}
        </option>
      ))}
    </>
  );
}

export function Muted({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <Text as="p" className={useStyles().why} data-testid={testId}>
      {children}
    </Text>
  );
}
