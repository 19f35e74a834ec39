// The public surface of `@corridor/server/demo`: what other packages use.
export { CountriesInvalid, consecutivePorts, parseCountries } from './countries.js';
export { corridorSummary } from './summary.js';
