/**
 * MinHash signatures and LSH banding for near-duplicate search over many paragraphs.
 *
 * Written here because no npm package is sound (field notes: overflow past 2^53, abandoned). All
 * hashing is 32-bit integer arithmetic (`Math.imul`, shifts, xor): no float past 2^53, no BigInt.
 * Signatures are `Uint32Array`s and the LSH tables are typed arrays, so a million paragraphs cost
 * a few hundred bytes each rather than a few kilobytes of JavaScript objects.
 *
 * The pieces: {@link MinHasher} turns a shingle-hash set into a signature; {@link LshIndex} files
 * signatures by band and finds candidates sharing a band; {@link NearDuplicateFinder} streams items
 * in keep-first order and verifies every candidate with the exact Jaccard of the shingle sets;
 * {@link findNearDuplicates} does all of it for a list of texts.
 */
import { jaccardSorted, type ShingleOptions, shingleHashes } from './similarity.js'

export const DEFAULT_NUM_PERM = 128
export const DEFAULT_THRESHOLD = 0.8
/** Chance that a pair exactly at the threshold becomes a candidate, used to pick the banding. */
export const DEFAULT_RECALL_AT_THRESHOLD = 0.95
export const DEFAULT_SEED = 0x5eed

const MAX_UINT32 = 0xffffffff

/** splitmix32: a small, well-mixed 32-bit generator for deriving the permutation seeds. */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x9e3779b9) | 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
    return (z ^ (z >>> 15)) >>> 0
  }
}

/**
 * Probability that two items with Jaccard similarity `similarity` share at least one band of
 * `rows` rows among `bands` bands: 1 − (1 − s^r)^b, the LSH "S-curve".
 */
export function candidateProbability(similarity: number, bands: number, rows: number): number {
  return 1 - (1 - similarity ** rows) ** bands
}

export interface Banding {
  bands: number
  rows: number
}

/**
 * The bands × rows split of `numPerm` permutations for a similarity threshold.
 *
 * Every candidate is verified with the exact Jaccard, so a false candidate costs only time while
 * a missed pair is lost for good. The split is therefore the one that catches a pair exactly at
 * the threshold with probability at least `recallAtThreshold`, and among those makes the fewest
 * false candidates (least area under the S-curve below the threshold). For 128 permutations and
 * threshold 0.8 that is 18 bands × 7 rows: a pair at 0.8 is a candidate with probability 0.986,
 * at 0.7 with 0.79, at 0.5 with 0.13 and at 0.3 with 0.004. datasketch's 9 × 13 balances false
 * positives against false negatives instead, which puts the middle of its S-curve at the threshold:
 * a pair at exactly 0.8 is found only 40% of the time.
 */
export function chooseBanding(
  numPerm = DEFAULT_NUM_PERM,
  threshold = DEFAULT_THRESHOLD,
  recallAtThreshold = DEFAULT_RECALL_AT_THRESHOLD,
): Banding {
  if (!(threshold > 0 && threshold < 1)) throw new RangeError('threshold must be in (0, 1)')
  let best: (Banding & { falseArea: number }) | undefined
  for (let rows = 1; rows <= numPerm; rows += 1) {
    const bands = Math.floor(numPerm / rows)
    if (candidateProbability(threshold, bands, rows) < recallAtThreshold) continue
    const steps = 200
    let falseArea = 0
    for (let step = 0; step < steps; step += 1) {
      const s = ((step + 0.5) / steps) * threshold
      falseArea += (candidateProbability(s, bands, rows) * threshold) / steps
    }
    if (best === undefined || falseArea < best.falseArea) best = { bands, rows, falseArea }
  }
  if (best === undefined) return { bands: numPerm, rows: 1 }
  return { bands: best.bands, rows: best.rows }
}

export interface MinHasherOptions {
  /** Number of hash functions (signature length). Default 128. */
  numPerm?: number
  /** Seed of the hash functions; signatures are comparable only under the same seed. */
  seed?: number
}

/**
 * MinHash over sets of 32-bit shingle hashes. Hash function i is
 * `h_i(x) = mix(x XOR s_i)`, where `mix` is the two-multiply finaliser of MurmurHash3 (a bijection
 * of the 32-bit integers) and `s_i` a seeded 32-bit constant: k independent seeded hashes, each a
 * permutation of the 32-bit space, computed with `Math.imul` only.
 */
export class MinHasher {
  readonly numPerm: number
  readonly seed: number
  private readonly salts: Int32Array

  constructor(options: MinHasherOptions = {}) {
    this.numPerm = options.numPerm ?? DEFAULT_NUM_PERM
    this.seed = (options.seed ?? DEFAULT_SEED) >>> 0
    if (!Number.isInteger(this.numPerm) || this.numPerm < 1) {
      throw new RangeError('numPerm must be a positive integer')
    }
    const next = splitmix32(this.seed)
    this.salts = new Int32Array(this.numPerm)
    for (let i = 0; i < this.numPerm; i += 1) this.salts[i] = next() | 0
  }

  /**
   * The signature of a set of 32-bit shingle hashes: for each hash function, the least value it
   * takes on the set. An empty set gives all 0xFFFFFFFF (it matches nothing: see {@link jaccardSorted}).
   */
  signature(shingles: Uint32Array): Uint32Array {
    const signature = new Uint32Array(this.numPerm)
    const salts = this.salts
    const count = shingles.length
    for (let i = 0; i < this.numPerm; i += 1) {
      const salt = salts[i] as number
      let least = MAX_UINT32
      for (let j = 0; j < count; j += 1) {
        let h = Math.imul((shingles[j] as number) ^ salt, 0x85ebca6b)
        h ^= h >>> 13
        h = Math.imul(h, 0xc2b2ae35)
        h = (h ^ (h >>> 16)) >>> 0
        if (h < least) least = h
      }
      signature[i] = least
    }
    return signature
  }
}

/**
 * Share of positions where two signatures agree: an unbiased estimate of the Jaccard similarity.
 * A position where both hold 0xFFFFFFFF (the value of an empty set) does not count as agreement,
 * so two empty sets estimate 0, as {@link jaccardSorted} says of them.
 */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new RangeError('Signatures of different lengths')
  let same = 0
  for (let i = 0; i < a.length; i += 1) if (a[i] === b[i] && a[i] !== MAX_UINT32) same += 1
  return a.length === 0 ? 0 : same / a.length
}

export interface LshIndexOptions {
  numPerm?: number
  seed?: number
  threshold?: number
  /** Overrides the banding chosen from the threshold. */
  bands?: number
  rows?: number
  /**
   * Keep each full signature (4 × numPerm bytes per item) so that candidates from an index loaded
   * from disk can be checked with {@link estimateJaccard} when their text is no longer at hand.
   * Default true. A caller that keeps the shingle sets itself can switch it off to save memory.
   */
  keepSignatures?: boolean
  /** Expected number of items, to size the tables once instead of growing them. */
  expectedItems?: number
}

/** A growable Uint32Array/Int32Array, grown by half again so large indexes do not double at once. */
function grown<T extends Uint32Array | Int32Array>(array: T, needed: number): T {
  if (needed <= array.length) return array
  const capacity = Math.max(needed, Math.ceil(array.length * 1.5), 64)
  const bigger = new (array.constructor as { new (length: number): T })(capacity)
  bigger.set(array)
  return bigger
}

const FILE_MAGIC = 'MTLSH'
const FILE_VERSION = 1
const HEADER_WORDS = 9
const FLAG_SIGNATURES = 1

/**
 * Locality-sensitive hashing index of MinHash signatures, banded: a signature is cut into `bands`
 * runs of `rows` values, each run hashed to one 32-bit band key, and two items are candidates when
 * they share a band key in the same band. Band keys live in one open-addressing table per band
 * whose slots hold the first item with that key; items sharing a key are chained through a `next`
 * array, so the index is a handful of typed arrays whatever its size.
 */
export class LshIndex {
  readonly numPerm: number
  readonly seed: number
  readonly bands: number
  readonly rows: number
  readonly keepSignatures: boolean
  private ids: string[] = []
  private bandKeys: Uint32Array
  private next: Int32Array
  private signatures: Uint32Array
  private slots: Int32Array
  private slotMask: number
  private stamp: Uint32Array
  private stampValue = 0

  constructor(options: LshIndexOptions = {}) {
    this.numPerm = options.numPerm ?? DEFAULT_NUM_PERM
    this.seed = (options.seed ?? DEFAULT_SEED) >>> 0
    const banding =
      options.bands !== undefined && options.rows !== undefined
        ? { bands: options.bands, rows: options.rows }
        : chooseBanding(this.numPerm, options.threshold ?? DEFAULT_THRESHOLD)
    this.bands = banding.bands
    this.rows = banding.rows
    if (this.bands * this.rows > this.numPerm || this.bands < 1 || this.rows < 1) {
      throw new RangeError(`${this.bands} bands × ${this.rows} rows do not fit ${this.numPerm}`)
    }
    this.keepSignatures = options.keepSignatures ?? true
    const expected = Math.max(16, options.expectedItems ?? 16)
    this.bandKeys = new Uint32Array(expected * this.bands)
    this.next = new Int32Array(expected * this.bands)
    this.signatures = new Uint32Array(this.keepSignatures ? expected * this.numPerm : 0)
    this.stamp = new Uint32Array(expected)
    const slotCount = tableSizeFor(expected)
    this.slots = new Int32Array(slotCount * this.bands).fill(-1)
    this.slotMask = slotCount - 1
  }

  /** Number of items added. */
  get size(): number {
    return this.ids.length
  }

  /** A hasher whose signatures this index accepts (same length and seed). */
  createHasher(): MinHasher {
    return new MinHasher({ numPerm: this.numPerm, seed: this.seed })
  }

  /** Id of the item at a position (positions count from 0 in the order of `add`). */
  idAt(position: number): string {
    const id = this.ids[position]
    if (id === undefined) throw new RangeError(`No item at position ${position}`)
    return id
  }

  /** The stored signature of an item, if signatures are kept. */
  signatureAt(position: number): Uint32Array | undefined {
    if (!this.keepSignatures || position < 0 || position >= this.size) return undefined
    return this.signatures.slice(position * this.numPerm, (position + 1) * this.numPerm)
  }

  /** Add an item; returns its position. Ids may repeat (the index does not look at them). */
  add(id: string, signature: Uint32Array): number {
    this.checkSignature(signature)
    if (id.includes('\n')) throw new RangeError('An LSH index id cannot contain a line break')
    const position = this.ids.length
    const needed = position + 1
    if (needed * 2 > this.slotMask + 1) this.rehash(tableSizeFor(needed * 2))
    this.bandKeys = grown(this.bandKeys, needed * this.bands)
    this.next = grown(this.next, needed * this.bands)
    if (this.keepSignatures) {
      this.signatures = grown(this.signatures, needed * this.numPerm)
      this.signatures.set(signature, position * this.numPerm)
    }
    this.ids.push(id)
    for (let band = 0; band < this.bands; band += 1) {
      const key = this.bandKey(signature, band)
      this.bandKeys[position * this.bands + band] = key
      this.insert(position, band, key)
    }
    return position
  }

  /**
   * Positions of the items sharing at least one band with the signature, ascending (so callers
   * that keep the first of equals get the same answer whatever order the tables were filled in).
   */
  queryPositions(signature: Uint32Array): number[] {
    this.checkSignature(signature)
    this.stamp = grown(this.stamp, this.size)
    this.stampValue = (this.stampValue + 1) >>> 0
    if (this.stampValue === 0) {
      this.stamp.fill(0)
      this.stampValue = 1
    }
    const found: number[] = []
    for (let band = 0; band < this.bands; band += 1) {
      const key = this.bandKey(signature, band)
      let item = this.findHead(band, key)
      while (item >= 0) {
        if (this.stamp[item] !== this.stampValue) {
          this.stamp[item] = this.stampValue
          found.push(item)
        }
        item = this.next[item * this.bands + band] as number
      }
    }
    return found.sort((a, b) => a - b)
  }

  /** Ids of the candidate items for a signature, in the order they were added. */
  query(signature: Uint32Array): string[] {
    return this.queryPositions(signature).map((position) => this.idAt(position))
  }

  /**
   * The index as bytes, to keep between runs (`--index FILE`). Little-endian: the magic `MTLSH`,
   * then 32-bit words version, numPerm, seed, bands, rows, flags, count, id byte length, reserved;
   * the ids as UTF-8 joined by newlines (padded to 4 bytes); the band keys (count × bands words);
   * and, if kept, the signatures (count × numPerm words). The band tables are rebuilt on load.
   */
  serialize(): Uint8Array {
    const idBytes = new TextEncoder().encode(this.ids.join('\n'))
    const idPadded = Math.ceil(idBytes.length / 4) * 4
    const count = this.size
    const signatureWords = this.keepSignatures ? count * this.numPerm : 0
    const total = 8 + HEADER_WORDS * 4 + idPadded + (count * this.bands + signatureWords) * 4
    const bytes = new Uint8Array(total)
    const view = new DataView(bytes.buffer)
    bytes.set(new TextEncoder().encode(FILE_MAGIC), 0)
    const header = [
      FILE_VERSION,
      this.numPerm,
      this.seed,
      this.bands,
      this.rows,
      this.keepSignatures ? FLAG_SIGNATURES : 0,
      count,
      idBytes.length,
      0,
    ]
    header.forEach((word, i) => {
      view.setUint32(8 + i * 4, word, true)
    })
    let offset = 8 + HEADER_WORDS * 4
    bytes.set(idBytes, offset)
    offset += idPadded
    for (let i = 0; i < count * this.bands; i += 1, offset += 4) {
      view.setUint32(offset, this.bandKeys[i] as number, true)
    }
    for (let i = 0; i < signatureWords; i += 1, offset += 4) {
      view.setUint32(offset, this.signatures[i] as number, true)
    }
    return bytes
  }

  /** Rebuild an index from {@link serialize}'s bytes; refuses anything else. */
  static deserialize(bytes: Uint8Array): LshIndex {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const magic = new TextDecoder().decode(bytes.subarray(0, FILE_MAGIC.length))
    if (magic !== FILE_MAGIC || bytes.byteLength < 8 + HEADER_WORDS * 4) {
      throw new Error('Not an mt-tidy LSH index file')
    }
    const word = (i: number) => view.getUint32(8 + i * 4, true)
    const version = word(0)
    if (version !== FILE_VERSION) throw new Error(`Unsupported LSH index version ${version}`)
    const numPerm = word(1)
    const bands = word(3)
    const count = word(6)
    const idLength = word(7)
    const keepSignatures = (word(5) & FLAG_SIGNATURES) !== 0
    const index = new LshIndex({
      numPerm,
      seed: word(2),
      bands,
      rows: word(4),
      keepSignatures,
      expectedItems: count,
    })
    let offset = 8 + HEADER_WORDS * 4
    const idText = new TextDecoder().decode(bytes.subarray(offset, offset + idLength))
    const ids = count === 0 ? [] : idText.split('\n')
    if (ids.length !== count) throw new Error('LSH index file is damaged (id count)')
    offset += Math.ceil(idLength / 4) * 4
    const keyWords = count * bands
    const signatureWords = keepSignatures ? count * numPerm : 0
    if (bytes.byteLength !== offset + (keyWords + signatureWords) * 4) {
      throw new Error('LSH index file is damaged (length)')
    }
    for (let i = 0; i < keyWords; i += 1, offset += 4) {
      index.bandKeys[i] = view.getUint32(offset, true)
    }
    for (let i = 0; i < signatureWords; i += 1, offset += 4) {
      index.signatures[i] = view.getUint32(offset, true)
    }
    index.ids = ids
    for (let position = 0; position < ids.length; position += 1) {
      for (let band = 0; band < index.bands; band += 1) {
        index.insert(position, band, index.bandKeys[position * index.bands + band] as number)
      }
    }
    return index
  }

  private checkSignature(signature: Uint32Array): void {
    if (signature.length !== this.numPerm) {
      throw new RangeError(
        `Signature has ${signature.length} values, index expects ${this.numPerm}`,
      )
    }
  }

  /** MurmurHash3-style combination of one band's rows, seeded by the band number. */
  private bandKey(signature: Uint32Array, band: number): number {
    let hash = Math.imul(band + 1, 0x9e3779b1)
    const start = band * this.rows
    for (let row = 0; row < this.rows; row += 1) {
      let k = Math.imul(signature[start + row] as number, 0xcc9e2d51)
      k = (k << 15) | (k >>> 17)
      hash ^= Math.imul(k, 0x1b873593)
      hash = (hash << 13) | (hash >>> 19)
      hash = (Math.imul(hash, 5) + 0xe6546b64) | 0
    }
    hash ^= hash >>> 16
    hash = Math.imul(hash, 0x85ebca6b)
    hash ^= hash >>> 13
    return hash >>> 0
  }

  /** Slot of a band key in a band's table: the slot holding its chain, or the empty one to use. */
  private slotOf(band: number, key: number): number {
    const base = band * (this.slotMask + 1)
    let slot = Math.imul(key, 0x9e3779b1) >>> 0
    for (;;) {
      slot &= this.slotMask
      const head = this.slots[base + slot] as number
      if (head < 0 || this.bandKeys[head * this.bands + band] === key) return base + slot
      slot += 1
    }
  }

  private findHead(band: number, key: number): number {
    return this.slots[this.slotOf(band, key)] as number
  }

  /** Put an item at the head of its key's chain: chains run from newest to oldest. */
  private insert(position: number, band: number, key: number): void {
    const slot = this.slotOf(band, key)
    this.next[position * this.bands + band] = this.slots[slot] as number
    this.slots[slot] = position
  }

  private rehash(slotCount: number): void {
    const oldSlots = this.slots
    const oldCount = this.slotMask + 1
    this.slots = new Int32Array(slotCount * this.bands).fill(-1)
    this.slotMask = slotCount - 1
    // Chains stay as they are; only their heads move to the new tables.
    for (let band = 0; band < this.bands; band += 1) {
      for (let slot = 0; slot < oldCount; slot += 1) {
        const head = oldSlots[band * oldCount + slot] as number
        if (head < 0) continue
        this.slots[this.slotOf(band, this.bandKeys[head * this.bands + band] as number)] = head
      }
    }
  }
}

/** Power of two with room for `items` keys at a load factor of at most one half. */
function tableSizeFor(items: number): number {
  let size = 16
  while (size < items * 2) size *= 2
  return size
}

export interface NearDuplicate {
  /** The later item, to be removed or flagged. */
  id: string
  /** The earliest kept item it repeats. */
  duplicateOf: string
  /** Exact Jaccard similarity of their shingle sets. */
  similarity: number
}

export interface NearDuplicateOptions extends ShingleOptions {
  /** Exact Jaccard similarity at or above which an item is a near duplicate. Default 0.8. */
  threshold?: number
  numPerm?: number
  seed?: number
  bands?: number
  rows?: number
  expectedItems?: number
}

/**
 * Keep-first near-duplicate search over a stream of items, in the order they are offered.
 * An item is a duplicate when the exact Jaccard similarity of its shingle set to an earlier
 * *kept* item reaches the threshold; it is then reported against the earliest such item and not
 * kept, so a chain A ≈ B ≈ C with A ≉ C keeps A and C. Only kept items are indexed, and their
 * shingle sets are held in one packed `Uint32Array` for the exact check; signatures are not kept.
 */
export class NearDuplicateFinder {
  readonly threshold: number
  private readonly hasher: MinHasher
  private readonly index: LshIndex
  private pool: Uint32Array
  private poolLength = 0
  private offsets: Uint32Array

  constructor(options: NearDuplicateOptions = {}) {
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD
    const expected = options.expectedItems ?? 1024
    this.index = new LshIndex({
      numPerm: options.numPerm ?? DEFAULT_NUM_PERM,
      seed: options.seed ?? DEFAULT_SEED,
      threshold: this.threshold,
      ...(options.bands !== undefined ? { bands: options.bands } : {}),
      ...(options.rows !== undefined ? { rows: options.rows } : {}),
      keepSignatures: false,
      expectedItems: expected,
    })
    this.hasher = this.index.createHasher()
    this.pool = new Uint32Array(expected * 64)
    this.offsets = new Uint32Array(expected + 1)
  }

  get banding(): Banding {
    return { bands: this.index.bands, rows: this.index.rows }
  }

  /** Number of items kept so far. */
  get keptCount(): number {
    return this.index.size
  }

  /**
   * Offer the next item by its sorted, distinct shingle hashes. Returns the kept item it
   * duplicates, or undefined when it is kept. An empty set is kept and matches nothing.
   */
  offer(
    id: string,
    shingles: Uint32Array,
  ): { duplicateOf: string; similarity: number } | undefined {
    const signature = this.hasher.signature(shingles)
    if (shingles.length > 0) {
      for (const position of this.index.queryPositions(signature)) {
        const start = this.offsets[position] as number
        const end = this.offsets[position + 1] as number
        const similarity = jaccardSorted(shingles, this.pool.subarray(start, end))
        if (similarity >= this.threshold) {
          return { duplicateOf: this.index.idAt(position), similarity }
        }
      }
    }
    const position = this.index.add(id, signature)
    this.pool = grown(this.pool, this.poolLength + shingles.length)
    this.pool.set(shingles, this.poolLength)
    this.poolLength += shingles.length
    this.offsets = grown(this.offsets, position + 2)
    this.offsets[position + 1] = this.poolLength
    return undefined
  }
}

/**
 * The near duplicates among texts, keep-first in the given order (sort the items first, e.g. by
 * input path then paragraph number, and the answer no longer depends on completion order or
 * `--jobs`). Results are in item order. Texts are compared by {@link shingleHashes}.
 */
export function findNearDuplicates(
  items: ReadonlyArray<{ id: string; text: string }>,
  options: NearDuplicateOptions = {},
): NearDuplicate[] {
  const finder = new NearDuplicateFinder({ expectedItems: items.length, ...options })
  const duplicates: NearDuplicate[] = []
  for (const item of items) {
    const verdict = finder.offer(item.id, shingleHashes(item.text, options))
    if (verdict) duplicates.push({ id: item.id, ...verdict })
  }
  return duplicates
}

export interface SimilarPair {
  /** Position of the earlier item. */
  first: number
  /** Position of the later item. */
  second: number
  similarity: number
}

/**
 * Every pair of sets whose exact Jaccard similarity reaches the threshold and which LSH makes
 * candidates (not keep-first: a set may pair with many). For reports that list all repeats and
 * for measuring recall against an exact all-pairs search.
 */
export function similarPairs(
  sets: readonly Uint32Array[],
  options: Omit<NearDuplicateOptions, keyof ShingleOptions> = {},
): SimilarPair[] {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD
  const index = new LshIndex({
    numPerm: options.numPerm ?? DEFAULT_NUM_PERM,
    seed: options.seed ?? DEFAULT_SEED,
    threshold,
    ...(options.bands !== undefined ? { bands: options.bands } : {}),
    ...(options.rows !== undefined ? { rows: options.rows } : {}),
    keepSignatures: false,
    expectedItems: sets.length,
  })
  const hasher = index.createHasher()
  const pairs: SimilarPair[] = []
  sets.forEach((set, second) => {
    const signature = hasher.signature(set)
    if (set.length > 0) {
      for (const first of index.queryPositions(signature)) {
        const other = sets[first] as Uint32Array
        const similarity = jaccardSorted(other, set)
        if (similarity >= threshold) pairs.push({ first, second, similarity })
      }
    }
    index.add(String(second), signature)
  })
  return pairs
}
