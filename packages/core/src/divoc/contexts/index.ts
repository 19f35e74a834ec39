import { COWIN_VACCINATION_V1 } from './cowin-vaccination-v1.js';
import { COWIN_VACCINATION_V2 } from './cowin-vaccination-v2.js';
import { CREDENTIALS_V1 } from './credentials-v1.js';
import { DIVOC_VACCINATION_V1 } from './divoc-vaccination-v1.js';
import { SECURITY_V1 } from './security-v1.js';
import { SECURITY_V2 } from './security-v2.js';

/** The security context proof options are canonicalised under (jsonld-signatures' default). */
export const SECURITY_V2_URL = 'https://w3id.org/security/v2';

/**
 * The JSON-LD contexts Corridor serves to the canonicaliser without any network: the W3C
 * credentials and security contexts every DIVOC proof needs, and the vaccination contexts of
 * CoWIN (India) and of the DIVOC platform itself. Another deployment's context is added as
 * trust material (`DivocTrust.create({ contexts })`), never fetched.
 */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['https://www.w3.org/2018/credentials/v1', CREDENTIALS_V1],
  ['https://w3id.org/security/v1', SECURITY_V1],
  [SECURITY_V2_URL, SECURITY_V2],
  ['https://cowin.gov.in/credentials/vaccination/v1', COWIN_VACCINATION_V1],
  ['https://cowin.gov.in/credentials/vaccination/v2', COWIN_VACCINATION_V2],
  ['https://divoc.dev/credentials/vaccination/v1', DIVOC_VACCINATION_V1],
]);
