import { CST, type Document, isScalar, Lexer, type LineCounter, Parser, visit } from 'yaml';

/**
 * Guards around the YAML library for hostile streams. It composes documents recursively, and a stream nested a
 * few thousand levels deep exhausts the stack (V8 may then abort the whole process, not just throw); its unique-key
 * check is quadratic (60,000 keys in one map: 40 s of blocked event loop). Depth is therefore checked on the CST,
 * which the parser builds without recursion, before anything is composed; unique keys are checked here in linear time.
 */
export class YamlLimitError extends Error {
  constructor(
    message: string,
    /** Index of the document (among the stream's documents) and offset in the text where the limit was hit. */
    readonly document: number,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'YamlLimitError';
  }
}

const deeperThan = (maxDepth: number): string => `nests deeper than ${maxDepth} levels`;

/** The first collection nested deeper than `maxDepth`, walking the CST with a stack of its own. */
function findDeepCollection(document: CST.Document, maxDepth: number): CST.Token | undefined {
  const pending: [CST.Token, number][] = document.value ? [[document.value, 0]] : [];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [token, depth] = next;
    if (!CST.isCollection(token)) {
      continue;
    }
    if (depth >= maxDepth) {
      return token;
    }
    for (const item of token.items) {
      for (const child of [item.key, item.value]) {
        if (child) {
          pending.push([child, depth + 1]);
        }
      }
    }
  }
  return undefined;
}

/**
 * Lexes and parses `text` to CST tokens, for `Composer.compose`. Flow collections (`[`, `{`) deeper than
 * `maxDepth` are refused as they open, before the parser builds them; block collections, whose depth costs
 * indentation, once each document is parsed.
 */
export function parseTokens(text: string, maxDepth: number, lineCounter: LineCounter): CST.Token[] {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  const tokens: CST.Token[] = [];
  let documents = 0;
  const take = (produced: Iterable<CST.Token>): void => {
    for (const token of produced) {
      tokens.push(token);
      if (token.type !== 'document') {
        continue;
      }
      const deep = findDeepCollection(token, maxDepth);
      if (deep) {
        throw new YamlLimitError(deeperThan(maxDepth), documents, deep.offset);
      }
      documents++;
    }
  };
  let flowDepth = 0;
  for (const lexeme of new Lexer().lex(text)) {
    const type = CST.tokenType(lexeme);
    if (type === 'flow-map-start' || type === 'flow-seq-start') {
      flowDepth++;
      if (flowDepth > maxDepth) {
        throw new YamlLimitError(deeperThan(maxDepth), documents, parser.offset);
      }
    } else if (type === 'flow-map-end' || type === 'flow-seq-end') {
      flowDepth--;
    } else if (type === 'flow-error-end' || type === 'doc-start') {
      flowDepth = 0;
    }
    take(parser.next(lexeme));
  }
  take(parser.end());
  return tokens;
}

/** The first key repeated in its map, as a JS object would see it (`1` and `"1"` are the same key). */
export function findDuplicateKey(document: Document): { key: string; offset: number } | undefined {
  let found: { key: string; offset: number } | undefined;
  visit(document, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(key)) {
          found = { key, offset: isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0 };
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

/** The path of a `__proto__` key, or of a `constructor` key holding `prototype`: what JSON bodies may not have. */
export function findPrototypeKey(value: unknown, path: string): string | undefined {
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    const isCtorPrototype =
      key === 'constructor' && item !== null && typeof item === 'object' && 'prototype' in item;
    if (key === '__proto__' || isCtorPrototype) {
      return at;
    }
    const found = findPrototypeKey(item, at);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}
