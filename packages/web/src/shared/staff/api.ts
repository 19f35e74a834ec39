/**
 * The node's staff API as the web app calls it: same origin, the session cookie (HttpOnly, the
 * page never sees it) and the session's CSRF token on every change. Refusals arrive as coded
 * problems (`application/problem+json`) and are thrown as {@link ApiProblem}.
 */

/** Roles of node accounts (the server decides what each may do). */
export type StaffRole =
  | 'issuer'
  | 'administrator'
  | 'sponsor'
  | 'authority'
  | 'checkpoint'
  | 'laboratory';

/** The signed-in caller, as `POST /staff/login` and `GET /staff/session` answer. */
export interface StaffSession {
  account: string;
  role: StaffRole;
  scopes: string[];
  csrfToken: string;
  expiresAt: string;
}

/** A field the server refused. */
export interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

/** A coded refusal of the node (or `NETWORK` when it could not be reached). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(code);
    this.name = 'ApiProblem';
  }
}

let csrf = '';

/** Remembers the session's CSRF token (after sign-in or a session check). */
export function setCsrfToken(token: string): void {
  csrf = token;
}

/**
 * `fetch` as the staff pages call the node: the session cookie, and the CSRF token on every
 * change. A network failure is thrown as the {@link ApiProblem} `NETWORK`.
 */
export async function staffFetch(
  input: RequestInfo | URL,
  init: RequestInit = {},
): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  if (method !== 'GET' && csrf) headers.set('x-csrf-token', csrf);
  try {
    return await fetch(input, { ...init, method, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiProblem(0, 'NETWORK');
  }
}

/** The JSON of a node's answer; a refusal thrown as its {@link ApiProblem}. */
export async function readAnswer<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const p = (parsed ?? {}) as { title?: unknown; errors?: unknown };
    throw new ApiProblem(
      response.status,
      typeof p.title === 'string' ? p.title : 'HTTP_ERROR',
      Array.isArray(p.errors) ? (p.errors as FieldProblem[]).slice(0, 50) : [],
    );
  }
  return parsed as T;
}

/** Calls the node; JSON in and out. Throws {@link ApiProblem}. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await staffFetch(path, {
    method,
    ...(body !== undefined
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  return readAnswer<T>(response);
}

/** Any failure of a call as an {@link ApiProblem} (`NETWORK` for what is not one). */
export function asProblem(error: unknown): ApiProblem {
  return error instanceof ApiProblem ? error : new ApiProblem(0, 'NETWORK');
}
