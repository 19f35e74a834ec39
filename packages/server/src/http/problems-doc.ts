import { PROBLEMS, type ProblemDefinition } from './problems.js';

/**
 * `docs/problems.md`: every HTTP problem code, its statuses and meaning, from {@link PROBLEMS}
 * (`npx corridor problems > docs/problems.md`; a test fails when the file is stale).
 */
export function problemsMarkdown(): string {
  const lines = [
    '# HTTP problem codes',
    '',
    'Every refusal of a Corridor service (gateway, national node) is `application/problem+json`',
    '(RFC 9457): `{ type, title, status, detail, instance?, errors? }`. `title` is one of the codes',
    'below; branch on it, never on `detail`. `errors` lists field-level problems',
    '(`{ path, code, message }`, a JSON pointer into the request body) where a body was refused.',
    '',
    'Generated from `packages/server/src/http/problems.ts` by `npx corridor problems`; a test',
    'fails when this file is stale.',
    '',
    '| code | status | meaning |',
    '|---|---|---|',
  ];
  for (const [code, def] of Object.entries(PROBLEMS) as [string, ProblemDefinition][]) {
    lines.push(
      `| \`${code}\` | ${def.statuses.join(', ')} | ${def.meaning.replace(/\|/g, '\\|')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
