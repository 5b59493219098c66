/**
 * Kubernetes label selectors (`a=b,c!=d,e,!f,g in (h,i),j notin (k)`), parsed strictly: anything else is an
 * error naming the bad part. Shared by device listing and workload targeting.
 */
export type Requirement =
  { key: string; op: 'in' | 'notin'; values: string[] } | { key: string; op: 'exists' | 'notexists' };

export class LabelSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelSelectorError';
  }
}

const KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

export function isLabelKey(key: string): boolean {
  return key.length <= 316 && KEY.test(key);
}

export function isLabelValue(value: string): boolean {
  return VALUE.test(value);
}

function checkKey(key: string): string {
  if (!isLabelKey(key)) {
    throw new LabelSelectorError(`invalid label key "${key}"`);
  }
  return key;
}

function checkValue(value: string): string {
  if (!isLabelValue(value)) {
    throw new LabelSelectorError(`invalid label value "${value}"`);
  }
  return value;
}

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
    }
    if (depth < 0) {
      throw new LabelSelectorError('unbalanced parentheses');
    }
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (depth !== 0) {
    throw new LabelSelectorError('unbalanced parentheses');
  }
  terms.push(current.trim());
  return terms;
}

function parseTerm(term: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(term);
  if (set) {
    const values = set[3].split(',').map((v) => checkValue(v.trim()));
    return { key: checkKey(set[1]), op: set[2] as 'in' | 'notin', values };
  }
  const eq = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (eq) {
    return { key: checkKey(eq[1]), op: eq[2] === '!=' ? 'notin' : 'in', values: [checkValue(eq[3])] };
  }
  if (term.startsWith('!')) {
    return { key: checkKey(term.slice(1).trim()), op: 'notexists' };
  }
  if (/^\S+$/.test(term)) {
    return { key: checkKey(term), op: 'exists' };
  }
  throw new LabelSelectorError(`cannot parse "${term}"`);
}

export function parseLabelSelector(selector: string): Requirement[] {
  if (selector.length > 4096) {
    throw new LabelSelectorError('selector is longer than 4096 characters');
  }
  if (selector.trim() === '') {
    return [];
  }
  return splitTerms(selector).map((term) => {
    if (term === '') {
      throw new LabelSelectorError('empty term');
    }
    return parseTerm(term);
  });
}

export function matchesRequirements(labels: Record<string, string>, requirements: Requirement[]): boolean {
  return requirements.every((r) => {
    const present = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case 'exists':
        return present;
      case 'notexists':
        return !present;
      case 'in':
        return present && r.values.includes(labels[r.key]);
      case 'notin':
        return !present || !r.values.includes(labels[r.key]);
    }
  });
}
