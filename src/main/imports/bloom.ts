/**
 * Set membership in fixed memory, for "might this decision already exist?". A miss is certain,
 * so new rows (the bulk of any import) skip the database lookup; a hit is confirmed by an
 * indexed query. At 16 bits per key and 4 probes the false-positive rate is about 0.2%, and the
 * filter for ten million decisions takes 20 MB where a Map of their keys would take a gigabyte.
 * (Blocking, below, raises the false-positive rate a little; each one costs one indexed query.)
 */
export class BloomFilter {
  private readonly bits: Uint32Array;
  private readonly blockMask: number;

  // Blocked: the four probes of a key fall in one 64-byte block (one cache line), so a lookup
  // costs one memory access rather than four in a filter too big for the CPU cache.
  // An import asks whether a key is there, then adds it: the second call reuses the hashes.
  private lastKey: string | null = null;
  private lastSalt = 0;
  private readonly last: [number, number] = [0, 0];

  private hashed(key: string, salt: number): [number, number] {
    if (key !== this.lastKey || salt !== this.lastSalt) {
      const [a, b] = hashes(key, salt);
      this.last[0] = a;
      this.last[1] = b;
      this.lastKey = key;
      this.lastSalt = salt;
    }
    return this.last;
  }

  constructor(expected: number) {
    let size = 1 << 20;
    while (size < expected * 16 && size < 2 ** 31) size *= 2;
    this.bits = new Uint32Array(size / 32);
    this.blockMask = size / 512 - 1;
  }

  add(key: string, salt = 0): void {
    const [a, b] = this.hashed(key, salt);
    const base = (a & this.blockMask) << 4;
    for (let i = 0; i < 4; i++) {
      const bit = (b >>> (i * 7)) & 511;
      this.bits[base + (bit >>> 5)]! |= 1 << (bit & 31);
    }
  }

  has(key: string, salt = 0): boolean {
    const [a, b] = this.hashed(key, salt);
    const base = (a & this.blockMask) << 4;
    for (let i = 0; i < 4; i++) {
      const bit = (b >>> (i * 7)) & 511;
      if ((this.bits[base + (bit >>> 5)]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

const pair: [number, number] = [0, 0];

// Two 32-bit FNV-1a variants; double hashing derives the four probes from them. The salt folds
// small numbers into a key without building a string for them.
function hashes(key: string, salt: number): [number, number] {
  let a = 0x811c9dc5 ^ salt;
  let b = Math.imul(0x01000193 ^ key.length, salt | 1);
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  pair[0] = a >>> 0;
  pair[1] = (b | 1) >>> 0;
  return pair;
}

/**
 * A small cache of recent entries: rows of one apprentice usually sit together in a file. Two
 * generations (the current map and the one before) give constant-time eviction; deleting from
 * one Map entry by entry leaves holes that make finding its oldest key ever slower.
 */
export class RecentCache<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();

  constructor(private readonly limit = 4096) {}

  get(key: K): V | undefined {
    return this.current.get(key) ?? this.previous.get(key);
  }

  set(key: K, value: V): void {
    if (this.current.size >= this.limit) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
  }
}
