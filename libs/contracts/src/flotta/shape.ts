/**
 * A small structural checker for the Flotta models. The Edge API re-marshals device content through Go
 * structs (docs/contract.md#how-go-puts-models-on-the-wire), so a body is acceptable when every present field has
 * the JSON type Go would decode: `null` is fine anywhere, unknown fields are ignored, enums are not enforced.
 */
export type Shape =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'number'
  | { array: Shape }
  | { map: Shape }
  | { object: Record<string, Shape> };

export const obj = (fields: Record<string, Shape>): Shape => ({ object: fields });
export const arr = (item: Shape): Shape => ({ array: item });
export const map = (value: Shape): Shape => ({ map: value });

function typeName(shape: Shape): string {
  if (typeof shape === 'string') {
    return shape === 'integer' ? 'an integer' : `a ${shape}`;
  }
  return 'array' in shape ? 'an array' : 'an object';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matchesScalar(shape: string, value: unknown): boolean {
  switch (shape) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    default:
      return false;
  }
}

/** Returns the first problem as `path: must be …`, or undefined when the value fits the shape. */
export function findShapeProblem(shape: Shape, value: unknown, path: string): string | undefined {
  if (value === null) {
    return undefined;
  }
  if (typeof shape === 'string') {
    return matchesScalar(shape, value) ? undefined : `${path}: must be ${typeName(shape)}`;
  }
  if ('array' in shape) {
    if (!Array.isArray(value)) {
      return `${path}: must be an array`;
    }
    for (let i = 0; i < value.length; i++) {
      const problem = findShapeProblem(shape.array, value[i], `${path}[${i}]`);
      if (problem) {
        return problem;
      }
    }
    return undefined;
  }
  if (!isPlainObject(value)) {
    return `${path}: must be an object`;
  }
  const entries =
    'map' in shape ? Object.keys(value).map((k) => [k, shape.map] as const) : Object.entries(shape.object);
  for (const [key, fieldShape] of entries) {
    if (key in value) {
      const problem = findShapeProblem(fieldShape, value[key], path ? `${path}.${key}` : key);
      if (problem) {
        return problem;
      }
    }
  }
  return undefined;
}
