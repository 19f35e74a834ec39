import type { Lang } from '../report/finding.js';
import type { EuValueSet } from './valuesets.js';

/** A display name in every supported language. */
export type LocalizedName = Readonly<Record<Lang, string>>;

/**
 * Built-in display names (en, zh, ko) for the small, stable EU value sets, keyed by EU
 * `valueSetId` and code. English names are those of eu-dcc-valuesets (2023 release);
 * brand names stay as they are in every language. Countries are not here: they come from
 * `Intl.DisplayNames` at run time. Test devices (`test-manf`) change too often to be built in.
 */
export const BUILTIN_VALUE_SET_NAMES: Readonly<
  Record<string, Readonly<Record<string, LocalizedName>>>
> = {
  'disease-agent-targeted': {
    '840539006': {
      en: 'COVID-19',
      zh: '新型冠状病毒感染（COVID-19）',
      ko: '코로나바이러스감염증-19(COVID-19)',
    },
  },
  'sct-vaccines-covid-19': {
    '1119305005': {
      en: 'SARS-CoV-2 antigen vaccine',
      zh: 'SARS-CoV-2 抗原疫苗',
      ko: 'SARS-CoV-2 항원 백신',
    },
    '1119349007': {
      en: 'SARS-CoV-2 mRNA vaccine',
      zh: 'SARS-CoV-2 mRNA 疫苗',
      ko: 'SARS-CoV-2 mRNA 백신',
    },
    J07BX03: {
      en: 'covid-19 vaccines (deprecated)',
      zh: '新冠病毒疫苗（已弃用）',
      ko: 'COVID-19 백신(사용 중단)',
    },
    '1162643001': {
      en: 'SARS-CoV-2 recombinant spike protein antigen vaccine',
      zh: 'SARS-CoV-2 重组刺突蛋白抗原疫苗',
      ko: 'SARS-CoV-2 재조합 스파이크 단백질 항원 백신',
    },
    '1157024006': {
      en: 'Inactivated whole SARS-CoV-2 antigen vaccine',
      zh: 'SARS-CoV-2 全病毒灭活抗原疫苗',
      ko: 'SARS-CoV-2 전바이러스 불활화 항원 백신',
    },
    '29061000087103': {
      en: 'COVID-19 non-replicating viral vector vaccine',
      zh: '新冠病毒非复制型病毒载体疫苗',
      ko: 'COVID-19 비복제 바이러스 벡터 백신',
    },
    '28531000087107': { en: 'COVID-19 vaccine', zh: '新冠病毒疫苗', ko: 'COVID-19 백신' },
    '30141000087107': {
      en: 'SARS-CoV-2 virus-like particle antigen vaccine',
      zh: 'SARS-CoV-2 病毒样颗粒抗原疫苗',
      ko: 'SARS-CoV-2 바이러스 유사 입자 항원 백신',
    },
    '1187593009': {
      en: 'SARS-CoV-2 DNA plasmid encoding spike protein vaccine',
      zh: '编码刺突蛋白的 SARS-CoV-2 DNA 质粒疫苗',
      ko: '스파이크 단백질을 암호화하는 SARS-CoV-2 DNA 플라스미드 백신',
    },
  },
  'covid-19-lab-test-type': {
    'LP6464-4': {
      en: 'Nucleic acid amplification with probe detection',
      zh: '核酸扩增检测（探针法）',
      ko: '탐침 검출 핵산 증폭 검사',
    },
    'LP217198-3': { en: 'Rapid immunoassay', zh: '快速免疫检测', ko: '신속 면역 검사' },
  },
  'covid-19-lab-result': {
    '260415000': { en: 'Not detected', zh: '未检出', ko: '검출되지 않음' },
    '260373001': { en: 'Detected', zh: '检出', ko: '검출됨' },
  },
  'vaccines-covid-19-names': {
    'EU/1/20/1528': same('Comirnaty'),
    'EU/1/20/1507': same('Spikevax'),
    'EU/1/21/1529': same('Vaxzevria'),
    'EU/1/20/1525': same('Jcovden'),
    'EU/1/21/1618': same('Nuvaxovid'),
    'EU/1/21/1624': {
      en: 'COVID-19 Vaccine Valneva',
      zh: 'Valneva 新冠病毒疫苗',
      ko: 'Valneva COVID-19 백신',
    },
    'EU/1/21/1580': same('VidPrevtyn Beta'),
    'EU/1/22/1709': same('Bimervax'),
    CVnCoV: same('CVnCoV'),
    'NVX-CoV2373': deprecated('NVX-CoV2373'),
    'Sputnik-V': same('Sputnik-V'),
    Convidecia: same('Convidecia'),
    EpiVacCorona: same('EpiVacCorona'),
    'BBIBP-CorV': same('BBIBP-CorV'),
    'Inactivated-SARS-CoV-2-Vero-Cell': {
      en: 'Inactivated SARS-CoV-2 (Vero Cell) (deprecated)',
      zh: '新型冠状病毒灭活疫苗（Vero 细胞）（已弃用）',
      ko: 'SARS-CoV-2 불활화 백신(Vero 세포)(사용 중단)',
    },
    CoronaVac: same('CoronaVac'),
    Covaxin: same('Covaxin'),
    Covishield: same('Covishield'),
    'Covid-19-recombinant': {
      en: 'Covid-19 (recombinant)',
      zh: '新冠病毒疫苗（重组）',
      ko: 'COVID-19 백신(재조합)',
    },
    'R-COVI': same('R-COVI'),
    CoviVac: same('CoviVac'),
    'Sputnik-Light': same('Sputnik Light'),
    'Hayat-Vax': same('Hayat-Vax'),
    Abdala: same('Abdala'),
    'WIBP-CorV': same('WIBP-CorV'),
    'MVC-COV1901': {
      en: 'MVC COVID-19 vaccine',
      zh: 'MVC 新冠病毒疫苗',
      ko: 'MVC COVID-19 백신',
    },
    Covovax: same('Covovax'),
    Vidprevtyn: deprecated('Vidprevtyn'),
    VLA2001: deprecated('VLA2001'),
    'EpiVacCorona-N': same('EpiVacCorona-N'),
    'Sputnik-M': same('Sputnik M'),
    'Covid-19-adsorvida-inativada': {
      en: 'Vacina adsorvida covid-19 (inativada)',
      zh: '吸附新冠病毒灭活疫苗',
      ko: '흡착 COVID-19 불활화 백신',
    },
    'NVSI-06-08': same('NVSI-06-08'),
    'YS-SC2-010': same('YS-SC2-010'),
    SCTV01C: same('SCTV01C'),
    Covifenz: same('Covifenz'),
    AZD2816: same('AZD2816'),
    'Soberana-02': same('Soberana 02'),
    'Soberana-Plus': same('Soberana Plus'),
  },
  'vaccines-covid-19-auth-holders': {
    'ORG-100001699': {
      en: 'AstraZeneca AB',
      zh: '阿斯利康（AstraZeneca AB）',
      ko: '아스트라제네카(AstraZeneca AB)',
    },
    'ORG-100030215': {
      en: 'Biontech Manufacturing GmbH',
      zh: 'BioNTech 生产有限公司（Biontech Manufacturing GmbH）',
      ko: '바이오엔테크 제조(Biontech Manufacturing GmbH)',
    },
    'ORG-100001417': {
      en: 'Janssen-Cilag International',
      zh: '杨森（Janssen-Cilag International）',
      ko: '얀센(Janssen-Cilag International)',
    },
    'ORG-100031184': {
      en: 'Moderna Biotech Spain S.L.',
      zh: '莫德纳（Moderna Biotech Spain S.L.）',
      ko: '모더나(Moderna Biotech Spain S.L.)',
    },
    'ORG-100006270': {
      en: 'Curevac AG',
      zh: 'CureVac 公司（Curevac AG）',
      ko: '큐어백(Curevac AG)',
    },
    'ORG-100013793': { en: 'CanSino Biologics', zh: '康希诺生物', ko: '캔시노 바이오로직스' },
    'ORG-100020693': {
      en: 'China Sinopharm International Corp. - Beijing location',
      zh: '中国国药国际公司（北京）',
      ko: '중국 시노팜 인터내셔널(베이징 소재)',
    },
    'ORG-100010771': {
      en: 'Sinopharm Weiqida Europe Pharmaceutical s.r.o. - Prague location',
      zh: '国药威奇达欧洲制药有限公司（布拉格）',
      ko: '시노팜 웨이치다 유럽 제약(프라하 소재)',
    },
    'ORG-100024420': {
      en: 'Sinopharm Zhijun (Shenzhen) Pharmaceutical Co. Ltd. - Shenzhen location',
      zh: '国药集团致君（深圳）制药有限公司（深圳）',
      ko: '시노팜 즈쥔(선전) 제약(선전 소재)',
    },
    'ORG-100032020': {
      en: 'Novavax CZ a.s.',
      zh: '诺瓦瓦克斯（Novavax CZ a.s.）',
      ko: '노바백스(Novavax CZ a.s.)',
    },
    'Gamaleya-Research-Institute': {
      en: 'Gamaleya Research Institute',
      zh: '加马列亚研究所',
      ko: '가말레야 연구소',
    },
    'Vector-Institute': { en: 'Vector Institute', zh: '“矢量”研究所', ko: '벡터 연구소' },
    'Sinovac-Biotech': { en: 'Sinovac Biotech', zh: '科兴生物', ko: '시노백 바이오텍' },
    'Bharat-Biotech': { en: 'Bharat Biotech', zh: '巴拉特生物技术公司', ko: '바라트 바이오텍' },
    'ORG-100001981': {
      en: 'Serum Institute Of India Private Limited',
      zh: '印度血清研究所私人有限公司',
      ko: '인도 혈청연구소',
    },
    Fiocruz: {
      en: 'Fiocruz',
      zh: '奥斯瓦尔多·克鲁斯基金会（Fiocruz）',
      ko: '오스바우두 크루스 재단(Fiocruz)',
    },
    'ORG-100007893': { en: 'R-Pharm CJSC', zh: 'R-Pharm 股份公司', ko: 'R-Pharm 주식회사' },
    'Chumakov-Federal-Scientific-Center': {
      en: 'Chumakov Federal Scientific Center for Research and Development of Immune-and-Biological Products',
      zh: '丘马科夫免疫生物制品研发联邦科学中心',
      ko: '추마코프 면역생물학적 제제 연구개발 연방과학센터',
    },
    'ORG-100023050': {
      en: 'Gulf Pharmaceutical Industries',
      zh: '海湾制药工业公司',
      ko: '걸프 제약 산업',
    },
    CIGB: {
      en: 'Center for Genetic Engineering and Biotechnology',
      zh: '遗传工程与生物技术中心',
      ko: '유전공학 생명공학 센터',
    },
    'Sinopharm-WIBP': {
      en: 'Sinopharm - Wuhan Institute of Biological Products',
      zh: '国药集团武汉生物制品研究所',
      ko: '시노팜 우한생물제품연구소',
    },
    'ORG-100033914': {
      en: 'Medigen Vaccine Biologics Corporation',
      zh: '高端疫苗生物制剂股份有限公司',
      ko: '메디젠 백신 바이오로직스',
    },
    'ORG-100000788': { en: 'Sanofi Pasteur', zh: '赛诺菲巴斯德', ko: '사노피 파스퇴르' },
    'ORG-100036422': { en: 'Valneva France', zh: 'Valneva 法国公司', ko: '발네바 프랑스' },
    'Instituto-Butantan': { en: 'Instituto Butantan', zh: '布坦坦研究所', ko: '부탄탄 연구소' },
    NVSI: {
      en: 'National Vaccine and Serum Institute, China',
      zh: '中国国家疫苗与血清研究所',
      ko: '중국 국가백신혈청연구소',
    },
    'Yisheng-Biopharma': { en: 'Yisheng Biopharma', zh: '依生生物', ko: '이셩 바이오파마' },
    'ORG-100026614': { en: 'Sinocelltech Ltd.', zh: '神州细胞工程有限公司', ko: '시노셀텍' },
    'ORG-100008549': { en: 'Medicago Inc.', zh: 'Medicago 公司', ko: '메디카고' },
    'Finlay-Institute': {
      en: 'Finlay Institute of Vaccines',
      zh: '芬莱疫苗研究所',
      ko: '핀레이 백신 연구소',
    },
    'ORG-100036914': {
      en: 'Hipra Human Health S.L.',
      zh: 'Hipra Human Health 公司',
      ko: '히프라 휴먼 헬스(Hipra Human Health S.L.)',
    },
  },
};

/** A brand name, the same in every language. */
function same(name: string): LocalizedName {
  return { en: name, zh: name, ko: name };
}

/** A withdrawn brand name with "(deprecated)" in each language. */
function deprecated(name: string): LocalizedName {
  return { en: `${name} (deprecated)`, zh: `${name}（已弃用）`, ko: `${name}(사용 중단)` };
}

/**
 * The built-in sets as EU value sets, for a node that has not yet received the gateway's
 * signed value sets: issuance can then still refuse unknown disease, vaccine, manufacturer,
 * test-type and result codes. Countries and test devices are not built in.
 */
export function builtinValueSets(): EuValueSet[] {
  return Object.entries(BUILTIN_VALUE_SET_NAMES).map(([valueSetId, codes]) => ({
    valueSetId,
    valueSetDate: 'built-in',
    valueSetValues: Object.fromEntries(
      Object.entries(codes).map(([code, name]) => [
        code,
        { display: name.en, lang: 'en', active: true, version: 'built-in', system: 'corridor' },
      ]),
    ),
  }));
}
