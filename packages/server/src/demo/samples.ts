import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { qrPng } from '@corridor/core/qr';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { Issuance } from '../issuance/service.js';

/** A sample certificate `corridor start` issued, with its files. */
export interface SampleCertificate {
  country: string;
  kind: string;
  text: string;
  textFile: string;
  pngFile: string;
  uci: string;
}

/** The system actor of everything `corridor start` does itself. */
export const START_ACTOR = { id: 'system:start', account: 'system' } as const;

/**
 * Issues one sample certificate in each country through its node's issuance domain (recorded,
 * revocable, printable) and writes its QR text and PNG to `samples/`: a vaccination from China
 * and a NAAT test from Korea, what fast-track travellers carried; a vaccination elsewhere.
 */
export async function issueSamples(options: {
  dir: string;
  issuers: Record<string, Issuance>;
  countries: readonly string[];
  at: Date;
}): Promise<SampleCertificate[]> {
  const samplesDir = path.join(options.dir, 'samples');
  await mkdir(samplesDir, { recursive: true });
  const samples: SampleCertificate[] = [];
  const { at } = options;
  for (const country of options.countries) {
    const payload = samplePayload(country, at);
    const issued = await options.issuers[country]!.issue(
      { type: payload.kind, payload: payload.dcc },
      { actor: START_ACTOR, idempotencyKey: `sample-${country}-${at.toISOString()}` },
    );
    const text = issued.hc1;
    const base = path.join(samplesDir, `${country}-${payload.kind}`);
    await writeFileAtomic(`${base}.txt`, `${text}\n`);
    await writeFileAtomic(`${base}.png`, qrPng(text, { scale: 6 }));
    samples.push({
      country,
      kind: payload.kind,
      text,
      textFile: `${base}.txt`,
      pngFile: `${base}.png`,
      uci: issued.uci,
    });
  }
  return samples;
}

/** An ISO instant without milliseconds, as DCC timestamps are written. */
export const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** A holder per country: names in the passport's script and their transliteration. */
const HOLDERS: Readonly<
  Record<string, { fn: string; fnt: string; gn: string; gnt: string; dob: string }>
> = {
  CN: { fn: '王', fnt: 'WANG', gn: '芳', gnt: 'FANG', dob: '1985-04-12' },
  KR: { fn: '김', fnt: 'KIM', gn: '민준', gnt: 'MINJUN', dob: '1979-11-02' },
  JP: { fn: '佐藤', fnt: 'SATO', gn: '花子', gnt: 'HANAKO', dob: '1990-02-14' },
};
const OTHER_HOLDER = { fn: 'Tan', fnt: 'TAN', gn: 'Wei Ling', gnt: 'WEI<LING', dob: '1988-08-08' };

/** Korea's sample is a NAAT test taken 12 h ago; every other country's a vaccination. */
function samplePayload(country: string, at: Date) {
  const nam = HOLDERS[country] ?? OTHER_HOLDER;
  const { dob, ...names } = nam;
  if (country === 'KR')
    return {
      kind: 'test' as const,
      dcc: {
        ver: '1.3.0',
        nam: names,
        dob,
        t: [
          {
            tg: '840539006',
            tt: 'LP6464-4',
            nm: 'RT-PCR',
            sc: isoSeconds(new Date(at.getTime() - 12 * 3600_000)),
            tr: '260415000',
            tc: 'Seoul Demo Testing Centre',
            co: 'KR',
          },
        ],
      },
    };
  return {
    kind: 'vaccination' as const,
    dcc: {
      ver: '1.3.0',
      nam: names,
      dob,
      v: [
        {
          tg: '840539006',
          vp: '1157024006',
          mp: country === 'CN' ? 'BBIBP-CorV' : 'EU/1/20/1528',
          ma: country === 'CN' ? 'ORG-100020693' : 'ORG-100030215',
          dn: 2,
          sd: 2,
          dt: isoDate(new Date(at.getTime() - 60 * 86400_000)),
          co: country,
        },
      ],
    },
  };
}
