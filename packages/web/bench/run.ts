import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { measureWeb } from './measure-web.js';

// Measures the web app in Chromium for `corridor bench web`, which runs this file with tsx:
//   node --conditions=source --import tsx packages/web/bench/run.ts [--rounds N] [--warm N] [--out FILE]
// The figures go to FILE as JSON (to standard output without --out); the Vite build that may
// come first writes its own lines to standard output, so the CLI passes --out.
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '30' },
    warm: { type: 'string', default: '10' },
    out: { type: 'string' },
  },
});
const figures = await measureWeb({ rounds: Number(values.rounds), warm: Number(values.warm) });
const json = `${JSON.stringify(figures, null, 2)}\n`;
if (values.out) await writeFile(values.out, json);
else process.stdout.write(json);
