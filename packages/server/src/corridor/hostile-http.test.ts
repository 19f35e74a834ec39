// Over 500 lines on purpose: the one place that throws hostile HTTP at every route of every
// service (each new route adds its cases here), so a route without them stands out.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeCbor } from '@corridor/core/cbor';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signGatewayRequest } from '../gateway/signed-request.js';
import { FileKeyStore } from '../keystore/file-key-store.js';
import { ensureNodeKeys, type NodeKeys } from './keys.js';
import { type RunningCorridor, startCorridor } from './start.js';
import { seedCorridorKeys } from './test-keys.js';

/**
 * Hostile input over real HTTP against every operation of the gateway and both national
 * nodes: whatever arrives, the answer is a coded problem (never a 5xx, never a hang), and the
 * trust state and the issued certificates are untouched.
 */

/** Fixed-seed PRNG (mulberry32): the generated inputs are the same on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(0xc0_ff_ee);
const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));

const GATEWAY_LIMIT = 256 * 1024; // MAX_REQUEST_BYTES
const NODE_LIMIT = 64 * 1024; // MAX_ISSUANCE_BODY_BYTES
/**
 * A watchdog, not a speed target: a request still unanswered after this long is hanging. How
 * fast the answers come is measured by `corridor bench`, never asserted here (a loaded machine
 * would make that flaky).
 */
const WATCHDOG_MS = 60_000;

interface Probe {
  service: string;
  /** OpenAPI operation, e.g. `POST /certificates/{uci}/revoke`. */
  op: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: BodyInit;
  label: string;
  /** 2xx is acceptable (read-only operations, or ones whose success changes nothing we check). */
  mayPass?: boolean;
}

interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, unknown> };
  security?: unknown[];
}
type OpenApiDoc = { paths: Record<string, Record<string, OpenApiOperation>> };

// ---- hostile values --------------------------------------------------------------------

const HOSTILE_STRINGS: [string, unknown][] = [
  ['empty', ''],
  ['nul', 'a\u0000b'],
  ['lone surrogate', '\ud800x'],
  ['bom+rtl+zwj', '\ufeff\u202e\u200d👩‍👩‍👧'],
  ['noncharacter', '\uffff\ufffe'],
  ['combining', `e${'\u0301'.repeat(500)}`],
  ['number', 42],
  ['negative', -1],
  ['float', 1e308],
  ['null', null],
  ['true', true],
  ['array', ['a', 'b']],
  ['object', { a: 1 }],
  ['proto', JSON.parse('{"__proto__":{"polluted":true}}')],
];
const hugeString = (limit: number) => 'A'.repeat(Math.floor(limit * 0.8));

const PATH_VALUES: [string, string][] = [
  ['long', 'A'.repeat(8_000)],
  ['bad percent', '%'],
  ['bad percent 2', '%zz%E0%A4%A'],
  ['dotdot', '..'],
  ['encoded dotdot', '%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
  ['nul', '%00'],
  ['overlong utf8', '%C0%AE%C0%AE'],
  ['unicode', encodeURIComponent('证书#😀')],
  ['negative', '-1'],
  ['huge number', '99999999999999999999999'],
  ['int32 overflow', '2147483648'],
  ['int64 overflow', '9223372036854775808'],
  ['nan', 'NaN'],
  ['exp', '1e400'],
  ['fraction', '1.5'],
  ['well-formed unknown UCI', encodeURIComponent('URN:UVCI:01:CN:NOSUCHCERT0000#0')],
];

const QUERY_VALUES: [string, string][] = [
  ['negative', '-1'],
  ['zero', '0'],
  ['huge', '99999999999999999999999'],
  ['int32 overflow', '2147483648'],
  ['int64 overflow', '9223372036854775808'],
  ['max safe+', '9007199254740993'],
  ['nan', 'NaN'],
  ['infinity', 'Infinity'],
  ['exp', '1e308'],
  ['fraction', '1.5'],
  ['hex', '0x10'],
  ['spaces', '%20%201'],
  ['empty', ''],
  ['nul', '%00'],
  ['bad percent', '%zz'],
  ['unicode', encodeURIComponent('한국')],
  ['long', 'Z'.repeat(4_000)],
  ['lowercase country', 'cn'],
];

/** Malformed or hostile JSON texts that no operation accepts. */
function jsonTexts(limit: number): [string, string][] {
  const depth = Math.floor((limit * 0.45) / 2);
  return [
    ['empty', ''],
    ['whitespace', '   '],
    ['truncated', '{"type":'],
    ['trailing comma', '{"a":1,}'],
    ['single quotes', "{'a':1}"],
    ['bare word', 'undefined'],
    ['null', 'null'],
    ['array', '[]'],
    ['array of objects', '[{"a":1}]'],
    ['string', '"hello"'],
    ['number', '42'],
    ['bool', 'true'],
    ['empty object', '{}'],
    ['nested arrays', `${'['.repeat(depth)}${']'.repeat(depth)}`],
    [
      'nested objects',
      `${'{"a":'.repeat(Math.floor(depth / 3))}1${'}'.repeat(Math.floor(depth / 3))}`,
    ],
    ['proto keys', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'],
    ['invalid utf8 escape', '{"a":"\\ud800\\udc00\\ud800"}'],
    ['nul escape', '{"a":"\\u0000"}'],
    ['duplicate keys', '{"a":1,"a":2}'],
    ['huge number', `{"a":1${'0'.repeat(400)}}`],
    ['huge string', JSON.stringify({ a: hugeString(limit) })],
  ];
}

/** Deep-sets `value` at `keys` in a copy of `base`. */
function withValue(base: unknown, keys: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let at = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  const last = keys[keys.length - 1]!;
  if (last === '__proto__') Object.defineProperty(at, last, { value, enumerable: true });
  else at[last] = value;
  return copy;
}
/** Every leaf path of a JSON value (objects and arrays), parents included. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const out: (string | number)[][] = [];
  for (const [k, v] of Object.entries(value)) {
    const key = Array.isArray(value) ? Number(k) : k;
    out.push([...prefix, key], ...paths(v, [...prefix, key]));
  }
  return out;
}

/** Garbage COSE: random bytes and CBOR that declares more than it holds. */
function garbageCose(): [string, Uint8Array][] {
  return [
    ['empty', new Uint8Array()],
    ['one byte', Uint8Array.of(0xd2)],
    ['random 16', randomBytes(16)],
    ['random 1000', randomBytes(1000)],
    ['cbor null', encodeCbor(null)],
    ['cbor map', encodeCbor({ a: 1 })],
    ['sign1 of wrong arity', Uint8Array.of(0xd2, 0x82, 0x40, 0xa0)],
    ['sign1 of nulls', Uint8Array.of(0xd2, 0x84, 0xf6, 0xf6, 0xf6, 0xf6)],
    [
      'sign1 with non-CBOR payload',
      Uint8Array.of(0xd2, 0x84, 0x40, 0xa0, 0x43, 0xff, 0xff, 0xff, 0x40),
    ],
    ['sign1 with null payload', Uint8Array.of(0xd2, 0x84, 0x40, 0xa0, 0x41, 0xf6, 0x40)],
    [
      'byte string of 2^64-1',
      Uint8Array.of(0xd2, 0x84, 0x40, 0xa0, 0x5b, ...new Array(8).fill(0xff)),
    ],
    ['map of 2^32 entries', Uint8Array.of(0xbb, 0, 0, 0, 1, 0, 0, 0, 0)],
    ['array of 2^32 items', Uint8Array.of(0x9b, 0, 0, 0, 1, 0, 0, 0, 0)],
    ['deep arrays', new Uint8Array(200_000).fill(0x81)],
    ['indefinite', Uint8Array.of(0xd2, 0x9f, 0x40, 0xa0, 0x40, 0x40, 0xff)],
    ['tag bomb', new Uint8Array(10_000).fill(0xd2)],
  ];
}

/** A stream of `size` bytes without Content-Length (chunked upload). */
function streamed(size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      const n = Math.min(16_384, size - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(0x61));
    },
  });
}

// ---- the corridor ----------------------------------------------------------------------

describe('hostile HTTP input against the whole corridor', () => {
  let dir: string;
  let corridor: RunningCorridor;
  let operatorToken: string;
  const adminTokens = {} as Record<'CN' | 'KR', string>;
  let cnKeys: NodeKeys;
  // Below Linux's ephemeral ports (32768 and up), which outgoing connections take at random.
  const base = 16_000 + Math.floor(Math.random() * 2_990);
  const crypto = nodeCryptoProvider();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'corridor-hostile-'));
    // The keys at a light scrypt cost: the start and CN's keys below unlock them.
    await seedCorridorKeys(dir);
    corridor = await startCorridor({ dir, ports: { gateway: base, CN: base + 1, KR: base + 2 } });
    operatorToken = (await readFile(path.join(dir, 'gateway', 'operator-token'), 'utf8')).trim();
    for (const c of ['CN', 'KR'] as const)
      adminTokens[c] = (await readFile(corridor.adminTokenFiles[c]!, 'utf8')).trim();
    // CN's upload key, to send correctly signed requests whose *content* is hostile.
    const passphrase = (await readFile(path.join(dir, 'dev-passphrase'), 'utf8')).trim();
    cnKeys = await ensureNodeKeys(
      new FileKeyStore({ dir: path.join(dir, 'cn', 'keys'), passphrase }),
      'CN',
      new Date(),
    );
  }, 600_000);
  afterAll(async () => {
    await corridor?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Every answer by `<service> <op> [<label>]`: status, problem code, Connection header. */
  const answers = new Map<string, { status: number; title?: string; connection: string | null }>();

  /** The slowest answer, printed with the summary (information, not an assertion). */
  let slowest = 0;

  /** Sends one probe; returns what is wrong with the answer, if anything. */
  async function send(p: Probe): Promise<string | undefined> {
    const started = performance.now();
    const what = `${p.service} ${p.op} [${p.label}]`;
    let res: Response;
    let text: string;
    try {
      res = await fetch(p.url, {
        method: p.method,
        headers: p.headers ?? {},
        ...(p.body !== undefined ? { body: p.body } : {}),
        ...(p.body instanceof ReadableStream ? { duplex: 'half' } : {}),
        signal: AbortSignal.timeout(WATCHDOG_MS),
        redirect: 'manual',
      } as RequestInit);
      text = await res.text();
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      // The server may close the connection while we still stream a body it refused; that is
      // only acceptable after it answered, which fetch cannot tell us: count it as a failure
      // unless it is the deliberate refusal of an oversized chunked upload.
      if (p.label.startsWith('chunked') && e.cause?.code !== undefined && e.name !== 'TimeoutError')
        return undefined;
      return `${what}: ${e.name === 'TimeoutError' ? `no answer within ${WATCHDOG_MS / 1000} s (hanging)` : `${e.message} ${e.cause?.code ?? ''}`}`;
    }
    const ms = performance.now() - started;
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { title?: string }).title;
    } catch {}
    answers.set(what, {
      status: res.status,
      ...(code !== undefined ? { title: code } : {}),
      connection: res.headers.get('connection'),
    });
    slowest = Math.max(slowest, ms);
    if (res.status >= 500) return `${what}: ${res.status} ${text.slice(0, 300)}`;
    if (res.status < 300 && !p.mayPass)
      return `${what}: accepted (${res.status}) ${text.slice(0, 200)}`;
    if (res.status >= 400) {
      const type = res.headers.get('content-type') ?? '';
      if (!type.startsWith('application/problem+json'))
        return `${what}: ${res.status} as ${type || 'no content type'}: ${text.slice(0, 200)}`;
      let title: unknown;
      try {
        title = (JSON.parse(text) as { title?: unknown }).title;
      } catch {
        return `${what}: ${res.status} problem body is not JSON`;
      }
      if (typeof title !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(title))
        return `${what}: ${res.status} problem without a code title: ${text.slice(0, 200)}`;
    }
    return undefined;
  }

  async function runAll(probes: Probe[], concurrency = 6): Promise<string[]> {
    const failures: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < probes.length) {
          const p = probes[next++]!;
          const failure = await send(p);
          if (failure) failures.push(failure);
        }
      }),
    );
    return failures;
  }

  const authVariants = (valid: string): [string, Record<string, string>][] => [
    ['no auth', {}],
    ['empty bearer', { authorization: 'Bearer ' }],
    ['basic', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
    ['wrong token', { authorization: 'Bearer cit_wrongwrongwrongwrongwrongwrongwrongwrong' }],
    ['long token', { authorization: `Bearer ${'x'.repeat(6_000)}` }],
    ['latin1 token', { authorization: 'Bearer caf\u00e9\u00ff' }],
    ['token twice', { authorization: `${valid}, ${valid}` }],
    // (A lowercase scheme name with a valid token is valid: RFC 9110 scheme names are
    // case-insensitive, tested in issuance.test.ts.)
  ];

  /** Probes for one operation of one service, driven by its OpenAPI description. */
  function operationProbes(options: {
    service: string;
    baseUrl: string;
    route: string;
    method: string;
    operation: OpenApiOperation;
    auth: string;
    limit: number;
    /** Path-parameter values that name real objects (hostile bodies go to unknown ones). */
    validParams: Record<string, string>;
    /** Valid-looking JSON body whose mutations reach the domain but are still refused. */
    baseline?: unknown;
    mayPass?: boolean;
  }): Probe[] {
    const { service, baseUrl, route, method, operation, auth, limit, validParams } = options;
    const op = `${method.toUpperCase()} ${route}`;
    const probes: Probe[] = [];
    const params = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
    const query = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    const fill = (values: Record<string, string>) =>
      route.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? validParams[name] ?? 'x');
    const validUrl = `${baseUrl}${fill({})}`;
    const authed = { authorization: auth };
    const json = { ...authed, 'content-type': 'application/json' };
    const add = (label: string, p: Partial<Probe> & { url?: string }) =>
      probes.push({
        service,
        op,
        method: method.toUpperCase(),
        url: validUrl,
        label,
        ...(options.mayPass ? { mayPass: true } : {}),
        ...p,
      });
    const content = Object.keys(operation.requestBody?.content ?? {});
    const hasBody = content.length > 0;
    const isCose = content.includes('application/cose');
    const isJson = content.includes('application/json');
    const readOnly = method === 'get';
    const validBody = options.baseline !== undefined ? JSON.stringify(options.baseline) : '{}';

    // Authentication: anonymous and forged credentials, on the otherwise valid request.
    for (const [label, headers] of authVariants(auth)) {
      add(`auth: ${label}`, {
        headers: hasBody ? { ...headers, 'content-type': 'application/json' } : headers,
        ...(hasBody ? { body: validBody } : {}),
        mayPass:
          !!options.mayPass ||
          (readOnly && (!operation.security || operation.security.length === 0)),
      });
    }
    // Path parameters.
    for (const name of params) {
      for (const [label, value] of PATH_VALUES) {
        add(`path ${name}: ${label}`, {
          url: `${baseUrl}${fill({ [name]: value })}`,
          headers: hasBody ? json : authed,
          ...(hasBody ? { body: validBody } : {}),
          // fetch resolves a literal `..` segment (WHATWG URL) before sending: another route
          // answers, maybe with 200. The encoded forms reach the server as they are.
          ...(value === '..' && readOnly ? { mayPass: true } : {}),
        });
      }
    }
    // Query parameters: each alone, repeated (arrays) and in bracket syntax.
    for (const name of query) {
      for (const [label, value] of QUERY_VALUES) {
        add(`query ${name}: ${label}`, {
          url: `${validUrl}?${name}=${value}`,
          headers: authed,
          mayPass: readOnly,
        });
      }
      add(`query ${name}: repeated`, {
        url: `${validUrl}?${name}=1&${name}=2`,
        headers: authed,
        mayPass: readOnly,
      });
      add(`query ${name}: brackets`, {
        url: `${validUrl}?${name}[]=1&${name}[a]=2`,
        headers: authed,
        mayPass: readOnly,
      });
    }
    if (query.length > 0)
      add('query: garbage string', {
        url: `${validUrl}?&&=&%%%=%&${'a=1&'.repeat(500)}`,
        headers: authed,
        mayPass: readOnly,
      });
    if (!hasBody) return probes;

    // Content types and sizes.
    const otherType = isCose ? 'application/json' : 'application/cose';
    add('no content type', { headers: authed, body: validBody });
    add('text/plain', { headers: { ...authed, 'content-type': 'text/plain' }, body: validBody });
    add('form', {
      headers: { ...authed, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1&b=2',
    });
    add('multipart', {
      headers: { ...authed, 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
    });
    add(`wrong type ${otherType}`, {
      headers: { ...authed, 'content-type': otherType },
      body: isCose ? validBody : Uint8Array.of(0xd2, 0x84),
    });
    add('garbage content type', {
      headers: { ...authed, 'content-type': ';;;===\u00ff' },
      body: validBody,
    });
    const type = isCose ? 'application/cose' : 'application/json';
    add('empty body', { headers: { ...authed, 'content-type': type }, body: '' });
    add('oversized body', {
      headers: { ...authed, 'content-type': type },
      body: new Uint8Array(limit + 1).fill(0x20),
    });
    add('oversized body, 4x', {
      headers: { ...authed, 'content-type': type },
      body: new Uint8Array(limit * 4).fill(0x7b),
    });
    add('chunked oversized body', {
      headers: { ...authed, 'content-type': type },
      body: streamed(limit * 2),
    });

    if (isCose) {
      for (const [label, bytes] of garbageCose())
        add(`cose: ${label}`, {
          headers: { 'content-type': 'application/cose' },
          body: bytes as Uint8Array<ArrayBuffer>,
        });
    }
    if (isJson) {
      for (const [label, text] of jsonTexts(limit))
        add(`json: ${label}`, { headers: json, body: text });
      if (options.baseline !== undefined) {
        for (const keys of paths(options.baseline)) {
          for (const [label, value] of [
            ...HOSTILE_STRINGS,
            ['huge string', hugeString(limit)] as [string, unknown],
          ]) {
            add(`json ${keys.join('.')}: ${label}`, {
              headers: json,
              body: JSON.stringify(withValue(options.baseline, keys, value)),
            });
          }
        }
        add('json: baseline + __proto__', {
          headers: json,
          body: JSON.stringify(options.baseline).replace(/^\{/, '{"__proto__":{"x":1},'),
        });
        add('json: baseline + extra keys', {
          headers: json,
          body: JSON.stringify({ ...(options.baseline as object), constructor: 1, toString: 2 }),
        });
      }
    }
    return probes;
  }

  /** A correctly signed gateway request from CN whose body or envelope is hostile. */
  async function signedProbes(gatewayUrl: string): Promise<Probe[]> {
    const iat = () => Math.floor(Date.now() / 1000);
    const sign = (action: string, body: Record<string, unknown>, extra?: object) =>
      signGatewayRequest(
        { country: 'CN', action, iat: iat(), body, ...extra },
        cnKeys.upload.signer,
        crypto,
      );
    const garbage = randomBytes(300);
    const cases: [string, string, Record<string, unknown>, object?][] = [
      ['/dscs', 'dsc.upload', {}],
      ['/dscs', 'dsc.upload', { certificate: 'not bytes' }],
      ['/dscs', 'dsc.upload', { certificate: garbage }],
      ['/dscs', 'dsc.upload', { certificate: encodeCbor(null) }],
      ['/dscs', 'dsc.upload', { certificate: cnKeys.dsc.der }], // duplicate: 409
      ['/dscs', 'dsc.upload', { certificate: cnKeys.csca.der }], // a CSCA, not a DSC
      ['/dscs', 'dsc.upload', { certificate: cnKeys.upload.der }],
      ['/dscs/revoke', 'dsc.revoke', {}],
      ['/dscs/revoke', 'dsc.revoke', { kid: 'a\u0000b', reason: 'x' }],
      ['/dscs/revoke', 'dsc.revoke', { kid: '\ud800', reason: 'x' }],
      ['/dscs/revoke', 'dsc.revoke', { kid: 'A'.repeat(100_000), reason: 'x' }],
      ['/dscs/revoke', 'dsc.revoke', { kid: 'AAAAAAAAAAA=', reason: 'r'.repeat(501) }],
      ['/dscs/revoke', 'dsc.revoke', { kid: 42, reason: null }],
      ['/rules', 'rules.upload', {}],
      ['/rules', 'rules.upload', { document: garbage }],
      ['/rules', 'rules.upload', { document: encodeCbor(null) }],
      ['/rules', 'rules.upload', { document: 'text' }],
      ['/valuesets', 'valuesets.upload', { document: Uint8Array.of(0xd2, 0x84, 0xf6, 0xf6) }],
      ['/revocations', 'revocations.upload', {}],
      ['/revocations', 'revocations.upload', { kid: 'x', hashType: 'MD5', hashes: [] }],
      ['/revocations', 'revocations.upload', { kid: 'x', hashType: 'UCI', hashes: [] }],
      ['/revocations', 'revocations.upload', { kid: 'x', hashType: 'UCI', hashes: 'nope' }],
      [
        '/revocations',
        'revocations.upload',
        { kid: 'x', hashType: 'UCI', hashes: [new Uint8Array(15)] },
      ],
      [
        '/revocations',
        'revocations.upload',
        { kid: 'x', hashType: 'UCI', hashes: Array.from({ length: 1001 }, () => randomBytes(16)) },
      ],
      ['/agreements/propose', 'agreement.propose', {}],
      ['/agreements/propose', 'agreement.propose', { id: 'h1', document: garbage }],
      ['/agreements/propose', 'agreement.propose', { id: 'h2', document: encodeCbor(null) }],
      ['/agreements/propose', 'agreement.propose', { id: 'h3', document: encodeCbor([1, 2]) }],
      [
        '/agreements/propose',
        'agreement.propose',
        // A COSE_Sign1 shape whose payload is CBOR null.
        { id: 'h4', document: Uint8Array.of(0x84, 0x40, 0xa0, 0x41, 0xf6, 0x40) },
      ],
      [
        '/agreements/propose',
        'agreement.propose',
        { id: 'h5', document: Uint8Array.of(0x84, 0x40, 0xa0, 0x41, 0x80, 0x40) },
      ],
      ['/agreements/propose', 'agreement.propose', { id: 'CN-KR-fast-track', document: garbage }],
      ['/agreements/propose', 'agreement.propose', { id: 'x'.repeat(101) }],
      ['/agreements/countersign', 'agreement.countersign', { id: 'CN-KR-fast-track' }],
      ['/agreements/countersign', 'agreement.countersign', { id: 'nope', document: garbage }],
      ['/agreements/activate', 'agreement.activate', { id: 'CN-KR-fast-track' }], // already active
      ['/agreements/suspend', 'agreement.suspend', { id: 'a\u0000b' }],
      ['/agreements/terminate', 'agreement.terminate', { id: ['CN-KR-fast-track'] }],
      ['/lanes/versions', 'lane.version', {}],
      ['/lanes/versions', 'lane.version', { document: garbage }],
      ['/lanes/versions', 'lane.version', { document: encodeCbor(null) }],
      ['/lanes/versions', 'lane.version', { document: 'text' }],
      ['/lanes/versions', 'lane.version', { document: [garbage] }],
      // COSE_Sign1 shapes whose payload is CBOR null, or an empty array.
      [
        '/lanes/versions',
        'lane.version',
        { document: Uint8Array.of(0x84, 0x40, 0xa0, 0x41, 0xf6, 0x40) },
      ],
      [
        '/lanes/versions',
        'lane.version',
        { document: Uint8Array.of(0xd2, 0x84, 0x40, 0xa0, 0x41, 0x80, 0x40) },
      ],
      ['/lanes/versions', 'lane.version', { document: randomBytes(256 * 1024 + 1) }],
      // Circuit breakers: indicator documents and overrides that are not signed, not COSE, too big.
      ['/indicators', 'indicators.publish', {}],
      ['/indicators', 'indicators.publish', { document: garbage }],
      ['/indicators', 'indicators.publish', { document: encodeCbor(null) }],
      [
        '/indicators',
        'indicators.publish',
        { document: Uint8Array.of(0x84, 0x40, 0xa0, 0x41, 0xa0, 0x40) },
      ],
      ['/indicators', 'indicators.publish', { document: randomBytes(70_000) }],
      ['/breaker-overrides', 'breaker.override', {}],
      ['/breaker-overrides', 'breaker.override', { document: garbage }],
      ['/breaker-overrides', 'breaker.override', { document: 'text' }],
      [
        '/breaker-overrides',
        'breaker.override',
        { document: Uint8Array.of(0x84, 0x40, 0xa0, 0x41, 0xf6, 0x40) },
      ],
      // Format trust (issue 16): wrong shapes, garbage, deep JSON, oversize, unknown subjects.
      ['/formats', 'formats.upload', {}],
      ['/formats', 'formats.upload', { format: ['shc'] }],
      ['/formats', 'formats.upload', { format: 'shc', iss: 'https://x.example', jwks: garbage }],
      [
        '/formats',
        'formats.upload',
        {
          format: 'shc',
          iss: 'https://x.example',
          jwks: `{"keys":[${'['.repeat(50_000)}${']'.repeat(50_000)}]}`,
        },
      ],
      [
        '/formats',
        'formats.upload',
        {
          format: 'shc',
          iss: 'https://x.example',
          jwks: '{"keys":[]}',
          crls: new Array(17).fill('{}'),
        },
      ],
      [
        '/formats',
        'formats.upload',
        { format: 'nzcp', did_document: `${'['.repeat(60_000)}${']'.repeat(60_000)}` },
      ],
      ['/formats', 'formats.upload', { format: 'nzcp', did_document: '\ud800' }],
      ['/formats', 'formats.upload', { format: 'vds-nc', csca: garbage }],
      ['/formats', 'formats.upload', { format: 'vds-nc', csca: cnKeys.csca.der, crls: [garbage] }],
      ['/formats', 'formats.upload', { format: 'vds-nc', csca: cnKeys.dsc.der }],
      [
        '/formats',
        'formats.upload',
        { format: 'divoc', verification_method: 'did:x', public_key_base58: '1'.repeat(2000) },
      ],
      [
        '/formats',
        'formats.upload',
        { format: 'divoc', verification_method: 'did:x', public_key_pem: 'A'.repeat(20_000) },
      ],
      ['/formats/withdraw', 'formats.withdraw', {}],
      ['/formats/withdraw', 'formats.withdraw', { format: 'shc', subject: 'x'.repeat(5000) }],
      ['/formats/withdraw', 'formats.withdraw', { format: 'divoc', subject: 'did:x|*|00' }],
      // Envelope problems on a route: wrong action, stale, from the future, short nonce.
      ['/dscs', 'dsc.revoke', { kid: 'x', reason: 'x' }],
      ['/rules', 'rules.upload', { document: garbage }, { iat: 0 }],
      ['/rules', 'rules.upload', { document: garbage }, { iat: 2 ** 40 }],
      ['/rules', 'rules.upload', { document: garbage }, { iat: Number.NaN }],
      ['/rules', 'rules.upload', { document: garbage }, { iat: 1.5e308 }],
      ['/rules', 'rules.upload', { document: garbage }, { nonce: new Uint8Array(8) }],
      ['/rules', 'rules.upload', { document: garbage }, { country: 'KR' }],
      ['/rules', 'rules.upload', { document: garbage }, { country: 'ZZ' }],
    ];
    const known = new Map<Uint8Array, string>([
      [cnKeys.csca.der, 'CSCA'],
      [cnKeys.dsc.der, 'DSC'],
      [cnKeys.upload.der, 'upload certificate'],
    ]);
    const probes: Probe[] = [];
    for (const [route, action, body, extra] of cases) {
      const bytes = await sign(action, body, extra);
      probes.push({
        service: 'gateway',
        op: `POST ${route}`,
        method: 'POST',
        url: `${gatewayUrl}${route}`,
        headers: { 'content-type': 'application/cose' },
        body: bytes as Uint8Array<ArrayBuffer>,
        // Certificates are named, not measured: their DER length varies from run to run.
        label: `signed ${action} ${JSON.stringify(body, (_, v) => (v instanceof Uint8Array ? `<${known.get(v) ?? `${v.length} bytes`}>` : typeof v === 'string' && v.length > 40 ? `<${v.length} chars>` : v)).slice(0, 80)} ${extra ? JSON.stringify(extra) : ''}`,
      });
    }
    // A replayed request: the first is refused in the domain, so its nonce is spent.
    const once = await sign('dsc.upload', { certificate: cnKeys.dsc.der });
    for (let i = 0; i < 2; i++)
      probes.push({
        service: 'gateway',
        op: 'POST /dscs',
        method: 'POST',
        url: `${gatewayUrl}/dscs`,
        headers: { 'content-type': 'application/cose' },
        body: once as Uint8Array<ArrayBuffer>,
        label: `replay ${i}`,
      });
    // A signed request with one payload byte flipped.
    const flipped = (await sign('rules.upload', { document: garbage })).slice();
    flipped[flipped.length - 80]! ^= 0x01;
    probes.push({
      service: 'gateway',
      op: 'POST /rules',
      method: 'POST',
      url: `${gatewayUrl}/rules`,
      headers: { 'content-type': 'application/cose' },
      body: flipped as Uint8Array<ArrayBuffer>,
      label: 'tampered signature',
    });
    return probes;
  }

  /** What must not change: trust version, log size, participants, agreements, audit. */
  async function gatewayState() {
    const g = corridor.gatewayUrl;
    const trust = (await (await fetch(`${g}/trustlist`)).json()) as {
      version: number;
      entries: unknown[];
    };
    const participants = await (await fetch(`${g}/participants`)).json();
    const agreements = await (await fetch(`${g}/agreements`)).json();
    const revocations = await (await fetch(`${g}/revocations`)).json();
    const lanes = await (await fetch(`${g}/lanes/versions`)).json();
    const audit = (await (
      await fetch(`${g}/audit?limit=1000`, {
        headers: { authorization: `Bearer ${operatorToken}` },
      })
    ).json()) as { action: string }[];
    return {
      version: trust.version,
      entries: trust.entries.length,
      participants,
      agreements,
      revocations,
      lanes,
      // Serving a bundle may issue a fresh one (not a trust change); everything else counts.
      audit: audit.filter((a) => a.action !== 'bundle.issue').length,
    };
  }
  async function nodeState(country: 'CN' | 'KR') {
    const sample = corridor.samples.find((s) => s.country === country)!;
    const res = await fetch(
      `${corridor.nodes[country]}/certificates/${encodeURIComponent(sample.uci)}`,
      { headers: { authorization: `Bearer ${adminTokens[country]}` } },
    );
    return { status: res.status, record: await res.json() };
  }

  it('answers every hostile request to every operation with a coded problem, never hangs, and changes nothing', async () => {
    const before = {
      gateway: await gatewayState(),
      CN: await nodeState('CN'),
      KR: await nodeState('KR'),
    };
    expect(before.CN.status).toBe(200);
    const probes: Probe[] = [];
    const covered: string[] = [];
    const services = [
      { service: 'gateway', url: corridor.gatewayUrl, auth: `Bearer ${operatorToken}` },
      ...(['CN', 'KR'] as const).map((c) => ({
        service: `node ${c}`,
        url: corridor.nodes[c]!,
        auth: `Bearer ${adminTokens[c]}`,
        country: c,
      })),
    ];
    for (const s of services) {
      const doc = (await (await fetch(`${s.url}/openapi.json`)).json()) as OpenApiDoc;
      const country = 'country' in s ? s.country : 'CN';
      const sample = corridor.samples.find((x) => x.country === country)!;
      const k = cnKeys;
      // Baselines that pass the schema but are refused by the domain, so that no mutation
      // of them can issue, onboard or revoke anything.
      const baselines: Record<string, unknown> = {
        // CN is already onboarded: 409 at best.
        'POST /participants': {
          country: 'CN',
          name: 'hostile',
          uploadCertificate: k.upload.pem,
          authorityCertificate: k.authority.pem,
          cscas: [k.csca.pem],
        },
        // A test taken in the future: DATE_IN_FUTURE at best.
        'POST /certificates': {
          type: 'test',
          payload: {
            nam: { fn: 'Ünïcødé', fnt: 'UNICODE', gn: '测试', gnt: 'CE<SHI' },
            dob: '1990-01-01',
            t: [
              {
                tg: '840539006',
                tt: 'LP6464-4',
                sc: '2999-01-01T00:00:00Z',
                tr: '260415000',
                tc: 'Hostile Test Centre',
              },
            ],
          },
          options: { inlineQr: true },
        },
        // Sent to a well-formed UCI that does not exist: 404 at best.
        'POST /certificates/{uci}/revoke': { reason: 'hostile test' },
        // An issuer may not hold `admin`: 422 at best (the account creation rolls back).
        'POST /tokens': { account: 'hostile-probe', role: 'issuer', scopes: ['admin'] },
      };
      for (const [route, methods] of Object.entries(doc.paths)) {
        for (const [method, operation] of Object.entries(methods)) {
          const key = `${method.toUpperCase()} ${route}`;
          covered.push(`${s.service} ${key}`);
          const limit = s.service === 'gateway' ? GATEWAY_LIMIT : NODE_LIMIT;
          const validParams: Record<string, string> = {
            uci:
              key === 'POST /certificates/{uci}/revoke'
                ? encodeURIComponent(`URN:UVCI:01:${country}:NOSUCHCERT0000#0`)
                : encodeURIComponent(sample.uci),
            kind: 'rules',
            // Never a real token id: a hostile request must not withdraw the admin token.
            id: '999999',
          };
          probes.push(
            ...operationProbes({
              service: s.service,
              baseUrl: s.url,
              route,
              method,
              operation,
              auth: s.auth,
              limit,
              validParams,
              ...(baselines[key] !== undefined ? { baseline: baselines[key] } : {}),
              // An administrator may make a node push revocations and pull the bundle (no
              // input); it changes nothing the test watches. Without the admin token: 401.
              mayPass: key === 'POST /bundle/sync',
            }),
          );
        }
      }
      if (s.service === 'gateway') probes.push(...(await signedProbes(s.url)));
      // Routes that are not in the document, and methods a route does not have.
      for (const [label, url, method] of [
        ['unknown route', `${s.url}/nope/${'%ff'.repeat(50)}`, 'GET'],
        ['dotdot route', `${s.url}/certificates/..%2f..%2fopenapi.json`, 'GET'],
        ['wrong method', `${s.url}/openapi.json`, 'DELETE'],
        ['odd method', `${s.url}/health`, 'PATCH'],
      ] as const)
        probes.push({ service: s.service, op: label, method, url, label, headers: {} });
    }
    // The bundle endpoints with hostile conditional headers.
    for (const url of [corridor.gatewayUrl, corridor.nodes.CN!])
      for (const etag of ['*', '"', 'W/"1-1"', 'x'.repeat(8_000)])
        probes.push({
          service: url,
          op: 'GET /bundle',
          method: 'GET',
          url: `${url}/bundle`,
          headers: { 'if-none-match': etag },
          label: `if-none-match ${etag.slice(0, 10)}`,
          mayPass: true,
        });

    const started = performance.now();
    const failures = await runAll(probes);
    const seconds = (performance.now() - started) / 1000;
    const statuses: Record<number, number> = {};
    for (const a of answers.values()) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    console.info(
      `hostile-http: ${probes.length} requests to ${covered.length} operations in ${seconds.toFixed(1)} s (slowest answer ${Math.round(slowest)} ms); statuses ${JSON.stringify(statuses)}`,
    );
    expect(covered.length).toBeGreaterThan(30);
    expect(failures).toEqual([]);

    const after = {
      gateway: await gatewayState(),
      CN: await nodeState('CN'),
      KR: await nodeState('KR'),
    };
    expect(after).toEqual(before);

    // The bugs this suite found, each pinned to its answer.
    const answer = (key: string) => {
      const found = [...answers.entries()].find(([k]) => k.startsWith(key));
      expect(found, key).toBeDefined();
      return found![1];
    };
    // A country's self-signed CSCA uploaded as a DSC was accepted and published.
    expect(answer('gateway POST /dscs [signed dsc.upload {"certificate":"<CSCA>"')).toMatchObject({
      status: 422,
      title: 'DSC_IS_CA',
    });
    // CBOR null as an agreement document (or as its payload) was a TypeError: 500.
    for (const id of ['h2', 'h4'])
      expect(
        answer(`gateway POST /agreements/propose [signed agreement.propose {"id":"${id}"`),
      ).toMatchObject({ status: 422, title: 'AGREEMENT_INVALID' });
    // A NUL character reaching PostgreSQL (query parameter, signed request field): 500.
    expect(answer('gateway GET /audit [query action: nul]')).toMatchObject({
      status: 400,
      title: 'REQUEST_INVALID',
    });
    expect(answer('gateway POST /dscs/revoke [signed dsc.revoke {"kid":"a\\u0000b"')).toMatchObject(
      { status: 400, title: 'REQUEST_INVALID' },
    );
    // A 413 announced keep-alive on a connection the server then dropped: the client's next
    // request on it failed. It now says Connection: close.
    for (const service of ['gateway POST /dscs', 'node CN POST /certificates'])
      expect(answer(`${service} [oversized body]`)).toMatchObject({
        status: 413,
        title: 'BODY_TOO_LARGE',
        connection: 'close',
      });
  }, 600_000);

  it('serves one bundle to concurrent readers after a trust change (no 500 from racing builds)', async () => {
    // A real trust change: CN publishes one revocation hash.
    const g = corridor.gatewayUrl;
    const before = (await (await fetch(`${g}/trustlist`)).json()) as { version: number };
    const upload = await fetch(`${g}/revocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/cose' },
      body: (await signGatewayRequest(
        {
          country: 'CN',
          action: 'revocations.upload',
          iat: Math.floor(Date.now() / 1000),
          body: {
            kid: Buffer.from(cnKeys.dsc.kid).toString('base64'),
            hashType: 'UCI',
            hashes: [randomBytes(16)],
          },
        },
        cnKeys.upload.signer,
        crypto,
      )) as Uint8Array<ArrayBuffer>,
    });
    expect(upload.status).toBe(200);
    // Gateway readers and node pulls at once: each used to build (or store) the same new
    // version, and all but one failed on the primary key.
    const reads = await Promise.all([
      ...Array.from({ length: 6 }, () => fetch(`${g}/bundle`)),
      ...(['CN', 'KR', 'CN', 'KR'] as const).map((c) =>
        fetch(`${corridor.nodes[c]}/bundle/sync`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminTokens[c]}` },
        }),
      ),
    ]);
    expect(reads.map((r) => r.status)).toEqual(new Array(10).fill(200));
    const versions = new Set(reads.slice(0, 6).map((r) => r.headers.get('x-bundle-version')));
    expect(versions.size).toBe(1);
    for (const r of reads.slice(6))
      expect(((await r.json()) as { status: string }).status).toMatch(/^(updated|unchanged)$/);
    const after = (await (await fetch(`${g}/trustlist`)).json()) as { version: number };
    expect(after.version).toBe(before.version + 1);
  }, 180_000);
});
