/**
 * Every role the app serves, in the order the home page lists them. `ready` roles have their
 * pages in this phase; the others get a landing page saying what arrives with which issue.
 */
export const ROLES = [
  { id: 'border', ready: true },
  { id: 'wallet', ready: true },
  { id: 'issuer', ready: true },
  { id: 'sponsor', ready: true },
  { id: 'authority', ready: true },
  { id: 'lab', ready: true },
  { id: 'monitoring', ready: true },
  { id: 'dashboard', ready: true },
  { id: 'operator', ready: true },
] as const;

export type RoleId = (typeof ROLES)[number]['id'];
