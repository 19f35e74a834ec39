import { measureWeb } from './measure-web.js';

// Prints the web app's figures: `npx tsx --conditions=source packages/web/bench/run.ts [rounds]`.
const rounds = Number(process.argv[2] ?? 30);
const figures = await measureWeb({ rounds });
console.log(JSON.stringify(figures, null, 2));
