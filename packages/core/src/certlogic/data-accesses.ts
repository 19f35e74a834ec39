import { isDictionary } from './types.js';

/**
 * The `var` paths an expression can read from its data context, in first-seen order without
 * duplicates. Paths inside a `reduce` lambda are left out: they read the lambda's own context
 * (`current`, `accumulator`), not the data. The expression should be valid (see
 * `validateCertLogic`); walking stops at `maxDepth` so hostile input stays cheap.
 */
export function dataAccesses(expr: unknown, maxDepth = 256): string[] {
  const paths = new Set<string>();
  const walk = (node: unknown, depth: number): void => {
    if (depth > maxDepth) return;
    if (Array.isArray(node)) {
      for (const item of node) walk(item, depth + 1);
      return;
    }
    if (!isDictionary(node)) return;
    const keys = Object.keys(node);
    if (keys.length !== 1) return;
    const operator = keys[0] as string;
    const values = node[operator];
    if (operator === 'var') {
      if (typeof values === 'string') paths.add(values);
      return;
    }
    if (!Array.isArray(values)) return;
    if (operator === 'reduce') {
      walk(values[0], depth + 1);
      walk(values[2], depth + 1);
      return;
    }
    for (const value of values) walk(value, depth + 1);
  };
  walk(expr, 0);
  return [...paths];
}
