import fc from 'fast-check';

/**
 * Vitest setup file: every property-based test runs with a fixed seed, so a run is repeatable
 * and a failure can be replayed. fast-check prints the seed and the counterexample path with
 * every failure; `CORRIDOR_FC_SEED` replays another seed (or explores: `CORRIDOR_FC_SEED=random`).
 * A test that passes its own `seed` keeps it.
 */
const requested = process.env.CORRIDOR_FC_SEED;
const seed =
  requested === 'random'
    ? Math.floor(Math.random() * 0x7fffffff)
    : requested !== undefined
      ? Number(requested)
      : 20261206;
if (!Number.isSafeInteger(seed))
  throw new Error(`CORRIDOR_FC_SEED must be an integer, not ${requested}`);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
