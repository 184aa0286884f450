/**
 * Front-matter stage (last): writes what the stages gathered in `meta` as YAML front matter —
 * the convention static-site generators and CMS importers read. On an article that already has
 * mt-tidy front matter (a second run), it merges: what was recorded before is kept, so running on
 * its own output changes nothing.
 */
import type { Root } from 'mdast'
import type { Plugin } from 'unified'
import { parse, stringify } from 'yaml'
import { articleOf } from '../core/article.js'
import { sha256 } from '../core/report.js'
import { isBlank } from '../core/structure.js'

export const STAGE = 'front-matter'

export interface Ticker {
  code: string
  name?: string
}

export interface FrontMatterOptions {
  /** Record the original file name and its sha256 (default true). */
  original?: boolean
}

/** Front-matter keys in the order they are written. */
const KEYS = [
  'title',
  'title_zh',
  'source',
  'platform',
  'published',
  'tickers',
  'machine_translated',
  'original',
] as const

type FrontMatter = Partial<Record<(typeof KEYS)[number], unknown>>

function mergeTickers(...lists: unknown[]): Ticker[] | undefined {
  const byCode = new Map<string, Ticker>()
  for (const list of lists) {
    if (!Array.isArray(list)) continue
    for (const item of list as Ticker[]) {
      if (!item || typeof item.code !== 'string') continue
      const known = byCode.get(item.code)
      if (!known)
        byCode.set(
          item.code,
          item.name ? { code: item.code, name: item.name } : { code: item.code },
        )
      else if (!known.name && item.name) known.name = item.name
    }
  }
  return byCode.size ? [...byCode.values()] : undefined
}

function ordered(values: FrontMatter): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const key of KEYS) if (values[key] !== undefined) result[key] = values[key]
  return result
}

export const frontMatter: Plugin<[FrontMatterOptions?], Root> = (options = {}) => {
  return (tree, file) => {
    const { draft, meta } = articleOf(file)
    // The headline as it reads now, after the stages that corrected its words.
    const span = meta.titleSpan as [number, number] | undefined
    const title = span
      ? draft.text.slice(draft.toCurrent(span[0], 'after'), draft.toCurrent(span[1], 'before'))
      : meta.title
    const gathered: FrontMatter = {
      title,
      title_zh: meta.titleZh,
      source: meta.source,
      platform: meta.platform,
      published: meta.published,
      tickers: mergeTickers(meta.tickers),
      machine_translated: meta.machineTranslated === true ? true : undefined,
    }
    if (Object.values(gathered).every((value) => value === undefined)) return

    const newline = draft.input.includes('\r\n') ? '\r\n' : '\n'
    const first = tree.children[0]
    if (first?.type === 'yaml') {
      let existing: Record<string, unknown>
      try {
        existing = (parse(first.value) as Record<string, unknown> | null) ?? {}
      } catch {
        return
      }
      // What was recorded before stays, in its order; what is new comes after it.
      const next: Record<string, unknown> = { ...existing }
      const tickers = mergeTickers(existing.tickers, gathered.tickers)
      if (tickers) next.tickers = tickers
      for (const [key, value] of Object.entries(ordered(gathered))) {
        if (next[key] === undefined) next[key] = value
      }
      if (JSON.stringify(next) === JSON.stringify(existing)) return
      const start = draft.toCurrent(first.position?.start.offset ?? 0, 'after')
      const end = draft.toCurrent(first.position?.end.offset ?? 0, 'before')
      draft.replace({
        start,
        end,
        after: block(next, newline),
        info: {
          stage: STAGE,
          rule: 'front-matter/merge',
          category: 'Design and markup',
          severity: 'info',
          reason: 'front matter updated with the metadata this run found',
        },
      })
      return
    }
    if (options.original !== false) {
      gathered.original = { file: file.path, sha256: sha256(draft.input) }
    }
    const at = draft.text.startsWith('\uFEFF') ? 1 : 0
    // Exactly one blank line before the body, whatever blank lines led the article; an article
    // with no body left ends after the block.
    // Only whole blank lines go: the first line's indentation is markdown (an indented code
    // block), and only spaces, tabs and line ends are blank in markdown.
    const rest = draft.text.slice(at)
    const empty = isBlank(rest)
    const lead = empty ? rest.length : (/^(?:[ \t]*(?:\r\n|\n|\r))*/.exec(rest)?.[0].length ?? 0)
    draft.replace({
      start: at,
      end: at + lead,
      after: `${block(ordered(gathered), newline)}${newline}${empty ? '' : newline}`,
      info: {
        stage: STAGE,
        rule: 'front-matter/add',
        category: 'Design and markup',
        severity: 'info',
        reason:
          'metadata gathered from the page (headline, byline, tickers, disclosures) as YAML front matter',
      },
    })
  }
}

function block(values: Record<string, unknown>, newline: string): string {
  const yaml = stringify(values, { lineWidth: 0 }).trimEnd()
  return `---${newline}${yaml.replace(/\n/g, newline)}${newline}---`
}
