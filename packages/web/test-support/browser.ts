import { describe, it } from 'vitest';
import { haveChromium, warnIfMissing } from './browser-launch.js';

export * from './browser-launch.js';

/**
 * Says loudly when Chromium is missing (the suite then skips), and on CI adds a failing test
 * named after `suite` instead: there the browser suites must run.
 */
export function requireChromiumOnCi(suite: string, what: string): void {
  warnIfMissing(what);
  if (!haveChromium && process.env.CI) {
    describe(suite, () => {
      it('has Chromium (CI installs it)', () => {
        throw new Error(`Chromium is missing on CI: the ${suite} must be tested there.`);
      });
    });
  }
}
