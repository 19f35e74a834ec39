import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vectorsDir } from '../../../core/test-support/vectors.js';
import { runCli } from '../../test/helpers.js';
import { runFormatsConformance } from './formats.js';

const dir = vectorsDir();

describe.skipIf(!dir)(
  'corridor conformance formats (the shared SHC, NZCP, VDS-NC, DIVOC manifests)',
  () => {
    it('agrees with every entry of the four manifests through the one verify()', async () => {
      const result = await runFormatsConformance(dir!);
      expect(result.failures).toEqual([]);
      expect(Object.keys(result.formats).sort()).toEqual(['divoc', 'nzcp', 'shc', 'vds-nc']);
      expect(result.formats).toMatchObject({
        shc: { entries: 38, passed: 38, uncertain: 10 },
        nzcp: { entries: 8, passed: 8 },
        'vds-nc': { entries: 8, passed: 8 },
        divoc: { entries: 5, passed: 5 },
      });
    });

    it('prints {passed, failed, failures} with --json, and runs one format folder', async () => {
      const r = await runCli(['conformance', 'formats', path.join(dir!, 'nzcp'), '--json']);
      expect(r.code, r.stderr).toBe(0);
      const json = JSON.parse(r.stdout) as { passed: number; failed: number; failures: unknown[] };
      expect(json).toMatchObject({ passed: 8, failed: 0, failures: [] });
    });
  },
);
