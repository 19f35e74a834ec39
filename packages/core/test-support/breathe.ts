/**
 * For long synchronous property runs (tens of thousands of cases): call `await breathe()` at the
 * start of each case of an `fc.asyncProperty`; every `every`-th call waits for the event loop to
 * turn (`setImmediate`), so the test worker keeps answering vitest's RPC (its calls time out
 * after 60 s: "Timeout calling onTaskUpdate") however loaded the machine. The cases, their
 * order and the seed are those of the synchronous property; only the worker's silence ends.
 */
export function breather(every = 250): () => Promise<void> {
  let calls = 0;
  return () =>
    ++calls % every === 0 ? new Promise((resolve) => setImmediate(resolve)) : Promise.resolve();
}
