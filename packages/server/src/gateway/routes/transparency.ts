import { toBase64 } from '@corridor/core/lib';
import { createRoute, z } from '@hono/zod-openapi';
import { queryAudit } from '../../audit/index.js';
import { HttpProblem } from '../../http/problem.js';
import type { Gateway } from '../service.js';
import { transparencyLeaf } from '../transparency.js';
import { gatewayRouter, type OperatorCheck, problems } from './shared.js';

/** The transparency log (signed head, inclusion and consistency proofs) and the audit log. */
export function transparencyRoutes(gateway: Gateway, operator: OperatorCheck) {
  const Proof = z.object({ treeSize: z.number(), proof: z.array(z.string()) });
  return gatewayRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/tlog/head',
        summary: 'Signed tree head of the transparency log (COSE_Sign1)',
        responses: {
          200: {
            description: 'Tree head',
            content: { 'application/cose': { schema: z.string().openapi({ format: 'binary' }) } },
          },
        },
      }),
      async (c) =>
        c.body((await gateway.signedTreeHead()) as unknown as ArrayBuffer, 200, {
          'content-type': 'application/cose',
        }),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/tlog/inclusion',
        summary: 'Inclusion proof of a leaf in a tree of a given size',
        request: {
          query: z.object({
            index: z.coerce.number().int().min(0),
            size: z.coerce.number().int().min(1),
          }),
        },
        responses: {
          200: {
            description: 'Proof (base64 hashes)',
            content: {
              'application/json': {
                schema: Proof.extend({ leaf: z.string(), leafHash: z.string() }),
              },
            },
          },
          ...problems,
        },
      }),
      async (c) => {
        const { index, size } = c.req.valid('query');
        const log = await gateway.transparencyLog();
        if (size > log.size || index >= size)
          throw new HttpProblem(422, 'TLOG_RANGE', `the log has ${log.size} leaves`);
        const leaf = await transparencyLeaf(gateway.db, index);
        return c.json(
          {
            treeSize: size,
            leaf: toBase64(leaf.leaf_data),
            leafHash: toBase64(leaf.leaf_hash),
            proof: log.inclusionProof(index, size).map(toBase64),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/tlog/consistency',
        summary: 'Consistency proof between two tree sizes',
        request: {
          query: z.object({
            from: z.coerce.number().int().min(1),
            to: z.coerce.number().int().min(1),
          }),
        },
        responses: {
          200: {
            description: 'Proof (base64 hashes)',
            content: { 'application/json': { schema: Proof.extend({ from: z.number() }) } },
          },
          ...problems,
        },
      }),
      async (c) => {
        const { from, to } = c.req.valid('query');
        const log = await gateway.transparencyLog();
        if (from > to || to > log.size)
          throw new HttpProblem(422, 'TLOG_RANGE', `the log has ${log.size} leaves`);
        return c.json(
          { from, treeSize: to, proof: log.consistencyProof(from, to).map(toBase64) },
          200,
        );
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/audit',
        summary: 'Audit log (gateway operator)',
        security: [{ operator: [] }],
        request: {
          query: z.object({
            action: z.string().max(100).optional(),
            limit: z.coerce.number().int().min(1).max(1000).optional(),
          }),
        },
        responses: {
          200: {
            description: 'Entries',
            content: { 'application/json': { schema: z.array(z.record(z.string(), z.unknown())) } },
          },
          ...problems,
        },
      }),
      async (c) => {
        operator(c);
        const q = c.req.valid('query');
        const rows = await queryAudit(gateway.db, {
          ...(q.action ? { action: q.action } : {}),
          limit: q.limit ?? 100,
        });
        return c.json(rows as unknown as Record<string, unknown>[], 200);
      },
    );
}
