import path from 'node:path';
import type { RunningCorridor } from '../corridor/start.js';
import { authorityName } from './countries.js';

/**
 * The app's pages for each role a node serves, as `corridor start` prints them (the list
 * mirrors `packages/web/src/roles/roles.ts`). The operator console is the gateway's: printed
 * on its own line with the gateway's URL.
 */
const WEB_ROLES = [
  { label: 'Border scanner', path: 'border/scan' },
  { label: 'Arrival desk', path: 'border/desk' },
  { label: 'Traveller wallet', path: 'wallet/certificates' },
  { label: 'Issuer console', path: 'issuer' },
  { label: 'Lane sponsor', path: 'sponsor' },
  { label: 'Lane authority', path: 'authority' },
  { label: 'Testing lab', path: 'lab' },
  { label: 'Monitoring', path: 'monitoring' },
  { label: 'Dashboard', path: 'dashboard' },
] as const;

/**
 * What `corridor start` prints once the corridor runs: the services, the web app (or how to
 * build it), commands that verify the samples offline, how to print one, and the live lane
 * (its accounts, the traveller's files and the `corridor check` commands). Paths are shown
 * relative to `cwd`; `seconds` is how long the start took.
 */
export function corridorSummary(
  corridor: RunningCorridor,
  options: { cwd: string; seconds: number; webDist: string },
): string {
  const rel = (p: string) => path.relative(options.cwd, p) || p;
  const { countries, nodes } = corridor;
  const label = (c: string) => `${authorityName(c).replace(/ \(demo\)$/, '')}`;
  const nodeLines = countries.map(
    (c) =>
      `  Node ${c}             ${nodes[c]}/            (${label(c)}; OpenAPI: ${nodes[c]}/openapi.json)`,
  );
  const apps = corridor.apps;
  const width = Math.max(...WEB_ROLES.map((r) => `${apps?.[countries[0]!] ?? ''}${r.path}`.length));
  const web = apps
    ? `Operator console    ${corridor.operatorConsole} (served by the gateway; read-only, no sign-in)

Web app, served by each node (offline after the first load):

${WEB_ROLES.map(
  (r) =>
    `  ${r.label.padEnd(19)} ${countries
      .map((c, i) => {
        const url = `${apps[c]}${r.path}`;
        return `${c} ${i === countries.length - 1 ? url : url.padEnd(width)}`;
      })
      .join('  ')}`,
).join('\n')}

Staff sign-in (demo accounts, new passwords every start):
${(corridor.staff[countries[0]!] ?? [])
  .map(
    (d, i) =>
      `  ${d.role.padEnd(14)} ${d.page.padEnd(10)} ${countries
        .map((c) => `${c} ${corridor.staff[c]?.[i]?.account} / ${corridor.staff[c]?.[i]?.password}`)
        .join('   ')}`,
  )
  .join('\n')}
`
    : `Web app: not built (${rel(options.webDist)} is missing). Build it with
  npm run build -w @corridor/web
and start again (npm start builds it when it is missing or older than its sources): each node
then serves it under /app/ (border scanner, traveller wallet, staff pages, ...).
`;
  const [first, second] = countries as [string, string];
  const sample = corridor.samples.find((s) => s.country === first)!;
  const other = corridor.samples.find((s) => s.country === second)!;
  const verify = `Verify ${first}'s sample at a ${second} border desk, offline, against the bundle ${second} synced:

  npx corridor verify --bundle ${rel(corridor.bundleFiles[second]!)} --anchor ${rel(corridor.anchorFile)} --verifier ${second} ${rel(sample.pngFile)}

and ${second}'s sample in ${first}, in Chinese:

  npx corridor verify --lang zh --bundle ${rel(corridor.bundleFiles[first]!)} --anchor ${rel(corridor.anchorFile)} --verifier ${first} ${rel(other.pngFile)}

Print ${first}'s sample (administrator token of the ${first} node in ${rel(corridor.adminTokenFiles[first]!)}):

  curl -H "authorization: Bearer $(cat ${rel(corridor.adminTokenFiles[first]!)})" -o sample.pdf \\
    '${nodes[first]}/certificates/${encodeURIComponent(sample.uci)}/pdf'
`;
  return `
Corridor is running (ready in ${options.seconds.toFixed(1)} s).

  Trust gateway       ${corridor.gatewayUrl}/            (API page; OpenAPI: ${corridor.gatewayUrl}/openapi.json)
${nodeLines.join('\n')}
  Interactive docs    ${corridor.gatewayUrl}/docs/ (and /docs/ of each node; Swagger UI, offline)
  Gateway anchor key  ${rel(corridor.anchorFile)}
  Sample certificates ${corridor.samples.map((s) => rel(s.pngFile)).join(', ')}

${web}
${verify}
${corridor.lane ? laneSummary(corridor, rel) : ''}`;
}

/** The live lane's part of the summary. */
function laneSummary(corridor: RunningCorridor, rel: (p: string) => string): string {
  const lane = corridor.lane!;
  const node = corridor.nodes.KR!;
  const f = lane.files;
  // One command over a few lines (shell continuations), broken before the pass, the bundle,
  // the journey and the credentials, so that each line reads as one thing.
  const show = (args: string[]) => {
    const lines: string[][] = [['npx', 'corridor']];
    args.forEach((a, i) => {
      const last = i === args.length - 1 && !a.startsWith('--');
      if (['--pass', '--bundle', '--journey'].includes(a) || last) lines.push([]);
      lines.at(-1)!.push(path.isAbsolute(a) ? rel(a) : a);
    });
    return lines.map((l) => l.join(' ')).join(' \\\n      ');
  };
  return `Live fast-track lane ${lane.lane.id} v${lane.lane.version}, countersigned by CN and KR, in both bundles:

  Sponsor             ${lane.sponsor.id} ${lane.sponsor.name} (token in ${rel(lane.sponsorTokenFile)})
  Approving authority KR node (token in ${rel(lane.authorityTokenFile)})
  Application         ${lane.applicationId} approved; entry pass ${lane.passId}
  Entry window        ${lane.window.validFrom.slice(0, 10)} – ${lane.window.validUntil.slice(0, 10)} (UTC days)
  Entry pass          ${rel(f.passText)}, ${rel(f.passPng)}, ${rel(f.passSvg)}${f.passPdf ? `, ${rel(f.passPdf)}` : ''}
  Traveller           passport MRZ ${rel(f.mrz)}; NAAT tests ${rel(f.test)} (30 h) and ${rel(f.oldTest)} (100 h)
  Scheduled departure ${lane.departure}

The sponsor's pass, as a QR code or a bilingual PDF:

  curl -H "authorization: Bearer $(cat ${rel(lane.sponsorTokenFile)})" -o entry-pass.pdf \\
    '${node}/lanes/passes/${encodeURIComponent(lane.passId)}/pdf'

${lane.checks.map((c) => `${c.title} (exit ${c.expect === 'admit' ? 0 : 1}; --lang en|zh|ko):\n\n  ${show(c.args)}\n`).join('\n')}
${BREAKER_HEADING}: both sides published a week of unlinked cases (7-day mean under 5); the
lane's breaker (7-day mean above 5 on either side) suspends new passes and honours passes issued
before its announcement. While the corridor runs (not with --once), in this order (lane status,
publish and check take --lang en|zh|ko):

${lane.breaker.map((s, i) => `${i + 1}. ${s.title} (exit ${s.exit}):\n\n  ${show(s.args)}\n`).join('\n')}`;
}

/** The heading of the summary's breaker demo (the checks before it are the lane's own). */
export const BREAKER_HEADING = 'Circuit breaker';
