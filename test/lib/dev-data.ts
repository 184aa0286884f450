/**
 * Real Chinese news paragraphs and their English machine translations (WMT 2023 zh→en, see
 * test/fixtures/zh-en-news-dev/SOURCE.txt), for tests that need real text rather than invented strings.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export interface DevDocument {
  doc: string
  system: string
  zh: string[]
  en: string[]
}

const PAIRS = fileURLToPath(new URL('../fixtures/zh-en-news-dev/pairs.jsonl', import.meta.url))

let cached: DevDocument[] | undefined

/** Every (document, MT system) record; each document appears once per system. */
export function devDocuments(): DevDocument[] {
  cached ??= readFileSync(PAIRS, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DevDocument)
  return cached
}

/** The Chinese source paragraphs, each once (the records of both systems share them). */
export function chineseParagraphs(): string[] {
  return [...new Set(devDocuments().flatMap((document) => document.zh))]
}

/** English paragraphs of one MT system. */
export function englishParagraphs(system: 'GPT4-5shot' | 'ONLINE-B'): string[] {
  return devDocuments()
    .filter((document) => document.system === system)
    .flatMap((document) => document.en)
}

/**
 * Two independent machine translations of the same Chinese paragraph: natural rewordings, the
 * same kind of near-duplicate as an article's intro repeated in other words further down.
 */
export function translationPairs(): Array<{ zh: string; first: string; second: string }> {
  const byDoc = new Map<string, DevDocument[]>()
  for (const document of devDocuments()) {
    byDoc.set(document.doc, [...(byDoc.get(document.doc) ?? []), document])
  }
  const pairs: Array<{ zh: string; first: string; second: string }> = []
  for (const [first, second] of byDoc.values()) {
    if (first === undefined || second === undefined) continue
    first.zh.forEach((zh, index) => {
      const a = first.en[index]
      const b = second.en[index]
      if (a !== undefined && b !== undefined && second.zh[index] === zh) {
        pairs.push({ zh, first: a, second: b })
      }
    })
  }
  return pairs
}
