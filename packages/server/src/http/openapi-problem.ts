import { z } from '@hono/zod-openapi';

/**
 * The RFC 9457 problem body every Corridor service answers with, as OpenAPI describes it (one
 * component, `HttpProblem`, in every service's document).
 */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string().openapi({ description: 'The problem code (docs/problems.md)' }),
    status: z.number(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), code: z.string(), message: z.string() }))
      .optional(),
  })
  .openapi('HttpProblem');

/** An OpenAPI response of `application/problem+json` with this description. */
export function problemDoc(description: string) {
  return {
    description,
    content: { 'application/problem+json': { schema: ProblemSchema } },
  };
}
