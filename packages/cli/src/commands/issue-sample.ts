import { csvField } from './issue-csv.js';

/** The columns of the sample, in the order `examples/issue-sample.csv` has them. */
const COLUMNS = [
  'id',
  'type',
  'fn',
  'fnt',
  'gn',
  'gnt',
  'dob',
  'tg',
  'vp',
  'mp',
  'ma',
  'dn',
  'sd',
  'dt',
  'tt',
  'nm',
  'sc',
  'tr',
  'tc',
  'fr',
  'df',
  'du',
  'co',
  'is',
] as const;

type Column = (typeof COLUMNS)[number];
type SampleRow = Partial<Record<Column, string>>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A bulk-issuance CSV for trying `corridor issue` (`corridor issue --sample`): the rows of
 * `packages/cli/examples/issue-sample.csv` (the three types, names in Chinese and Latin
 * script, quoted fields with commas and quotes, a partial date of birth, empty optional
 * cells), every date counted back from `at`. A fixed file cannot stay valid: a test result is
 * refused 72 hours after its sample was taken and a recovery once its `du` has passed, so the
 * dates are made for the day the sample is written. `country` fills the `co` cells and the
 * `id` prefix (the node issues for it).
 */
export function sampleCsv(at: Date, country = 'CN'): string {
  const day = (daysBack: number) =>
    new Date(at.getTime() - daysBack * DAY).toISOString().slice(0, 10);
  const instant = (hoursBack: number) => {
    const t = new Date(Math.floor((at.getTime() - hoursBack * HOUR) / (30 * 60_000)) * 30 * 60_000);
    return t.toISOString().replace('.000Z', 'Z');
  };
  const year = day(0).slice(0, 4);
  const cc = country.toUpperCase();
  const person = (fn: string, fnt: string, gn: string, gnt: string, dob: string) => ({
    fn,
    fnt,
    gn,
    gnt,
    dob,
    tg: '840539006',
  });
  const rows: SampleRow[] = [
    {
      ...person('王', 'WANG', '芳', 'FANG', '1985-04-12'),
      type: 'vaccination',
      vp: 'J07BX03',
      mp: 'BBIBP-CorV',
      ma: 'ORG-100020693',
      dn: '2',
      sd: '2',
      dt: day(40),
      co: cc,
      is: 'National Health Commission',
    },
    {
      ...person("O'Brien-Li", 'OBRIEN<LI', 'Anna', 'ANNA', '1990-07-01'),
      type: 'vaccination',
      vp: '1119349007',
      mp: 'EU/1/20/1528',
      ma: 'ORG-100030215',
      dn: '3',
      sd: '3',
      dt: day(20),
    },
    {
      ...person('李', 'LI', '小龙', 'XIAOLONG', '1979'),
      type: 'vaccination',
      vp: 'J07BX03',
      mp: 'BBIBP-CorV',
      ma: 'ORG-100020693',
      dn: '1',
      sd: '2',
      dt: day(60),
      co: cc,
    },
    {
      ...person('张', 'ZHANG', '伟', 'WEI', '2001-03-09'),
      type: 'test',
      tt: 'LP6464-4',
      nm: 'RT-PCR',
      sc: instant(6),
      tr: '260415000',
      tc: 'Beijing Testing Centre, Chaoyang',
    },
    {
      ...person('Chen "Jack"', 'CHEN', 'Jie', 'JIE', '1995-11-30'),
      type: 'test',
      ma: '1232',
      tt: 'LP217198-3',
      sc: instant(3),
      tr: '260415000',
      tc: 'Shanghai Airport Test Site',
      co: cc,
    },
    {
      ...person('刘', 'LIU', '洋', 'YANG', '1988-02-14'),
      type: 'recovery',
      fr: day(30),
      df: day(19),
      du: day(30 - 180),
      co: cc,
    },
    {
      ...person('赵', 'ZHAO', '敏', 'MIN', '1975-09-05'),
      type: 'recovery',
      fr: day(15),
      df: day(4),
      du: day(15 - 180),
    },
  ];
  const prefix = `${cc.toLowerCase()}-${year}-`;
  const lines = rows.map((row, i) =>
    COLUMNS.map((c) =>
      c === 'id' ? `${prefix}${String(i + 1).padStart(6, '0')}` : csvField(row[c] ?? ''),
    ).join(','),
  );
  // A byte-order mark, so that a spreadsheet opens the Chinese names as UTF-8.
  return `\uFEFF${[COLUMNS.join(','), ...lines].join('\n')}\n`;
}
