/** The PACS.* custom functions: argument validation from the catalogue, one table from errors to #VALUE! / #N/A
 *  with a message, results shaped for Excel, and registration with Excel's custom-functions runtime. */

export { ArgumentError, NotConfiguredError, PreviewError } from './argumentError.ts';
export { parseArguments } from './arguments.ts';
export type { ParsedArguments } from './arguments.ts';
export { describeForExcel, toExcelError } from './excelErrors.ts';
export type { CustomFunctionsHost, ErrorCodes, Invocation } from './host.ts';
export { registerFunctions } from './register.ts';
export type { FunctionDependencies } from './register.ts';
export { toExcelValue } from './results.ts';
