#!/usr/bin/env node
// The `corridor` command. Runs the compiled CLI (built by `npm install` or `npm run build`).
import { runCli } from '../dist/main.js';

process.exitCode = await runCli(process.argv.slice(2));
