// Zend MM size classes on x86-64 (FACTS.md 4). Every allocation the simulator makes goes through `bin` so that
// memory_get_usage() deltas equal real PHP's.
const BINS = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 640, 768, 896,
  1024, 1280, 1536, 1792, 2048, 2560, 3072];
const PAGE = 4096;
const CHUNK = 2 * 1024 * 1024;

export function bin(size: number): number {
  if (size <= 3072) {
    for (const b of BINS) if (size <= b) return b;
  }
  // Large allocations take whole pages inside a chunk; huge ones (> chunk minus its header page) get their own
  // chunk-aligned mapping.
  if (size <= CHUNK - PAGE) return Math.ceil(size / PAGE) * PAGE;
  return Math.ceil(size / CHUNK) * CHUNK;
}

/** zend_string: 24-byte header + bytes + NUL, 8-aligned. */
export function stringSize(len: number): number {
  return bin(Math.ceil((24 + len + 1) / 8) * 8);
}

export const ARRAY_HEADER = 56;
export const REFERENCE_SIZE = 32;

/** Data part of a hash table: packed arrays store plain zvals + the 2-slot hash, hashes store buckets + hash. */
export function arrayDataSize(cap: number, packed: boolean): number {
  if (cap === 0) return 0;
  return bin(packed ? 16 * cap + 8 : 40 * cap);
}

export function objectSize(declaredProps: number): number {
  return bin(40 + 16 * declaredProps);
}

/** Capacity for n elements: the next power of two, at least 8. */
export function capacityFor(n: number): number {
  let cap = 8;
  while (cap < n) cap *= 2;
  return cap;
}

/** A string built in a smart_str and returned as is (print_r(..., true)): the buffer starts at 256 bytes and then
 * grows in 4 KiB pages (SMART_STR_PAGE), never trimmed. Measured on 8.2: 93 chars -> 256, 441 -> 4096. */
export function smartStrSize(len: number): number {
  const overhead = 24 + 1;
  return len + overhead <= 256 ? 256 : bin(Math.ceil((len + overhead) / PAGE) * PAGE);
}
