// The part of fast-formula-parser 1.0.19 (MIT) the recalculation host uses; the package ships no types.
declare module 'fast-formula-parser' {
  interface CellRef {
    sheet: string;
    row: number;
    col: number;
  }
  interface RangeRef {
    sheet: string;
    from: { row: number; col: number };
    to: { row: number; col: number };
  }
  export interface FunctionArg {
    value: unknown;
    isArray?: boolean;
    isRangeRef?: boolean;
    isCellRef?: boolean;
    omitted?: boolean;
  }
  export class FormulaError extends Error {
    constructor(error: string, msg?: string, details?: unknown);
    readonly error: string;
    static readonly NA: FormulaError;
    static readonly VALUE: FormulaError;
  }
  export class DepParser {
    constructor(config?: { onVariable?: (name: string, sheet: string) => unknown });
    parse(formula: string, position: CellRef): (CellRef | RangeRef)[];
  }
  export default class FormulaParser {
    constructor(config: {
      functions?: Record<string, (...args: FunctionArg[]) => unknown>;
      onCell?: (ref: CellRef) => unknown;
      onRange?: (ref: RangeRef) => unknown[][];
    });
    static DepParser: typeof DepParser;
    static FormulaError: typeof FormulaError;
    parseAsync(formula: string, position: CellRef, allowReturnArray?: boolean): Promise<unknown>;
  }
}
