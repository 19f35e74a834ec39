// The public surface of `@corridor/server/staff`: what other packages use.
export { setStaffPassword } from './sessions.js';
