// Where the ongoing chat is remembered: the storage contract, the in-memory store, and `localStorage` when it works.
/**
 * Where the client remembers the ongoing chat between page loads. `localStorage` fits as is; any
 * async store (e.g. React Native AsyncStorage) fits too.
 */
export interface ChatStorage {
  /** The value stored under `key`, or null. */
  getItem(key: string): string | null | Promise<string | null>;
  /** Stores `value` under `key`. */
  setItem(key: string, value: string): void | Promise<void>;
  /** Forgets `key`. */
  removeItem(key: string): void | Promise<void>;
}

/** An in-memory store: the default outside browsers. */
export function memoryStorage(): ChatStorage {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/** The browser's localStorage when it is usable, else memory. */
export function defaultStorage(): ChatStorage {
  try {
    const ls = (globalThis as { localStorage?: ChatStorage }).localStorage;
    if (ls) {
      const probe = "parley:probe";
      ls.setItem(probe, "1");
      ls.removeItem(probe);
      return ls;
    }
  } catch {
    // Private mode or a sandboxed frame: fall through to memory.
  }
  return memoryStorage();
}
