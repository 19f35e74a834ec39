/**
 * ISO 3166-1 alpha-3 to alpha-2, for formats that name countries in alpha-3 (ICAO 9303 seals and
 * MRZs, WHO DDCC data sets) in reports (which name countries in alpha-2). Generated from the Debian iso-codes ISO 3166-1 table:
 * each entry is five letters, alpha-3 then alpha-2.
 */
const ISO_3166: string =
  'ABWAW AFGAF AGOAO AIAAI ALAAX ALBAL ANDAD AREAE ARGAR ARMAM ASMAS ATAAQ ATFTF ATGAG ' +
  'AUSAU AUTAT AZEAZ BDIBI BELBE BENBJ BESBQ BFABF BGDBD BGRBG BHRBH BHSBS BIHBA BLMBL ' +
  'BLRBY BLZBZ BMUBM BOLBO BRABR BRBBB BRNBN BTNBT BVTBV BWABW CAFCF CANCA CCKCC CHECH ' +
  'CHLCL CHNCN CIVCI CMRCM CODCD COGCG COKCK COLCO COMKM CPVCV CRICR CUBCU CUWCW CXRCX ' +
  'CYMKY CYPCY CZECZ DEUDE DJIDJ DMADM DNKDK DOMDO DZADZ ECUEC EGYEG ERIER ESHEH ESPES ' +
  'ESTEE ETHET FINFI FJIFJ FLKFK FRAFR FROFO FSMFM GABGA GBRGB GEOGE GGYGG GHAGH GIBGI ' +
  'GINGN GLPGP GMBGM GNBGW GNQGQ GRCGR GRDGD GRLGL GTMGT GUFGF GUMGU GUYGY HKGHK HMDHM ' +
  'HNDHN HRVHR HTIHT HUNHU IDNID IMNIM INDIN IOTIO IRLIE IRNIR IRQIQ ISLIS ISRIL ITAIT ' +
  'JAMJM JEYJE JORJO JPNJP KAZKZ KENKE KGZKG KHMKH KIRKI KNAKN KORKR KWTKW LAOLA LBNLB ' +
  'LBRLR LBYLY LCALC LIELI LKALK LSOLS LTULT LUXLU LVALV MACMO MAFMF MARMA MCOMC MDAMD ' +
  'MDGMG MDVMV MEXMX MHLMH MKDMK MLIML MLTMT MMRMM MNEME MNGMN MNPMP MOZMZ MRTMR MSRMS ' +
  'MTQMQ MUSMU MWIMW MYSMY MYTYT NAMNA NCLNC NERNE NFKNF NGANG NICNI NIUNU NLDNL NORNO ' +
  'NPLNP NRUNR NZLNZ OMNOM PAKPK PANPA PCNPN PERPE PHLPH PLWPW PNGPG POLPL PRIPR PRKKP ' +
  'PRTPT PRYPY PSEPS PYFPF QATQA REURE ROURO RUSRU RWARW SAUSA SDNSD SENSN SGPSG SGSGS ' +
  'SHNSH SJMSJ SLBSB SLESL SLVSV SMRSM SOMSO SPMPM SRBRS SSDSS STPST SURSR SVKSK SVNSI ' +
  'SWESE SWZSZ SXMSX SYCSC SYRSY TCATC TCDTD TGOTG THATH TJKTJ TKLTK TKMTM TLSTL TONTO ' +
  'TTOTT TUNTN TURTR TUVTV TWNTW TZATZ UGAUG UKRUA UMIUM URYUY USAUS UZBUZ VATVA VCTVC ' +
  'VENVE VGBVG VIRVI VNMVN VUTVU WLFWF WSMWS YEMYE ZAFZA ZMBZM ZWEZW';

/**
 * ICAO 9303 Part 3 codes that are not ISO 3166-1 alpha-3: Germany's `D` (written `D<<` in an
 * MRZ), the British nationality variants, Kosovo, and the specimen state Utopia, whose
 * certificates say `C=UT`.
 */
const ICAO_EXTRA: Record<string, string> = {
  D: 'DE',
  'D<<': 'DE',
  GBD: 'GB',
  GBN: 'GB',
  GBO: 'GB',
  GBP: 'GB',
  GBS: 'GB',
  RKS: 'XK',
  UTO: 'UT',
};

const TABLE = new Map<string, string>(Object.entries(ICAO_EXTRA));
for (const entry of ISO_3166.split(' ')) TABLE.set(entry.slice(0, 3), entry.slice(3));

/** The alpha-2 code of an ICAO/ISO alpha-3 state code, or `undefined` when unknown. */
export function alpha2FromAlpha3(code: string): string | undefined {
  return TABLE.get(code);
}

/**
 * The alpha-2 code of a country given in alpha-3 (or already in alpha-2); `undefined` for
 * anything else.
 *
 * @example
 * alpha2Country('SGP') // 'SG'
 */
export function alpha2Country(code: string): string | undefined {
  if (/^[A-Z]{2}$/.test(code)) return code;
  return TABLE.get(code);
}
