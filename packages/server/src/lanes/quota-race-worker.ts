/**
 * One node process of the quota race (`quota-race.ts`): opens the shared PostgreSQL schema,
 * loads the entry-pass DSC it is handed, and approves the applications it is given, `inFlight`
 * at a time (that many approval loops share the process's pool and commit in groups, as
 * `Lanes.approve` does), taking them in the order given.
 * It prints one line per approval that returned a pass
 * (`pass <application> <pass id>`): a pass that reached its caller. At the end it prints
 * `done <json of outcome counts>` and exits. Started by the race with the job on stdin.
 */
import { createPrivateKey } from 'node:crypto';
import { openDatabase } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';
import { ApprovalGroups } from './approval-group.js';
import { createLanesNode } from './config.js';

/** What the race hands a worker (JSON on stdin). */
export interface QuotaRaceJob {
  url: string;
  schema: string;
  /** The DSC certificate (base64 DER) and its PKCS#8 private key (base64). */
  dsc: { certificate: string; privateKey: string };
  authority: { id: string; name: string };
  ids: string[];
  inFlight: number;
  now: string;
  actor: { id: string; account: string };
}

async function main(): Promise<void> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const job = JSON.parse(text) as QuotaRaceJob;
  const database = await openDatabase({
    url: job.url,
    schema: job.schema,
    migrate: false,
    poolSize: job.inFlight + 1,
  });
  const node = await createLanesNode({
    country: 'KR',
    authority: job.authority,
    dscs: [
      {
        label: 'pass-race',
        certificate: Buffer.from(job.dsc.certificate, 'base64'),
        privateKey: createPrivateKey({
          key: Buffer.from(job.dsc.privateKey, 'base64'),
          format: 'der',
          type: 'pkcs8',
        }),
      },
    ],
  });
  const counts: Record<string, number> = {};
  let next = 0;
  const now = new Date(job.now);
  // The node's approval path (`Lanes.approve`): approvals asked for together commit together.
  const approvals = new ApprovalGroups(database.db, node, () => now);
  process.stdout.write('ready\n');
  await Promise.all(
    Array.from({ length: job.inFlight }, async () => {
      while (next < job.ids.length) {
        const id = job.ids[next++]!;
        try {
          const pass = await approvals.approve(id, job.actor);
          process.stdout.write(`pass ${id} ${pass.passId}\n`);
          counts.pass = (counts.pass ?? 0) + 1;
        } catch (error) {
          if (!(error instanceof HttpProblem)) throw error;
          counts[error.code] = (counts[error.code] ?? 0) + 1;
        }
      }
    }),
  );
  process.stdout.write(`done ${JSON.stringify(counts)}\n`);
  await database.close();
}

await main();
