/**
 * Where an article's Chinese original comes from, when there is one: `story.zh.txt` beside
 * `story.txt`, a `source:` path in the article's front matter, or the `zh` field of a JSONL record
 * (whose `en` field is the article). The translation-QA stage checks the article against it.
 */
import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { parse } from 'yaml'
import type { ArticleSource } from '../core/article.js'
import {
  type BilingualDocument,
  parseBilingualJsonl,
  sourcePathFor,
  splitParagraphs,
} from '../lib/bilingual/input.js'
import { decodeArticle, InputError } from './read.js'

export type { ArticleSource }

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/

/** A `source:` in front matter names the original when it is a relative path to a .txt or .md. */
function frontMatterSource(text: string): string | undefined {
  const block = FRONT_MATTER.exec(text)?.[1]
  if (!block) return undefined
  try {
    const value = (parse(block) as { source?: unknown } | null)?.source
    return typeof value === 'string' && /^[^:]+\.(?:txt|md)$/i.test(value) ? value : undefined
  } catch {
    return undefined
  }
}

async function readIfPresent(path: string, name: string): Promise<string | undefined> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch {
    return undefined
  }
  return decodeArticle(bytes, name)
}

/** The Chinese original of the article at `path` (with text `text`), if one is given. */
export async function findSource(
  path: string,
  text: string,
  name: string,
): Promise<ArticleSource | undefined> {
  const declared = frontMatterSource(text)
  if (declared) {
    const target = resolve(dirname(path), declared)
    const original = await readIfPresent(target, declared)
    if (original === undefined)
      throw new InputError(name, `front matter names source ${declared}, which cannot be read`)
    return { paragraphs: splitParagraphs(original), origin: declared }
  }
  const sibling = sourcePathFor(path)
  const original = await readIfPresent(sibling, sibling)
  return original === undefined
    ? undefined
    : { paragraphs: splitParagraphs(original), origin: sibling }
}

/** The articles of a JSONL file: one per record, named `<file>/<id>.md`. */
export function jsonlArticles(
  text: string,
  relative: string,
): {
  articles: { relative: string; text: string; source: ArticleSource }[]
  errors: InputError[]
} {
  const { documents, errors } = parseBilingualJsonl(text)
  const base = relative.replace(/\.jsonl$/i, '')
  const used = new Set<string>()
  const articles = documents.map((document: BilingualDocument) => {
    let id = document.id.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'record'
    while (used.has(id)) id = `${id}-2`
    used.add(id)
    return {
      relative: join(base, `${id}.md`),
      text: `${document.en.join('\n\n')}\n`,
      source: { paragraphs: document.zh, origin: `${relative} (${document.id})` },
    }
  })
  return {
    articles,
    errors: errors.map((error) => new InputError(relative, error.message, error.line)),
  }
}
