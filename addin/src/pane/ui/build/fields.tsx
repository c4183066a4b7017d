import { Field, Input } from '@fluentui/react-components';
import { useEffect, useState } from 'react';

const shown = (v: number | undefined, scale: number) =>
  v === undefined ? '' : String(Number((v * scale).toPrecision(12)));

/** A number typed as the user reads it (percent, GBP, years) and stored as the scenario holds it (a decimal rate,
 *  pounds). Text that is not a number stays in the box with a message and changes nothing. */
export function NumberField(props: {
  label: string;
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  /** 100 for a percentage stored as a decimal. */
  scale?: number;
  unit?: string;
  hint?: string;
  optional?: boolean;
  testId?: string;
}) {
  const scale = props.scale ?? 1;
  const [text, setText] = useState(shown(props.value, scale));
  const [error, setError] = useState<string | null>(null);
  // Only an outside change of the value resets the text (text is the local edit).
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    const parsed = Number(text);
    if (text === '' ? props.value !== undefined : parsed / scale !== props.value)
      setText(shown(props.value, scale));
  }, [props.value, scale]);
  return (
    <Field
      label={props.unit ? `${props.label} (${props.unit})` : props.label}
      size="small"
      hint={props.hint}
      validationState={error ? 'error' : 'none'}
      validationMessage={error ?? undefined}
    >
      <Input
        size="small"
        inputMode="decimal"
        value={text}
        data-testid={props.testId}
        onChange={(_, d) => {
          setText(d.value);
          const t = d.value.trim().replace(/,/g, '');
          if (t === '' && props.optional) {
            setError(null);
            props.onChange(undefined);
            return;
          }
          const n = Number(t);
          if (t === '' || !Number.isFinite(n)) {
            setError('Enter a number');
            return;
          }
          setError(null);
          props.onChange(n / scale);
        }}
      />
    </Field>
  );
}

/** A rate that may be one number or one per year: per-year lists show as their first year until edited. */
export function perYearFirst(v: number | number[] | undefined): number | undefined {
  return Array.isArray(v) ? v[0] : v;
}
