/**
 * The app's one IndexedDB database. Two stores: `kv` (configuration, the last accepted trust
 * bundle, the count of checks) and `wallet` (the traveller's certificates). Nothing a border
 * officer scans is ever written here: only the count.
 */
const DB_NAME = 'corridor';
const DB_VERSION = 1;

export type StoreName = 'kv' | 'wallet';

let opening: Promise<IDBDatabase> | undefined;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('kv')) db.createObjectStore('kv');
      if (!db.objectStoreNames.contains('wallet'))
        db.createObjectStore('wallet', { keyPath: 'id' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => {
      opening = undefined;
      reject(request.error);
    };
  });
  return opening;
}

function run<T>(
  store: StoreName,
  mode: IDBTransactionMode,
  action: (s: IDBObjectStore) => IDBRequest,
): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(store, mode);
        const request = action(tx.objectStore(store));
        tx.oncomplete = () => resolve(request.result as T);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      }),
  );
}

/** Reads one value (`undefined` when absent). */
export function idbGet<T>(store: StoreName, key: IDBValidKey): Promise<T | undefined> {
  return run<T | undefined>(store, 'readonly', (s) => s.get(key));
}

/** Writes one value; `key` is omitted for stores with a key path. */
export function idbPut(store: StoreName, value: unknown, key?: IDBValidKey): Promise<void> {
  return run<unknown>(store, 'readwrite', (s) =>
    key === undefined ? s.put(value) : s.put(value, key),
  ).then(() => undefined);
}

/** Deletes one value. */
export function idbDelete(store: StoreName, key: IDBValidKey): Promise<void> {
  return run<unknown>(store, 'readwrite', (s) => s.delete(key)).then(() => undefined);
}

/** Every value of a store, in key order. */
export function idbAll<T>(store: StoreName): Promise<T[]> {
  return run<T[]>(store, 'readonly', (s) => s.getAll());
}

/**
 * Adds one to the counter under `key` in one transaction and returns the new value (two tabs
 * counting at once never lose a check).
 */
export function idbIncrement(key: string): Promise<number> {
  return open().then(
    (db) =>
      new Promise<number>((resolve, reject) => {
        const tx = db.transaction('kv', 'readwrite');
        const store = tx.objectStore('kv');
        let next = 0;
        const read = store.get(key);
        read.onsuccess = () => {
          next = (typeof read.result === 'number' ? read.result : 0) + 1;
          store.put(next, key);
        };
        tx.oncomplete = () => resolve(next);
        tx.onerror = () => reject(tx.error);
      }),
  );
}
