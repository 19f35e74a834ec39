import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { problemDoc } from '../../http/openapi-problem.js';
import type { Scope, TokenActor } from '../../issuance/accounts.js';
import type { Lanes } from '../service.js';

/** What a route file of the lanes API is given by `lanesApp`. */
export interface LaneRoutes {
  lanes: Lanes;
  /** The authenticated caller, refused (403) unless it holds one of `scopes`. */
  caller: (c: Context, ...scopes: Scope[]) => Promise<TokenActor>;
}

/** The problems every authenticated lanes route may answer. */
export const COMMON_PROBLEMS = {
  400: problemDoc('Malformed request'),
  401: problemDoc('No valid bearer token'),
  403: problemDoc('The token lacks the scope (role) for this'),
  413: problemDoc('Body too large'),
};

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({
  required: true as const,
  content: { 'application/json': { schema } },
});

/** A JSON response. */
export const jsonResponse = <T extends z.ZodTypeAny>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A text of 1 to `max` characters. */
export const text = (max: number) => z.string().min(1).max(max);
