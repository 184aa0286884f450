/**
 * One-pass matching of a whole term-rule set. Literal patterns go into one Aho-Corasick automaton
 * over case-folded text; regular-expression patterns are combined into one alternation per flag
 * set. Every candidate from every rule is collected in that single pass, then overlaps are
 * resolved once: longest first, then earliest, then the rule listed first. So 1,000 rules cost
 * about what 10 do, and no rule can apply to another rule's output.
 */
import type { TermRule } from './load.js'

export interface Match {
  start: number
  end: number
  rule: TermRule
  /** The replacement with case preserved and regex groups expanded; undefined for flag-only rules. */
  replacement: string | undefined
}

const HAN = /\p{Script=Han}/u
const WORD = /[\p{L}\p{N}\p{M}_]/u

/** A letter, digit or mark that is not Han: the characters a Latin word boundary separates. */
function isLatinWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD.test(char) && !HAN.test(char)
}

function charBefore(text: string, offset: number): string | undefined {
  if (offset <= 0) return undefined
  const code = text.charCodeAt(offset - 1)
  const low = code >= 0xdc00 && code <= 0xdfff
  return low && offset >= 2 ? text.slice(offset - 2, offset) : text[offset - 1]
}

function charAt(text: string, offset: number): string | undefined {
  const code = text.codePointAt(offset)
  return code === undefined ? undefined : String.fromCodePoint(code)
}

function charEndingAt(text: string, end: number): string | undefined {
  return charBefore(text, end)
}

/** Latin word boundaries at both ends of [start, end); Han ends need none. */
export function hasWordBoundaries(text: string, start: number, end: number): boolean {
  if (isLatinWordChar(charAt(text, start)) && isLatinWordChar(charBefore(text, start))) return false
  if (isLatinWordChar(charEndingAt(text, end)) && isLatinWordChar(charAt(text, end))) return false
  return true
}

/** Lower-cases one UTF-16 unit at a time, so folded offsets equal original offsets. */
export function foldCase(text: string): string {
  const lower = text.toLowerCase()
  if (lower.length === text.length) return lower
  let folded = ''
  for (const unit of text) {
    const low = unit.toLowerCase()
    folded += low.length === unit.length ? low : unit
  }
  return folded
}

/** Makes `replacement` follow the case of `matched`: ALL CAPS, Capitalised, or as written. */
export function matchCase(matched: string, replacement: string): string {
  const letters = matched.replace(/[^\p{L}]/gu, '')
  if (letters.length === 0) return replacement
  const upper = letters.toUpperCase()
  if (letters.length > 1 && letters === upper && letters !== letters.toLowerCase()) {
    return replacement.toUpperCase()
  }
  const first = letters[0] as string
  if (first !== first.toLowerCase() && first === first.toUpperCase()) {
    const index = replacement.search(/\p{L}/u)
    if (index < 0) return replacement
    return (
      replacement.slice(0, index) +
      (replacement[index] as string).toUpperCase() +
      replacement.slice(index + 1)
    )
  }
  return replacement
}

class AhoCorasick {
  private readonly next: Map<number, number>[] = [new Map()]
  private readonly fail: number[] = [0]
  /** Pattern ids ending at each state, including those reached through failure links. */
  private readonly out: number[][] = [[]]
  private readonly lengths: number[] = []

  add(pattern: string, id: number): void {
    let state = 0
    for (let i = 0; i < pattern.length; i++) {
      const code = pattern.charCodeAt(i)
      let target = this.next[state]?.get(code)
      if (target === undefined) {
        target = this.next.length
        this.next.push(new Map())
        this.fail.push(0)
        this.out.push([])
        this.next[state]?.set(code, target)
      }
      state = target
    }
    this.out[state]?.push(id)
    this.lengths[id] = pattern.length
  }

  build(): void {
    const queue: number[] = []
    for (const target of (this.next[0] as Map<number, number>).values()) queue.push(target)
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] as number
      for (const [code, target] of this.next[state] as Map<number, number>) {
        let fallback = this.fail[state] as number
        while (fallback > 0 && !this.next[fallback]?.has(code))
          fallback = this.fail[fallback] as number
        const link = this.next[fallback]?.get(code)
        this.fail[target] = link !== undefined && link !== target ? link : 0
        const inherited = this.out[this.fail[target] as number] as number[]
        if (inherited.length) this.out[target] = [...(this.out[target] as number[]), ...inherited]
        queue.push(target)
      }
    }
  }

  /** Calls `found(start, end, id)` for every occurrence of every pattern. */
  scan(text: string, found: (start: number, end: number, id: number) => void): void {
    let state = 0
    const next = this.next
    const fail = this.fail
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      let target = next[state]?.get(code)
      while (target === undefined && state > 0) {
        state = fail[state] as number
        target = next[state]?.get(code)
      }
      state = target ?? 0
      const ids = this.out[state] as number[]
      for (const id of ids) found(i + 1 - (this.lengths[id] as number), i + 1, id)
    }
  }
}

interface Candidate {
  start: number
  end: number
  rule: TermRule
}

interface RegexGroup {
  regex: RegExp
  stickies: { rule: TermRule; sticky: RegExp }[]
}

export class TermMatcher {
  private readonly literals = new AhoCorasick()
  private readonly literalRules: { rule: TermRule; pattern: string }[] = []
  private readonly regexGroups: RegexGroup[] = []
  readonly rules: readonly TermRule[]

  constructor(rules: readonly TermRule[]) {
    this.rules = rules
    const groups = new Map<string, TermRule[]>()
    for (const rule of rules) {
      for (const pattern of rule.patterns) {
        if (pattern.kind === 'literal') {
          const id = this.literalRules.length
          this.literalRules.push({ rule, pattern: pattern.source })
          this.literals.add(foldCase(pattern.source), id)
        } else {
          const list = groups.get(pattern.flags) ?? []
          list.push(rule)
          groups.set(pattern.flags, list)
        }
      }
    }
    this.literals.build()
    for (const [flags, group] of groups) {
      const sources = group.flatMap((rule) =>
        rule.patterns
          .filter((p) => p.kind === 'regex' && p.flags === flags)
          .map((p) => `(?<r${rule.index}_${p.index}>${p.source})`),
      )
      const stickies = group.flatMap((rule) =>
        rule.patterns
          .filter((p) => p.kind === 'regex' && p.flags === flags)
          .map((p) => ({ rule, sticky: new RegExp(p.source, `${flags}y`) })),
      )
      this.regexGroups.push({ regex: new RegExp(sources.join('|'), `${flags}g`), stickies })
    }
  }

  /** All candidates of all rules, with Latin word boundaries checked, in one pass per kind. */
  private candidates(text: string, allowed: (start: number, end: number) => boolean): Candidate[] {
    const found: Candidate[] = []
    const consider = (start: number, end: number, rule: TermRule) => {
      if (end <= start || !allowed(start, end)) return
      if (rule.data.wordBoundary && !hasWordBoundaries(text, start, end)) return
      found.push({ start, end, rule })
    }
    if (this.literalRules.length > 0) {
      const folded = foldCase(text)
      this.literals.scan(folded, (start, end, id) => {
        const { rule, pattern } = this.literalRules[id] as { rule: TermRule; pattern: string }
        if (rule.data.caseSensitive && text.slice(start, end) !== pattern) return
        consider(start, end, rule)
      })
    }
    for (const { regex, stickies } of this.regexGroups) {
      regex.lastIndex = 0
      for (let match = regex.exec(text); match; match = regex.exec(text)) {
        // The alternation reports one rule per position; ask each rule of the group at this
        // position so that a longer match of a later rule is a candidate too.
        for (const { rule, sticky } of stickies) {
          sticky.lastIndex = match.index
          const own = sticky.exec(text)
          if (own) consider(match.index, match.index + own[0].length, rule)
        }
        // Step one unit on, not past the match: a later-starting candidate may be longer.
        regex.lastIndex = match.index + 1
      }
    }
    return found
  }

  /**
   * The matches to apply: overlaps resolved longest-first, then earliest, then by rule order;
   * matches where the replacement already stands are dropped.
   */
  match(text: string, allowed: (start: number, end: number) => boolean = () => true): Match[] {
    // Patterns are matched on a view where each run of spaces and single line breaks is one
    // space, so "internet  plus-related" or a term broken across lines still matches, and a
    // later stage collapsing spaces cannot make a term appear on a second run.
    const view = foldWhitespace(text)
    const original = (start: number, end: number) =>
      [view.starts[start] as number, view.ends[end - 1] as number] as const
    const candidates = this.candidates(view.text, (start, end) => allowed(...original(start, end)))
    candidates.sort(
      (a, b) =>
        b.end - b.start - (a.end - a.start) || a.start - b.start || a.rule.index - b.rule.index,
    )
    const taken: Candidate[] = []
    const covered = new Uint8Array(view.text.length)
    for (const candidate of candidates) {
      if (covered.subarray(candidate.start, candidate.end).includes(1)) continue
      const replacement = this.replacementFor(view.text, candidate)
      if (replacement !== undefined && alreadyPresent(view.text, candidate, replacement)) continue
      covered.fill(1, candidate.start, candidate.end)
      taken.push(candidate)
    }
    taken.sort((a, b) => a.start - b.start)
    return taken.map((candidate) => {
      const [start, end] = original(candidate.start, candidate.end)
      return {
        start,
        end,
        rule: candidate.rule,
        replacement: this.replacementFor(view.text, candidate),
      }
    })
  }

  private replacementFor(text: string, { start, end, rule }: Candidate): string | undefined {
    const template = rule.data.replace
    if (template === undefined) return undefined
    const matched = text.slice(start, end)
    let replacement = template
    const regexPattern = rule.patterns.find((p) => p.kind === 'regex')
    if (regexPattern && template.includes('$')) {
      for (const pattern of rule.patterns) {
        if (pattern.kind !== 'regex') continue
        const sticky = new RegExp(pattern.source, `${pattern.flags}y`)
        sticky.lastIndex = start
        const match = sticky.exec(text)
        if (match && match[0].length === end - start) {
          replacement = matched.replace(new RegExp(pattern.source, pattern.flags), template)
          break
        }
      }
    }
    return rule.data.preserveCase && !rule.data.caseSensitive
      ? matchCase(matched, replacement)
      : replacement
  }
}

/** True where the text around the match already reads as the replacement. */
function alreadyPresent(
  text: string,
  { start, end, rule }: Candidate,
  replacement: string,
): boolean {
  if (replacement.length === 0) return false
  // A case-sensitive rule may fix case alone, so it compares exactly.
  const fold = rule.data.caseSensitive ? (value: string) => value : foldCase
  const matched = fold(text.slice(start, end))
  const target = fold(replacement)
  for (let at = target.indexOf(matched); at >= 0; at = target.indexOf(matched, at + 1)) {
    const from = start - at
    if (from >= 0 && fold(text.slice(from, from + target.length)) === target) return true
  }
  return false
}

interface WhitespaceView {
  text: string
  /** For each unit of the view, where it starts and ends in the original text. */
  starts: Uint32Array
  ends: Uint32Array
}

/**
 * `text` with every run of whitespace that holds at most one line break folded to one space;
 * a paragraph break (two or more line breaks) stays a line break, so no term spans paragraphs.
 */
export function foldWhitespace(text: string): WhitespaceView {
  const starts = new Uint32Array(text.length)
  const ends = new Uint32Array(text.length)
  let folded = ''
  let from = 0
  let length = 0
  const push = (chunk: string, start: number, end: number, whole: boolean) => {
    folded += chunk
    for (let i = 0; i < chunk.length; i++) {
      starts[length] = whole ? start : start + i
      ends[length] = whole ? end : start + i + 1
      length++
    }
  }
  for (const match of text.matchAll(/\s+/gu)) {
    const run = match[0]
    if (run === ' ') continue
    push(text.slice(from, match.index), from, match.index, false)
    const breaks = run.match(/\r\n|\r|\n/gu)?.length ?? 0
    push(breaks >= 2 ? '\n' : ' ', match.index, match.index + run.length, true)
    from = match.index + run.length
  }
  push(text.slice(from), from, text.length, false)
  return { text: folded, starts: starts.subarray(0, length), ends: ends.subarray(0, length) }
}
