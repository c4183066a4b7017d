/** One step of the derivation of a figure: what was computed, by which rule, from which inputs. A list of steps
 *  travels with every result so any number can be explained (later PACS.EXPLAIN in Excel). */
export interface Step {
  /** Stable key of the figure, e.g. `budget.contractValue` or `settle.corridor.providerShare`. */
  figure: string;
  /** Method section in capitation-method.md, e.g. `B7`. */
  rule: string;
  /** The formula in words or symbols. */
  formula: string;
  inputs: Record<string, number | string | boolean | null>;
  value: number;
  /** Units of the value: GBP, GBP per person per year, person-years, rate. */
  unit: 'GBP' | 'GBP_PPPY' | 'person_years' | 'rate' | 'index' | 'count';
}
