import { FUNCTIONS, type FunctionSpec } from '../../shared/contract/operations/index.ts';

/* Excel's custom-function metadata (functions.json), generated from the catalogue in the same shape Microsoft's
 * custom-functions-metadata generator writes from JSDoc (a test checks this against that generator). Documented
 * enumerations become custom enums (AutoComplete lists; older Excel ignores them and takes the text). */

export interface ParameterMetadata {
  name: string;
  description: string;
  type: string;
  optional?: true;
  dimensionality?: 'matrix';
  customEnumId?: string;
}

export interface FunctionMetadata {
  id: string;
  name: string;
  description: string;
  parameters: ParameterMetadata[];
  result: { type?: string; dimensionality?: 'matrix' };
  options: { cancelable?: true; stream?: true };
}

export interface EnumMetadata {
  id: string;
  type: 'string';
  values: { name: string; stringValue: string; tooltip: string }[];
}

export interface FunctionsMetadata {
  functions: FunctionMetadata[];
  enums?: EnumMetadata[];
}

/** The id of a parameter's enumeration: CAPITATION_MEASURE, BUDGET_BY, ... */
export const enumId = (fn: FunctionSpec, parameter: string) => `${fn.id}_${parameter.toUpperCase()}`;
/** An enum member name must be an identifier: 'G&A WP' -> G_A_WP. */
export const memberName = (value: string) =>
  value
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

export function functionsMetadata(catalogue: readonly FunctionSpec[] = FUNCTIONS): FunctionsMetadata {
  const enums: EnumMetadata[] = [];
  const functions = catalogue.map((fn): FunctionMetadata => {
    const parameters = fn.parameters.map((p): ParameterMetadata => {
      const meta: ParameterMetadata = { name: p.name, description: p.description, type: p.type };
      if (p.optional) meta.optional = true;
      if (p.dimensionality === 'matrix') meta.dimensionality = 'matrix';
      if (p.enum) {
        meta.customEnumId = enumId(fn, p.name);
        enums.push({
          id: meta.customEnumId,
          type: 'string',
          values: p.enum.map((e) => ({
            name: memberName(e.value),
            stringValue: e.value,
            tooltip: e.description,
          })),
        });
      }
      return meta;
    });
    return {
      id: fn.id,
      name: fn.id,
      description: fn.description,
      parameters,
      result: fn.result.dimensionality === 'matrix' ? { dimensionality: 'matrix' } : { type: fn.result.type },
      // Every PACS function waits on the service: streaming ones report progress, the rest can be cancelled
      // when their cell changes so the gateway drops calls nobody waits for.
      options: fn.stream ? { stream: true } : { cancelable: true },
    };
  });
  return enums.length > 0 ? { functions, enums } : { functions };
}
