/**
 * A first-in, first-out asynchronous mutex. `acquire()` resolves with a release function once
 * every earlier holder has released; releasing twice is harmless.
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #held = 0;

  /** Waits for the lock and returns the function that releases it. */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => next);
    this.#held++;
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#held--;
      release();
    };
  }

  /** Runs `fn` while holding the lock. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Holders plus waiters: 0 when the lock is free and nobody waits. */
  get pending(): number {
    return this.#held;
  }
}
