/**
 * The three answers a border officer can get. `unverifiable` is not the traveller's fault: the
 * device has no usable trust (no bundle, an expired one, a clock set before it), so the code
 * could not be checked and the officer must use another procedure. The lane desk maps its
 * admit / refuse / refer onto the same three.
 */
export type Outcome = 'valid' | 'invalid' | 'unverifiable';
