import type { Lane } from '@corridor/core/lanes';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { problemDoc } from '../http/openapi-problem.js';
import {
  PaperQuery,
  PDF_RESPONSE,
  pdfAnswer,
  QR_PNG_RESPONSE,
  QR_SVG_RESPONSE,
  QrScaleQuery,
  qrPngAnswer,
  qrSvgAnswer,
} from '../http/printable.js';
import { HttpProblem } from '../http/problem.js';
import type { Scope, TokenActor } from '../issuance/accounts.js';
import { renderPassPdf } from '../print/pass-pdf.js';
import { lanesRouter } from './routes/common.js';
import type { Lanes } from './service.js';

const Id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/)
  .openapi({ example: 'KR-P-0F3C9A1B2D4E5F60' });
const problems = {
  400: problemDoc('Malformed request'),
  401: problemDoc('No valid bearer token'),
  403: problemDoc('The token lacks the scope (role) for this'),
  404: problemDoc('No such pass (or another sponsor’s)'),
  410: problemDoc('Purged with the personal data'),
};

/**
 * A pass its caller may see: an authority (`lane.decide`) any, a sponsor only its own (another
 * sponsor's answers 404 `PASS_NOT_FOUND`, as if absent).
 */
export async function assertPassVisible(
  lanes: Lanes,
  actor: TokenActor,
  passId: string,
): Promise<void> {
  if (actor.scopes.includes('lane.decide')) return;
  const owner = await lanes.db
    .selectFrom('lane_passes')
    .innerJoin('lane_applications', 'lane_applications.id', 'lane_passes.application')
    .select('lane_applications.sponsor')
    .where('lane_passes.id', '=', passId)
    .executeTakeFirst();
  if (owner?.sponsor !== actor.account)
    throw new HttpProblem(404, 'PASS_NOT_FOUND', `no pass ${passId}`);
}

/**
 * The entry pass for printing and showing, for its sponsor (`lane.apply`) or an authority
 * (`lane.decide`): the QR code as SVG or PNG, and a one-page PDF in English and the
 * destination's language. Served while the pass text is kept (410 once purged).
 */
export function passPrintRoutes(
  lanes: Lanes,
  caller: (c: Context, ...scopes: Scope[]) => Promise<TokenActor>,
) {
  const visibleText = async (c: Context, passId: string) => {
    const actor = await caller(c, 'lane.decide', 'lane.apply');
    await assertPassVisible(lanes, actor, passId);
    return lanes.passText(passId);
  };

  return lanesRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/lanes/passes/{id}/qr.svg',
        summary: "An entry pass's QR code as SVG (its sponsor, or lane.decide)",
        security: [{ bearer: [] }],
        request: { params: z.object({ id: Id }) },
        responses: {
          200: QR_SVG_RESPONSE,
          ...problems,
        },
      }),
      async (c) => {
        const code = await visibleText(c, c.req.valid('param').id);
        return qrSvgAnswer(c, code, 'Entry pass QR code');
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/lanes/passes/{id}/qr.png',
        summary: "An entry pass's QR code as PNG (its sponsor, or lane.decide)",
        security: [{ bearer: [] }],
        request: {
          params: z.object({ id: Id }),
          query: QrScaleQuery,
        },
        responses: {
          200: QR_PNG_RESPONSE,
          ...problems,
        },
      }),
      async (c) => {
        const code = await visibleText(c, c.req.valid('param').id);
        return qrPngAnswer(c, code, c.req.valid('query').scale);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/lanes/passes/{id}/pdf',
        summary:
          'A printable entry pass (A4 or Letter): QR code, names, lane, journey, category, port, entry window, exemption, sponsor and authority in English and the destination language (its sponsor, or lane.decide)',
        security: [{ bearer: [] }],
        request: {
          params: z.object({ id: Id }),
          query: PaperQuery,
        },
        responses: {
          200: PDF_RESPONSE,
          ...problems,
        },
      }),
      async (c) => {
        const passId = c.req.valid('param').id;
        const code = await visibleText(c, passId);
        const row = await lanes.db
          .selectFrom('lane_passes')
          .innerJoin('lane_applications', 'lane_applications.id', 'lane_passes.application')
          .innerJoin('lane_sponsors', 'lane_sponsors.id', 'lane_applications.sponsor')
          .innerJoin('lane_versions', (j) =>
            j
              .onRef('lane_versions.lane_id', '=', 'lane_passes.lane_id')
              .onRef('lane_versions.version', '=', 'lane_passes.lane_version'),
          )
          .select([
            'lane_passes.lane_id',
            'lane_passes.lane_version',
            'lane_passes.issued_at',
            'lane_passes.valid_from',
            'lane_passes.valid_until',
            'lane_applications.origin',
            'lane_applications.destination',
            'lane_applications.category',
            'lane_applications.port',
            'lane_applications.region',
            'lane_applications.holder',
            'lane_applications.sponsor',
            'lane_sponsors.name as sponsorName',
            'lane_versions.lane',
          ])
          .where('lane_passes.id', '=', passId)
          .executeTakeFirst();
        if (!row?.holder)
          throw new HttpProblem(410, 'PASS_TEXT_PURGED', `the pass ${passId} is no longer kept`);
        const lane = row.lane as Lane;
        const direction = lane.directions.find(
          (d) => d.origin === row.origin && d.destination === row.destination,
        );
        const category = direction?.categories.find((k) => k.code === row.category);
        const pdf = await renderPassPdf({
          code,
          passId,
          lane: { id: row.lane_id, version: row.lane_version },
          origin: row.origin,
          destination: row.destination,
          category: { code: row.category, ...(category ? { names: category.names } : {}) },
          port: row.port,
          region: row.region,
          validFrom: new Date(row.valid_from),
          validUntil: new Date(row.valid_until),
          exemptionDays: direction?.exemptionDays ?? 0,
          holder: row.holder,
          sponsor: { id: row.sponsor, name: row.sponsorName },
          authority: lanes.node.config.authority,
          issuedAt: new Date(row.issued_at),
          paper: c.req.valid('query').paper ?? 'A4',
        });
        return pdfAnswer(c, pdf, 'entry-pass.pdf');
      },
    );
}
