import { type ApiProblem, asProblem } from './api.js';

/**
 * One row action of a staff page: clear the last problem, make the call, say it is done (`done`,
 * or what `done` makes of the call's answer) and reload the list, or show the call's coded
 * problem. `fail` replaces the default display.
 */
export function rowAction(page: {
  setProblem: (problem: ApiProblem | undefined) => void;
  setNotice: (notice: string) => void;
  reload: () => Promise<unknown>;
  fail?: (error: unknown) => void;
}): <T>(call: () => Promise<T>, done: string | ((answer: T) => string)) => Promise<void> {
  return async (call, done) => {
    page.setProblem(undefined);
    try {
      const answer = await call();
      page.setNotice(typeof done === 'string' ? done : done(answer));
      await page.reload();
    } catch (error) {
      if (page.fail) page.fail(error);
      else page.setProblem(asProblem(error));
    }
  };
}
