import { AsyncLocalStorage, executionAsyncId } from 'node:async_hooks';
import type { DatabaseConnection, Driver, QueryCompiler, TransactionSettings } from 'kysely';

/** Message of the error thrown when the root handle is used inside a transaction. */
export const ROOT_HANDLE_IN_TRANSACTION =
  'Database handle used inside a transaction: use the transaction handle (trx) for every ' +
  'query in a transaction callback. On embedded PGlite there is one connection, so the outer ' +
  'handle would wait for the transaction forever; on PostgreSQL the query would run outside ' +
  'the transaction.';

interface TransactionScope {
  open: boolean;
}

const scope = new AsyncLocalStorage<TransactionScope>();
// Switch async tracking on now, not at the first transaction. On Node 20, AsyncLocalStorage
// starts tracking promises on its first `run`/`enterWith`; promises created before that carry
// no context, and the code that runs when they settle runs in the process's root context. The
// first transactions of concurrent flows that were already waiting (e.g. for a pool
// connection) then marked that shared root context, and every flow continuing from an
// untracked promise inherited another flow's open transaction (a false
// ROOT_HANDLE_IN_TRANSACTION). `run` leaves no store behind.
scope.run({ open: false }, () => undefined);

/**
 * Wraps a Kysely driver so that the rule "inside a transaction use the transaction handle only"
 * is enforced on both engines. When `db.transaction().execute(fn)` begins its transaction, the
 * async context that runs `fn` is marked; any query that then asks the driver for a new
 * connection from within that context (i.e. used `db` instead of `trx`) fails at once with
 * {@link ROOT_HANDLE_IN_TRANSACTION} instead of deadlocking on PGlite's single connection or
 * silently escaping the transaction on PostgreSQL. Work started inside the callback that runs
 * after the transaction has ended is not affected. Controlled transactions
 * (`db.startTransaction()`) are not covered by the check, only by the documented rule.
 */
export class TransactionGuardDriver implements Driver {
  readonly #inner: Driver;
  readonly #scopes = new WeakMap<DatabaseConnection, TransactionScope>();

  constructor(inner: Driver) {
    this.#inner = inner;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  acquireConnection(): Promise<DatabaseConnection> {
    if (scope.getStore()?.open) {
      return Promise.reject(new Error(ROOT_HANDLE_IN_TRANSACTION));
    }
    return this.#inner.acquireConnection();
  }

  // Deliberately not `async`: `enterWith` must run synchronously in Kysely's calling context
  // so that the transaction callback, which runs after this call, inherits the mark.
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const mark: TransactionScope = { open: true };
    this.#scopes.set(connection, mark);
    // Never mark the root context (async id 0): it is shared by every flow resuming from an
    // untracked promise, so the mark would leak into them. The check is then skipped for this
    // transaction rather than refusing other flows' queries.
    if (executionAsyncId() !== 0) scope.enterWith(mark);
    return this.#inner.beginTransaction(connection, settings).catch((error: unknown) => {
      mark.open = false;
      throw error;
    });
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.commitTransaction(connection);
    } finally {
      this.#close(connection);
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.rollbackTransaction(connection);
    } finally {
      this.#close(connection);
    }
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.#savepointDriver('savepoint').savepoint!(connection, name, compileQuery);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.#savepointDriver('rollbackToSavepoint').rollbackToSavepoint!(
      connection,
      name,
      compileQuery,
    );
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.#savepointDriver('releaseSavepoint').releaseSavepoint!(
      connection,
      name,
      compileQuery,
    );
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.#close(connection);
    return this.#inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }

  #close(connection: DatabaseConnection): void {
    const mark = this.#scopes.get(connection);
    if (mark) mark.open = false;
    this.#scopes.delete(connection);
  }

  #savepointDriver(method: 'savepoint' | 'rollbackToSavepoint' | 'releaseSavepoint'): Driver {
    if (!this.#inner[method]) throw new Error(`the underlying driver does not support ${method}`);
    return this.#inner;
  }
}
