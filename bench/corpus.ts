/** Deterministic generated text for the benchmarks (seeded, so every run measures the same bytes). */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

export const REFERENCE = readFileSync(
  join(import.meta.dirname, '..', 'input', '000_d23a17e316fadb1a.txt'),
  'utf8',
)

/** English sentences from the reference article, the raw material of generated prose. */
export const SENTENCES = REFERENCE.split(/(?<=[.!?])\s+/)
  .map((s) => s.trim())
  .filter((s) => /^[A-Z"]/.test(s) && !/\p{Script=Han}|\$/u.test(s) && s.length > 30)

/** About `bytes` of English prose in paragraphs, with `terms` sprinkled in at `density`. */
export function prose(
  bytes: number,
  seed: number,
  terms: readonly string[] = [],
  density = 0.3,
): string {
  const random = seededRandom(seed)
  const paragraphs: string[] = []
  let size = 0
  while (size < bytes) {
    const sentences: string[] = []
    const count = 2 + Math.floor(random() * 4)
    for (let i = 0; i < count; i++) {
      let sentence = SENTENCES[Math.floor(random() * SENTENCES.length)] as string
      if (terms.length > 0 && random() < density) {
        const words = sentence.split(' ')
        const at = 1 + Math.floor(random() * (words.length - 1))
        words.splice(at, 0, terms[Math.floor(random() * terms.length)] as string)
        sentence = words.join(' ')
      }
      sentences.push(sentence)
    }
    const paragraph = sentences.join(' ')
    paragraphs.push(paragraph)
    size += paragraph.length + 2
  }
  return `${paragraphs.join('\n\n')}\n`
}

export function formatRate(bytes: number, ms: number): string {
  return `${(bytes / 1024 / 1024 / (ms / 1000)).toFixed(2)} MB/s`
}

export function time<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now()
  const value = run()
  return { ms: performance.now() - start, value }
}

export function table(rows: (string | number)[][]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => String(row[i]).length))) ?? []
  for (const row of rows)
    console.log(row.map((cell, i) => String(cell).padEnd(widths[i] ?? 0)).join('  '))
}
