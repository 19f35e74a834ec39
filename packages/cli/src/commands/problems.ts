import { problemsMarkdown } from '@corridor/server/http';

/** `corridor problems`: the HTTP problem codes as Markdown (`docs/problems.md` is its output). */
export async function problemsCommand(_args: string[]): Promise<number> {
  process.stdout.write(problemsMarkdown());
  return 0;
}
