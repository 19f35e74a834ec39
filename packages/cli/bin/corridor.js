#!/usr/bin/env node
// The `corridor` command. Runs the compiled CLI (built by `npm install` or `npm run build`).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
