/**
 * Boilerplate stage: removes platform furniture named by the profiles in `rules/boilerplate/` —
 * whole paragraphs, single lines (also when markdown folded them into the paragraph above) and
 * lines injected inside sentences, mending the spacing a cut leaves — and, in a batch, paragraphs
 * that recur across many articles (learned boilerplate).
 */
import type { Root } from 'mdast'
import type { Plugin } from 'unified'
import { type ArticleState, articleOf } from '../core/article.js'
import type { Change } from '../core/draft.js'
import {
  type Block,
  blockRemovals,
  currentBlocks,
  editableSpans,
  within,
} from '../core/structure.js'
import type { RuleInfo } from '../core/types.js'
import type { BoilerplateRule } from '../rules/boilerplate.js'

export const STAGE = 'boilerplate'

export interface BoilerplateOptions {
  rules: readonly BoilerplateRule[]
}

/** Paragraphs and lines learned from a batch: normalised text → number of articles with it. */
export interface LearnedBoilerplate {
  paragraphs: ReadonlyMap<string, number>
  /** One original wording per key, for the batch summary. */
  examples: ReadonlyMap<string, string>
  articles: number
  /** Remove learned boilerplate (default) or only flag it. */
  action: 'remove' | 'flag'
}

/** When a recurring paragraph or line counts as boilerplate. */
export interface BoilerplateLearning {
  /** In at least this many different articles... */
  minArticles: number
  /** ...and at least this share of the batch. */
  minShare: number
  /** Shorter text (a one-word heading, "Summary") repeats legitimately and is never learned. */
  minChars: number
  minWords: number
  action: 'remove' | 'flag'
}

export const DEFAULT_LEARNING: BoilerplateLearning = {
  minArticles: 5,
  minShare: 0.2,
  minChars: 25,
  minWords: 4,
  action: 'remove',
}

/** The paragraphs and lines repeated across enough articles of a batch to be boilerplate. */
export function learnBoilerplate(
  articles: readonly { text: string }[],
  settings: BoilerplateLearning = DEFAULT_LEARNING,
): LearnedBoilerplate {
  const counts = new Map<string, number>()
  const examples = new Map<string, string>()
  for (const { text } of articles) {
    const seen = new Set<string>()
    for (const paragraph of text.split(/\r?\n[ \t]*\r?\n/u)) {
      const lines = paragraph.split(/\r?\n/u)
      for (const candidate of lines.length > 1 ? [paragraph, ...lines] : [paragraph]) {
        const trimmed = candidate.trim()
        const han = /\p{Script=Han}/u.test(trimmed)
        const words = trimmed.split(/\s+/u).length
        if (trimmed.length < settings.minChars || (!han && words < settings.minWords)) continue
        const key = boilerplateKey(trimmed)
        if (seen.has(key)) continue
        seen.add(key)
        counts.set(key, (counts.get(key) ?? 0) + 1)
        if (!examples.has(key)) examples.set(key, trimmed)
      }
    }
  }
  const needed = Math.max(settings.minArticles, Math.ceil(settings.minShare * articles.length))
  const paragraphs = new Map([...counts].filter(([, count]) => count >= needed))
  return {
    paragraphs,
    examples: new Map([...examples].filter(([key]) => paragraphs.has(key))),
    articles: articles.length,
    action: settings.action,
  }
}

declare module 'vfile' {
  interface DataMap {
    /** Set by the batch runner when it learned boilerplate from the whole batch. */
    mtTidyLearnedBoilerplate: LearnedBoilerplate
  }
}

/** The key a paragraph is counted under across a batch: case and whitespace folded. */
export function boilerplateKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim()
}

function info(rule: BoilerplateRule): RuleInfo {
  return {
    stage: STAGE,
    rule: rule.id,
    category: 'Non-content',
    severity: 'minor',
    reason: rule.reason,
  }
}

function record(state: ArticleState, rule: BoilerplateRule): void {
  if (rule.machineTranslated) state.meta.machineTranslated = true
  if (rule.platform && state.meta.platform === undefined) state.meta.platform = rule.platform
}

const isSpace = (char: string | undefined) => char === ' ' || char === '\t'
const isWord = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char)

/** Deleting [start, end) from running text, keeping exactly the spacing the sentence needs. */
function inlineDeletion(
  text: string,
  start: number,
  end: number,
): { start: number; end: number; after: string } {
  const before = text[start - 1]
  let after = text[end]
  if (
    isSpace(before) &&
    (isSpace(after) || after === undefined || after === '\n' || after === '\r')
  ) {
    // "word <cut> word" or "word <cut>⏎": drop the spaces after the cut, or before it at a line end.
    if (isSpace(after)) {
      while (isSpace(text[end])) end++
    } else {
      while (isSpace(text[start - 1])) start--
    }
    return { start, end, after: '' }
  }
  if ((before === undefined || before === '\n') && isSpace(after)) {
    while (isSpace(text[end])) end++
    return { start, end, after: '' }
  }
  after = text[end]
  // Glued on both sides ("companyPlease … feature.reported"): the words need a space between them.
  if ((isWord(before) || /[.,;:!?)"”]/u.test(before ?? '')) && isWord(after))
    return { start, end, after: ' ' }
  return { start, end, after: '' }
}

/** Lines of a block with current offsets (line text excludes the line break). */
function linesOf(block: Block): { start: number; end: number; text: string }[] {
  const lines: { start: number; end: number; text: string }[] = []
  const pattern = /[^\r\n]*(?:\r\n|\r|\n|$)/gy
  let at = 0
  while (at < block.text.length) {
    pattern.lastIndex = at
    const match = pattern.exec(block.text)
    if (!match || match[0].length === 0) break
    const raw = match[0].replace(/(?:\r\n|\r|\n)$/u, '')
    lines.push({ start: block.start + at, end: block.start + at + raw.length, text: raw })
    at += match[0].length
  }
  return lines
}

function matchesWhole(rule: BoilerplateRule, text: string): boolean {
  return rule.whole.test(text.replace(/\s+/gu, ' ').trim())
}

function learnedInfo(learned: LearnedBoilerplate | undefined, text: string): RuleInfo | undefined {
  const count = learned?.paragraphs.get(boilerplateKey(text))
  if (!learned || count === undefined) return undefined
  return {
    stage: STAGE,
    rule: 'boilerplate/batch-learned',
    category: 'Non-content',
    severity: 'minor',
    reason: `this text appears in ${count} of the ${learned.articles} articles of the batch: platform boilerplate no profile names yet`,
  }
}

export const boilerplate: Plugin<[BoilerplateOptions], Root> = (options) => {
  const inlineRules = options.rules.filter((rule) => rule.scope === 'inline')
  const lineRules = options.rules.filter((rule) => rule.scope === 'line')
  // Every rule removes a paragraph that consists of its text alone.
  const paragraphRules = options.rules
  return (tree, file) => {
    const state = articleOf(file)
    const { draft } = state

    // 1. Lines injected inside sentences.
    const text = draft.text
    const editable = editableSpans(draft, tree)
    const wholeBlocks = new Set(
      currentBlocks(draft, tree).map((block) => `${block.start}:${block.end}`),
    )
    const inline: Change[] = []
    for (const rule of inlineRules) {
      if (!rule.anywhere) continue
      for (const match of text.matchAll(rule.anywhere)) {
        const start = match.index
        const end = start + match[0].length
        // Standing alone it is a paragraph: step 3 removes it with its blank line.
        if (!within(editable, start, end) || wholeBlocks.has(`${start}:${end}`)) continue
        if (inline.some((change) => change.start < end && start < change.end)) continue
        inline.push({ ...inlineDeletion(text, start, end), info: info(rule) })
        record(state, rule)
      }
    }
    draft.applyAll(inline)

    // 2. Whole lines inside a paragraph of several lines. A paragraph whose every line goes is
    // removed whole in step 3 instead, with its blank line.
    const learned = file.data.mtTidyLearnedBoilerplate
    const lines: Change[] = []
    const wholeByLines = new Map<number, RuleInfo>()
    for (const block of currentBlocks(draft, tree)) {
      if (block.type !== 'paragraph') continue
      const blockLines = linesOf(block)
      if (blockLines.length < 2) continue
      const doomedLines = new Map<number, { info: RuleInfo; rule: BoilerplateRule | undefined }>()
      blockLines.forEach((line, i) => {
        const rule = lineRules.find((candidate) => matchesWhole(candidate, line.text))
        const lineInfo = rule ? info(rule) : learnedInfo(learned, line.text)
        if (!lineInfo) return
        if (!rule && learned?.action === 'flag') draft.flag(line.start, line.end, lineInfo)
        else doomedLines.set(i, { info: lineInfo, rule })
      })
      for (const { rule } of doomedLines.values()) if (rule) record(state, rule)
      if (doomedLines.size === blockLines.length) {
        const first = doomedLines.get(0)
        if (first) wholeByLines.set(draft.toInput(block.start, 'after'), first.info)
        continue
      }
      // Like blocks: a line takes the line break after it while a kept line follows, else the
      // one before it, so that neighbouring deletions never overlap.
      const lastKept = Math.max(...blockLines.map((_, i) => (doomedLines.has(i) ? -1 : i)))
      for (const [i, { info: lineInfo }] of doomedLines) {
        const line = blockLines[i] as (typeof blockLines)[number]
        const start = i < lastKept ? line.start : (blockLines[i - 1]?.end ?? line.start)
        const end = i < lastKept ? (blockLines[i + 1]?.start ?? line.end) : line.end
        lines.push({ start, end, after: '', info: lineInfo })
      }
    }
    draft.applyAll(lines)

    // 3. Whole paragraphs: profile rules, then what the batch learned.
    const blocks = currentBlocks(draft, tree)
    const doomed = new Map<number, RuleInfo>()
    blocks.forEach((block, i) => {
      if (block.type !== 'paragraph') return
      const byLines = wholeByLines.get(draft.toInput(block.start, 'after'))
      if (byLines) {
        doomed.set(i, byLines)
        return
      }
      const rule = paragraphRules.find((candidate) => matchesWhole(candidate, block.text))
      if (rule) {
        doomed.set(i, info(rule))
        record(state, rule)
        return
      }
      const blockInfo = learnedInfo(learned, block.text)
      if (!blockInfo) return
      if (learned?.action === 'flag') draft.flag(block.start, block.end, blockInfo)
      else doomed.set(i, blockInfo)
    })
    draft.applyAll(blockRemovals(blocks, doomed))
  }
}
