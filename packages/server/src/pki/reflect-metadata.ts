/**
 * The smallest Reflect metadata API that `@peculiar/x509` needs (through tsyringe, which
 * refuses to load without `Reflect.getMetadata`). It is installed only when no polyfill is
 * present, so `reflect-metadata` (the full one) wins when a process loads it first.
 * Import this module before `@peculiar/x509`; `x509.ts` does, and nothing else in Corridor
 * imports `@peculiar/x509` directly.
 */
type Key = unknown;
type Store = Map<Key, unknown>;

interface ReflectMetadata {
  getMetadata(key: Key, target: object, property?: PropertyKey): unknown;
  getOwnMetadata(key: Key, target: object, property?: PropertyKey): unknown;
  hasMetadata(key: Key, target: object, property?: PropertyKey): boolean;
  hasOwnMetadata(key: Key, target: object, property?: PropertyKey): boolean;
  defineMetadata(key: Key, value: unknown, target: object, property?: PropertyKey): void;
  metadata(key: Key, value: unknown): (target: object, property?: PropertyKey) => void;
}

const reflect = Reflect as unknown as Partial<ReflectMetadata>;

if (typeof reflect.getMetadata !== 'function') {
  const stores = new WeakMap<object, Map<PropertyKey | undefined, Store>>();
  const own = (target: object, property: PropertyKey | undefined, create: boolean) => {
    let byProperty = stores.get(target);
    if (!byProperty) {
      if (!create) return undefined;
      byProperty = new Map();
      stores.set(target, byProperty);
    }
    let store = byProperty.get(property);
    if (!store && create) {
      store = new Map();
      byProperty.set(property, store);
    }
    return store;
  };
  const find = (key: Key, target: object, property?: PropertyKey): Store | undefined => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t)) {
      const store = own(t, property, false);
      if (store?.has(key)) return store;
    }
    return undefined;
  };
  const api: ReflectMetadata = {
    getMetadata: (key, target, property) => find(key, target, property)?.get(key),
    getOwnMetadata: (key, target, property) => own(target, property, false)?.get(key),
    hasMetadata: (key, target, property) => find(key, target, property) !== undefined,
    hasOwnMetadata: (key, target, property) => own(target, property, false)?.has(key) ?? false,
    defineMetadata: (key, value, target, property) => {
      own(target, property, true)!.set(key, value);
    },
    metadata: (key, value) => (target, property) => {
      own(target, property, true)!.set(key, value);
    },
  };
  Object.assign(Reflect, api);
}
