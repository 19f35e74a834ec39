import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeFailure } from '../src/lib/failure.js';
import { COMMAND_USAGE, UsageError } from '../src/lib/usage.js';
import { main } from '../src/main.js';
import { CLI, runCli, tempDir, writeTemp } from './helpers.js';

let out: string[];
let err: string[];

beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

const commands = Object.keys(COMMAND_USAGE);

describe('corridor <command> --help', () => {
  it.each(commands.flatMap((c) => [[c, '--help'] as const, [c, '-h'] as const]))(
    'corridor %s %s prints that command’s help and exits 0',
    async (command, flag) => {
      expect(await main([command, flag])).toBe(0);
      const text = out.join('');
      expect(text).toMatch(/^Usage:\n/);
      expect(text).toContain(`corridor ${command}`);
      // Only this command: no other command's lines.
      for (const other of commands.filter((c) => c !== command && c !== 'help'))
        expect(text).not.toContain(`  corridor ${other} `);
      expect(err.join('')).toBe('');
    },
  );

  it('finds --help after other options, but not after --', async () => {
    expect(await main(['verify', '--json', 'HC1:X', '--help'])).toBe(0);
    expect(out.join('')).toContain('corridor verify --batch');
    out.length = 0;
    expect(await main(['findings', '--', '--help'])).toBe(2);
    expect(out.join('')).toBe('');
  });

  it('corridor help COMMAND is the same; corridor --help is the whole overview', async () => {
    expect(await main(['help', 'issue'])).toBe(0);
    expect(out.join('')).toBe(`Usage:\n${COMMAND_USAGE.issue}`);
    out.length = 0;
    expect(await main(['--help'])).toBe(0);
    for (const command of commands)
      expect(out.join('')).toContain(COMMAND_USAGE[command as 'issue']);
  });
});

describe('usage errors', () => {
  it('print one line and a pointer to the command’s help, exit 2', async () => {
    expect(await main(['verify'])).toBe(2);
    expect(err.join('')).toBe(
      "corridor verify: verify takes exactly one INPUT (several only with --policy)\nRun 'corridor verify --help' for usage.\n",
    );
    expect(out.join('')).toBe('');
  });

  it('an unknown option is one line too (no node:util advice about --)', async () => {
    expect(await main(['findings', '--bogus'])).toBe(2);
    expect(err.join('')).toBe(
      "corridor findings: Unknown option '--bogus'\nRun 'corridor findings --help' for usage.\n",
    );
  });

  it('an unknown command points to corridor --help', async () => {
    expect(await main(['verfy', 'x'])).toBe(2);
    expect(err.join('')).toBe(
      'corridor: unknown command "verfy"\nRun \'corridor --help\' for usage.\n',
    );
    expect(await main(['help', 'verfy'])).toBe(2);
  });
});

describe('a path that does not exist', () => {
  const dir = tempDir();
  const missing = (name: string) => path.join(dir, name);
  const cases: [string, string[], string][] = [
    ['verify INPUT', ['verify', missing('x.png')], `verify: no such file: ${missing('x.png')}`],
    ['verify ./INPUT', ['verify', './no-code-here'], 'verify: no such file: ./no-code-here'],
    [
      'verify --trust',
      ['verify', '--trust', missing('dsc.pem'), 'HC1:X'],
      `verify: no such file: ${missing('dsc.pem')}`,
    ],
    [
      'verify --rules',
      ['verify', '--destination', 'KR', '--rules', missing('rules'), 'HC1:X'],
      `verify: no such file: ${missing('rules')}`,
    ],
    [
      'verify --policy',
      ['verify', '--policy', missing('p.json'), 'HC1:X'],
      `verify: no such file: ${missing('p.json')}`,
    ],
    [
      'verify --batch',
      ['verify', '--batch', missing('codes.txt')],
      `verify: no such file: ${missing('codes.txt')}`,
    ],
    [
      'issue --csv',
      ['issue', '--csv', missing('people.csv'), '--dry-run'],
      `issue: no such file: ${missing('people.csv')}`,
    ],
    [
      'bundle --anchor',
      ['bundle', 'inspect', missing('b.json'), '--anchor', missing('a.pem')],
      `bundle: no such file: ${missing('a.pem')}`,
    ],
    [
      'conformance dgc DIR',
      ['conformance', 'dgc', missing('dgc')],
      `conformance: no such file: ${missing('dgc')}`,
    ],
    ['rules test DIR', ['rules', 'test', missing('r')], `rules: no such file: ${missing('r')}`],
    [
      'rules validate FILE',
      ['rules', 'validate', missing('rule.json')],
      `rules: no such file: ${missing('rule.json')}`,
    ],
    [
      'issue --valuesets DIR',
      [
        'issue',
        '--csv',
        'packages/cli/examples/issue-sample.csv',
        '--dry-run',
        '--valuesets',
        missing('vs'),
      ],
      `issue: no such file: ${missing('vs')}`,
    ],
  ];
  it.each(cases)('%s is reported as a missing file (exit 2)', async (_, args, line) => {
    expect(await main(args)).toBe(2);
    expect(err.join('')).toBe(`corridor ${line}\n`);
    expect(out.join('')).toBe('');
  });

  it('a QR text is still a QR text, never a missing file', async () => {
    expect(await main(['verify', 'NOT-A-CODE'])).toBe(1);
    expect(out.join('')).toContain('HC1_PREFIX_MISSING');
  });
});

describe('unexpected errors', () => {
  it('become one coded line, the trace only under CORRIDOR_DEBUG=1', () => {
    const error = Object.assign(new Error('the key store needs a passphrase'), {
      code: 'KEYSTORE_PASSPHRASE_MISSING',
    });
    expect(describeFailure('issue', error, false)).toEqual({
      text: 'corridor issue: KEYSTORE_PASSPHRASE_MISSING: the key store needs a passphrase\n',
      status: 1,
    });
    expect(describeFailure('issue', error, true).text).toMatch(/\n {4}at /);
    expect(describeFailure('start', new TypeError('x is undefined'), false)).toEqual({
      text: 'corridor start: INTERNAL_ERROR: x is undefined (CORRIDOR_DEBUG=1 shows the trace)\n',
      status: 1,
    });
    expect(describeFailure('verify', new UsageError('bad\nthing'), false).text).toBe(
      "corridor verify: bad thing\nRun 'corridor verify --help' for usage.\n",
    );
  });
});

describe('the corridor binary', () => {
  it('an empty CORRIDOR_KEY_PASSPHRASE is one coded line, not a KeyStoreError trace', async () => {
    const dir = tempDir();
    const sample = readFileSync(new URL('../examples/issue-sample.csv', import.meta.url), 'utf8');
    const csv = writeTemp(dir, 'one.csv', sample.split('\n').slice(0, 2).join('\n'));
    const args = ['issue', '--csv', csv, '--data', path.join(dir, 'data'), '--json'];
    const env = { CORRIDOR_KEY_PASSPHRASE: '' };
    const r = await runCli(args, undefined, env);
    expect(r.stderr).toBe(
      'corridor issue: KEYSTORE_PASSPHRASE_MISSING: the key store needs a passphrase\n',
    );
    expect(r.code).toBe(1);
    const debug = await runCli(args, undefined, { ...env, CORRIDOR_DEBUG: '1' });
    expect(debug.stderr).toMatch(/^KeyStoreError: the key store needs a passphrase\n {4}at /m);
    expect(debug.code).toBe(1);
  });

  it('corridor findings | head exits quietly when its reader goes away', async () => {
    const child = spawn(process.execPath, [CLI, 'findings']);
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    // The reader is gone before the first write (the whole table would fit a pipe's buffer).
    child.stdout.destroy();
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
