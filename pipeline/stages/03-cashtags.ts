/**
 * Cashtags stage: the stock chips of Futu / moomoo pages (`$BABA-W (09988.HK)$`, `$拼多多(PDD.US)$`)
 * become readable text (`BABA-W (09988.HK)`), lists of chips get their commas, Chinese chip names
 * are translated through the glossary (the stock code first, then the name), and every ticker is
 * collected into `meta.tickers`. A paragraph that is nothing but chips is platform furniture and
 * leaves the body; its tickers stay in the metadata.
 *
 * Each chip, each list separator and each deleted paragraph is its own edit, so that text another
 * stage removed between two chips (the paywall line) stays that stage's edit.
 */
import type { Root } from 'mdast'
import type { Plugin } from 'unified'
import { articleOf } from '../core/article.js'
import type { Change } from '../core/draft.js'
import { type Block, currentBlocks, editableSpans, within } from '../core/structure.js'
import type { RuleInfo } from '../core/types.js'
import { DEFAULT_RULES_DIR } from '../core/version.js'
import { hasHan, isCjkPunctuation, isHanCharacter } from '../lib/han.js'
import { toSimplified } from '../lib/opencc.js'
import { escapeRegExp } from '../lib/regexp.js'
import { loadCashtags } from '../rules/cashtags.js'
import type { GlossaryTerm } from '../rules/load.js'
import type { Ticker } from './10-front-matter.js'

export const STAGE = 'cashtags'

export type CashtagRender = 'name-code' | 'name' | 'code'

export interface CashtagsOptions {
  /** `name-code` (default): `BABA-W (09988.HK)`; `name`: `BABA-W`; `code`: `09988.HK`. */
  render?: CashtagRender
  /** zh→en glossary (usually `loadRules(dir).glossary`); Chinese chip names are translated with it. */
  glossary?: readonly GlossaryTerm[]
  /**
   * Markets whose chips are recognised (usually `loadCashtags(dir).markets`); by default the
   * markets shipped in `rules/cashtags/`. An empty list recognises no chip.
   */
  markets?: readonly { code: string }[]
}

export interface Chip {
  start: number
  end: number
  /** The name as written in the chip. */
  name: string
  /** `09988.HK`: symbol and market as written. */
  code: string
  market: string
}

const MAX_NAME_LENGTH = 80

const chipPatterns = new Map<string, RegExp>()

/**
 * The chip pattern for a set of market codes. A chip is `$`, a name (no `$`, no line break; it may
 * hold bracketed parts, as futures names do: `Crude Oil Futures(JUL4)`, but no stray bracket, so
 * `$39) BABA-W (09988.HK)$` after a money amount is not a chip), optional spaces, the code in
 * ASCII or full-width brackets, and a closing `$` right after the bracket. The closing `)$` and
 * a market code from the list are what keep money (`$5 (about HK$39)`) out.
 */
function chipPattern(marketCodes: readonly string[]): RegExp {
  const key = [...marketCodes].sort((a, b) => b.length - a.length || a.localeCompare(b)).join('|')
  let pattern = chipPatterns.get(key)
  if (!pattern) {
    const markets = key.split('|').map(escapeRegExp).join('|')
    pattern = new RegExp(
      String.raw`\$(?<name>[^\s$(（)）](?:[^$()（）\r\n]|\([^$()\r\n]{0,20}\)){0,${MAX_NAME_LENGTH - 1}}?)` +
        String.raw`[ \t]*[(（][ \t]*` +
        String.raw`(?<symbol>\.?[A-Za-z0-9](?:[A-Za-z0-9.&-]*[A-Za-z0-9])?)\.(?<market>${markets})` +
        String.raw`[ \t]*[)）]\$`,
      'gu',
    )
    chipPatterns.set(key, pattern)
  }
  return pattern
}

/** Every chip in `text`, in order, for the given market codes. */
export function findChips(text: string, marketCodes: readonly string[]): Chip[] {
  if (marketCodes.length === 0) return []
  const chips: Chip[] = []
  for (const match of text.matchAll(chipPattern(marketCodes))) {
    const groups = match.groups as { name: string; symbol: string; market: string }
    chips.push({
      start: match.index,
      end: match.index + match[0].length,
      name: groups.name.trim(),
      code: `${groups.symbol}.${groups.market}`,
      market: groups.market,
    })
  }
  return chips
}

let shippedMarkets: readonly { code: string }[] | undefined

function defaultMarkets(): readonly { code: string }[] {
  shippedMarkets ??= loadCashtags(DEFAULT_RULES_DIR).markets
  return shippedMarkets
}

/** Glossary codes and chip codes compared alike: upper case, Hong Kong codes padded to 5 digits. */
export function normaliseCode(code: string): string {
  const upper = code.toUpperCase()
  const hk = /^(\d{1,4})\.HK$/.exec(upper)
  return hk ? `${(hk[1] as string).padStart(5, '0')}.HK` : upper
}

interface GlossaryIndex {
  byTicker: Map<string, GlossaryTerm>
  byChinese: Map<string, GlossaryTerm>
}

const indexes = new WeakMap<readonly GlossaryTerm[], GlossaryIndex>()

function indexOf(glossary: readonly GlossaryTerm[]): GlossaryIndex {
  let index = indexes.get(glossary)
  if (!index) {
    index = { byTicker: new Map(), byChinese: new Map() }
    for (const term of glossary) {
      for (const ticker of term.tickers ?? []) {
        const key = normaliseCode(ticker)
        if (!index.byTicker.has(key)) index.byTicker.set(key, term)
      }
      for (const zh of [term.zh, ...(term.zhVariants ?? [])]) {
        if (!index.byChinese.has(zh)) index.byChinese.set(zh, term)
      }
    }
    indexes.set(glossary, index)
  }
  return index
}

export interface NameTranslation {
  en: string
  term: GlossaryTerm
  /** Which key found the entry: the stock code (preferred: it names the listed company) or the name. */
  via: 'ticker' | 'name'
}

/**
 * The English name of a Chinese chip name: the glossary entry that lists the code, else the entry
 * whose Chinese (in any script, share-class suffix like `-W` or `-SW` dropped) is the name.
 */
export function translateChipName(
  name: string,
  code: string,
  glossary: readonly GlossaryTerm[],
): NameTranslation | undefined {
  const index = indexOf(glossary)
  const byTicker = index.byTicker.get(normaliseCode(code))
  if (byTicker) return { en: byTicker.en, term: byTicker, via: 'ticker' }
  const bare = name.replace(/\s*-\s*[A-Z]{1,2}$/, '')
  for (const key of [name, bare]) {
    const term = index.byChinese.get(key) ?? index.byChinese.get(toSimplified(key))
    if (term) return { en: term.en, term, via: 'name' }
  }
  return undefined
}

const CHIP_INFO: RuleInfo = {
  stage: STAGE,
  rule: 'cashtags/chip',
  category: 'Design and markup',
  severity: 'minor',
  reason: 'Platform stock-chip markup ($NAME (CODE)$) rendered as plain text',
}

const TRANSLATED_INFO: Omit<RuleInfo, 'reason'> = {
  stage: STAGE,
  rule: 'cashtags/chip-name-translated',
  category: 'Accuracy/Untranslated',
  severity: 'minor',
}

const UNTRANSLATED_INFO: Omit<RuleInfo, 'reason'> = {
  stage: STAGE,
  rule: 'cashtags/untranslated-name',
  category: 'Accuracy/Untranslated',
  severity: 'minor',
}

const SEPARATOR_INFO: Omit<RuleInfo, 'reason'> = {
  stage: STAGE,
  rule: 'cashtags/list-separator',
  category: 'Linguistic conventions/Punctuation',
  severity: 'minor',
}

const ORPHAN_INFO: RuleInfo = {
  stage: STAGE,
  rule: 'cashtags/orphan-chips',
  category: 'Design and markup',
  severity: 'minor',
  reason:
    'A paragraph of nothing but stock chips is platform furniture, not content; its tickers are kept in the front matter',
}

/** What may stand between two chips of one list: nothing, spaces, one comma (ASCII, full-width or 、). */
const LIST_GAP = /^[ \t]*(?:[,，、][ \t]*)?$/
const ORPHAN_REST = /^[\s,，、]*$/

function isChineseCharacter(character: string | undefined): boolean {
  return character !== undefined && (isHanCharacter(character) || isCjkPunctuation(character))
}

/** A word, number or sentence mark glued to a chip's left needs a space once the `$` is gone. */
const NEEDS_SPACE_BEFORE = /[\p{L}\p{N}.,;:!?)\]%]/u
const NEEDS_SPACE_AFTER = /[\p{L}\p{N}([$]/u
/** A number or Latin name glued to Chinese after a chip belongs to that Chinese (`2024年`). */
const GLUED_CHINESE = /^[0-9A-Za-z.,%-]*\p{Script=Han}/u

interface ChipList {
  chips: Chip[]
  /** The text between consecutive chips (length chips - 1). */
  gaps: string[]
}

function groupLists(text: string, chips: readonly Chip[]): ChipList[] {
  const lists: ChipList[] = []
  for (const chip of chips) {
    const last = lists[lists.length - 1]
    const previous = last?.chips[last.chips.length - 1]
    const gap = previous ? text.slice(previous.end, chip.start) : undefined
    if (last && gap !== undefined && LIST_GAP.test(gap)) {
      last.chips.push(chip)
      last.gaps.push(gap)
    } else {
      lists.push({ chips: [chip], gaps: [] })
    }
  }
  return lists
}

/**
 * Whether a list sits inside Chinese text (a leftover Chinese paragraph): Chinese right before it
 * on its line, or nothing before it on the line and Chinese right after it. Chips there keep their
 * Chinese names and Chinese list marks: the Chinese is handled as a unit by a later stage.
 */
function inChineseText(text: string, start: number, end: number): boolean {
  const lineStart =
    Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\r', start - 1)) + 1
  const before = text.slice(lineStart, start).trimEnd()
  if (before.length > 0) return isChineseCharacter(before[before.length - 1])
  const after = text.slice(end).trimStart()
  return isChineseCharacter(after[0])
}

function render(name: string, code: string, mode: CashtagRender): string {
  if (mode === 'name') return name
  if (mode === 'code') return code
  return `${name} (${code})`
}

function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1
}

/** Whether a chip-only paragraph has its lines to itself (no list marker or `>` beside it). */
function standsAlone(text: string, block: Block): boolean {
  return (
    /^[ \t]*$/.test(text.slice(lineStartOf(text, block.start), block.start)) &&
    /^[ \t]*(?:\r\n|\n|\r|$)/.test(text.slice(block.end))
  )
}

/**
 * The range to delete for a chip-only paragraph, so that no empty gap is left: its lines and the
 * blank lines after it when content follows, else the blank lines before it. Consecutive orphans
 * thus get adjacent, never overlapping, ranges.
 */
function orphanRange(
  text: string,
  block: Block,
  blocks: readonly Block[],
  orphans: ReadonlySet<Block>,
): { start: number; end: number } {
  const position = blocks.indexOf(block)
  const later = blocks.slice(position + 1).filter((other) => other.start >= block.end)
  const previous = blocks
    .slice(0, position)
    .reverse()
    .find((other) => other.end <= block.start)
  let range = { start: block.start, end: block.end }
  const next = later[0]
  if (next && later.some((other) => !orphans.has(other))) {
    range = { start: lineStartOf(text, block.start), end: lineStartOf(text, next.start) }
  } else if (previous) range = { start: previous.end, end: block.end }
  const outside = text.slice(range.start, block.start) + text.slice(block.end, range.end)
  return /^\s*$/.test(outside) ? range : { start: block.start, end: block.end }
}

interface Rendered {
  change: Change
  ticker: Ticker
  untranslated?: Chip
}

export const cashtags: Plugin<[CashtagsOptions?], Root> = (options = {}) => {
  const mode = options.render ?? 'name-code'
  const glossary = options.glossary ?? []
  return (tree, file) => {
    const marketCodes = (options.markets ?? defaultMarkets()).map((market) => market.code)
    const { draft, meta } = articleOf(file)
    const text = draft.text
    const editable = editableSpans(draft, tree)
    const chips = findChips(text, marketCodes).filter((chip) =>
      within(editable, chip.start, chip.end),
    )
    if (chips.length === 0) return
    const blocks = currentBlocks(draft, tree)
    const changes: Change[] = []
    const tickers: Ticker[] = []
    const orphaned = new Set<Chip>()

    const orphans = new Map<Block, Chip[]>()
    for (const block of blocks) {
      if (block.type !== 'paragraph' || !standsAlone(text, block)) continue
      const inside = chips.filter((chip) => chip.start >= block.start && chip.end <= block.end)
      if (inside.length === 0) continue
      let rest = ''
      let at = block.start
      for (const chip of inside) {
        rest += text.slice(at, chip.start)
        at = chip.end
      }
      rest += text.slice(at, block.end)
      if (ORPHAN_REST.test(rest)) orphans.set(block, inside)
    }
    const orphanBlocks = new Set(orphans.keys())
    for (const [block, inside] of orphans) {
      for (const chip of inside) orphaned.add(chip)
      changes.push({
        ...orphanRange(text, block, blocks, orphanBlocks),
        after: '',
        info: ORPHAN_INFO,
        evidence: { tickers: inside.map((chip) => chip.code) },
      })
    }

    const rendered = new Map<Chip, Rendered>()
    for (const list of groupLists(text, chips)) {
      const first = list.chips[0] as Chip
      const last = list.chips[list.chips.length - 1] as Chip
      if (orphaned.has(first)) continue
      const chinese = inChineseText(text, first.start, last.end)
      list.chips.forEach((chip, i) => {
        const translation = hasHan(chip.name)
          ? translateChipName(chip.name, chip.code, glossary)
          : undefined
        const name = chinese ? chip.name : (translation?.en ?? chip.name)
        let after = render(name, chip.code, mode)
        const before = text[chip.start - 1]
        if (!chinese && i === 0 && before !== undefined && NEEDS_SPACE_BEFORE.test(before)) {
          after = ` ${after}`
        }
        const next = text[chip.end]
        if (
          !chinese &&
          i === list.chips.length - 1 &&
          next !== undefined &&
          NEEDS_SPACE_AFTER.test(next) &&
          !GLUED_CHINESE.test(text.slice(chip.end, chip.end + 24))
        ) {
          after = `${after} `
        }
        const info: RuleInfo =
          translation && !chinese
            ? {
                ...TRANSLATED_INFO,
                reason: `Stock chip rendered as plain text; its Chinese name "${chip.name}" was never translated: the glossary names ${translation.via === 'ticker' ? `the company listed as ${chip.code}` : `"${chip.name}"`} "${translation.en}"`,
              }
            : CHIP_INFO
        const evidence: Record<string, unknown> = { code: chip.code, name: chip.name }
        if (translation && !chinese) {
          evidence.glossary = `${translation.term.file}:${translation.term.line}`
          evidence.translatedVia = translation.via
        }
        const entry: Rendered = {
          change: { start: chip.start, end: chip.end, after, info, evidence },
          ticker: { code: chip.code, name: translation?.en ?? chip.name },
        }
        if (!chinese && !translation && hasHan(chip.name)) entry.untranslated = chip
        rendered.set(chip, entry)
        changes.push(entry.change)
      })
      list.gaps.forEach((gap, i) => {
        const wanted = chinese ? (gap === '' ? '、' : gap) : ', '
        if (gap === wanted) return
        const start = (list.chips[i] as Chip).end
        changes.push({
          start,
          end: start + gap.length,
          after: wanted,
          info: {
            ...SEPARATOR_INFO,
            reason:
              gap.trim() === ''
                ? 'Stock chips glued to each other: the list gets its separators'
                : `List separator "${gap}" between stock chips normalised to "${wanted}"`,
          },
        })
      })
    }

    for (const chip of chips) {
      const entry = rendered.get(chip)
      if (entry) {
        tickers.push(entry.ticker)
        continue
      }
      const translation = hasHan(chip.name)
        ? translateChipName(chip.name, chip.code, glossary)
        : undefined
      tickers.push({ code: chip.code, name: translation?.en ?? chip.name })
    }

    // Flag before applying: the flag then spans the chip as written, and its output the rendering.
    for (const entry of rendered.values()) {
      const chip = entry.untranslated
      if (!chip) continue
      draft.flag(
        chip.start,
        chip.end,
        {
          ...UNTRANSLATED_INFO,
          reason: `Chinese stock name "${chip.name}" (${chip.code}) is not in the glossary and stays untranslated`,
        },
        { evidence: { code: chip.code, name: chip.name } },
      )
    }
    draft.applyAll(changes)
    appendTickers(meta, tickers)
  }
}

/** Adds tickers not yet listed (by code); a later English name fills a missing or Chinese one. */
function appendTickers(meta: Record<string, unknown>, tickers: readonly Ticker[]): void {
  const list: Ticker[] = Array.isArray(meta.tickers) ? (meta.tickers as Ticker[]) : []
  for (const ticker of tickers) {
    const known = list.find((other) => normaliseCode(other.code) === normaliseCode(ticker.code))
    if (!known) list.push({ ...ticker })
    else if (ticker.name && (!known.name || (hasHan(known.name) && !hasHan(ticker.name)))) {
      known.name = ticker.name
    }
  }
  meta.tickers = list
}
