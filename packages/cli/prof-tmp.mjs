import { openBenchNode } from './dist/bench/issue.js';
import { Issuance, issuanceApp, bootstrapAdministrator, sampleVaccination } from '@corridor/server/issuance/index';
const bench = await openBenchNode(process.argv[2]);
const issuance = new Issuance(bench.database.db, bench.node);
const admin = await bootstrapAdministrator(bench.database.db, 'a', new Date());
const app = issuanceApp(issuance);
const body = JSON.stringify(sampleVaccination('CN', new Date()));
const req = () => app.request('/certificates', { method: 'POST', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' }, body });
for (let i = 0; i < 200; i++) await req();
const t = performance.now();
for (let i = 0; i < 400; i++) { const r = await req(); if (r.status !== 201) throw new Error(String(r.status)); }
console.log('sequential ms/req', (performance.now() - t) / 400);
await bench.close();
