/**
 * The edit model. A Draft holds the untouched input text and a list of splices on it, kept in
 * input coordinates, sorted and non-overlapping. Stages read the current text (input with all
 * splices so far applied) and propose changes in current coordinates; the Draft maps them back to
 * the input. Bytes outside every splice are never touched, so an article that needs no change
 * comes out byte-identical, and the final edit list alone rebuilds output from input and back.
 *
 * A change that overlaps an earlier splice is folded into it: the result is one edit whose
 * `before` is the original input span, credited to the earlier rule with the later one listed in
 * `merged`. That keeps edits non-overlapping whatever the stage order.
 */
import type { Category, Edit, Evidence, Finding, RuleInfo, Severity } from './types.js'

interface Splice {
  start: number
  end: number
  after: string
  info: RuleInfo
  evidence?: Evidence
  merged?: RuleInfo[]
}

interface Flag {
  start: number
  end: number
  info: RuleInfo
  actual: string
  expected: string[]
  evidence?: Evidence
}

/** A change proposed by a stage, in current-text coordinates. */
export interface Change {
  start: number
  end: number
  after: string
  info: RuleInfo
  evidence?: Evidence
}

export interface FlagOptions {
  expected?: string[]
  evidence?: Evidence
}

/** Decides whether a change or finding was rejected by an editor earlier (see suppressions.ts). */
export type SuppressionCheck = (rule: string, text: string) => boolean

export type Bias = 'before' | 'after'

/** A rule (or, without `rule`, every rule; a prefix like `style` covers `style/...`) switched off. */
export interface DisabledRange {
  rule?: string
  start: number
  end: number
}

export class Draft {
  readonly input: string
  private splices: Splice[] = []
  private flags: Flag[] = []
  private cachedText: string | undefined
  private cachedOutStarts: number[] | undefined
  private readonly isSuppressed: SuppressionCheck
  /** Input ranges where rules are switched off by comments in the article. */
  private disabled: DisabledRange[] = []
  /** Changes and findings that a suppression silenced, counted for the report. */
  suppressed = 0

  constructor(input: string, isSuppressed: SuppressionCheck = () => false) {
    this.input = input
    this.isSuppressed = isSuppressed
  }

  /** Switches rules off over input ranges (from `<!-- mt-tidy-disable RULE -->` comments). */
  disable(ranges: readonly DisabledRange[]): void {
    this.disabled = [...this.disabled, ...ranges]
  }

  private isDisabled(rule: string, inputOffset: number): boolean {
    return this.disabled.some(
      (range) =>
        range.start <= inputOffset &&
        inputOffset < range.end &&
        (range.rule === undefined || rule === range.rule || rule.startsWith(`${range.rule}/`)),
    )
  }

  /** The input with every splice so far applied. */
  get text(): string {
    if (this.cachedText === undefined) {
      let text = ''
      let at = 0
      for (const splice of this.splices) {
        text += this.input.slice(at, splice.start) + splice.after
        at = splice.end
      }
      this.cachedText = text + this.input.slice(at)
    }
    return this.cachedText
  }

  /** Where each splice's output starts in the current text (parallel to `splices`). */
  private outStarts(): number[] {
    if (this.cachedOutStarts === undefined) {
      const starts: number[] = []
      let delta = 0
      for (const splice of this.splices) {
        starts.push(splice.start + delta)
        delta += splice.after.length - (splice.end - splice.start)
      }
      this.cachedOutStarts = starts
    }
    return this.cachedOutStarts
  }

  private invalidate(): void {
    this.cachedText = undefined
    this.cachedOutStarts = undefined
  }

  /** The first index at which `passed` turns false (it must hold for a prefix only). */
  private firstNotPassed(passed: (index: number) => boolean): number {
    let low = 0
    let high = this.splices.length
    while (low < high) {
      const mid = (low + high) >> 1
      if (passed(mid)) low = mid + 1
      else high = mid
    }
    return low
  }

  /**
   * Maps an input offset to the current text. An offset inside a replaced span maps to the
   * start (`before`) or end (`after`) of its replacement; at an insertion point, `before` stays
   * in front of the inserted text and `after` goes past it.
   */
  toCurrent(offset: number, bias: Bias = 'before'): number {
    const starts = this.outStarts()
    const splices = this.splices
    // Splices are sorted and disjoint, so the ones the offset is past form a prefix.
    const index = this.firstNotPassed((i) => {
      const splice = splices[i] as Splice
      return (
        splice.end < offset ||
        (splice.end === offset && (splice.start < offset || bias === 'after'))
      )
    })
    const previous = splices[index - 1]
    const delta = previous
      ? (starts[index - 1] as number) + previous.after.length - previous.end
      : 0
    const splice = splices[index]
    if (splice && splice.start < offset) {
      const outStart = starts[index] as number
      return bias === 'before' ? outStart : outStart + splice.after.length
    }
    return offset + delta
  }

  /**
   * Maps a current offset back to the input. An offset inside inserted text maps to the start
   * (`before`) or end (`after`) of the input span that text replaced.
   */
  toInput(offset: number, bias: Bias = 'before'): number {
    const starts = this.outStarts()
    const splices = this.splices
    // Past a deletion at this very point too with the `after` bias, and past any further ones.
    const index = this.firstNotPassed((i) => {
      const outStart = starts[i] as number
      const outEnd = outStart + (splices[i] as Splice).after.length
      return (
        outEnd < offset ||
        (outEnd === offset && outStart < offset) ||
        (outStart === offset && outEnd === offset && bias === 'after')
      )
    })
    const previous = splices[index - 1]
    const delta = previous
      ? previous.end - ((starts[index - 1] as number) + previous.after.length)
      : 0
    const splice = splices[index]
    if (splice && (starts[index] as number) < offset)
      return bias === 'before' ? splice.start : splice.end
    return offset + delta
  }

  /** Applies one change; see `applyAll`. */
  replace(change: Change): void {
    this.applyAll([change])
  }

  /**
   * Applies changes given in current coordinates. Changes in one call must not overlap each
   * other; they are applied as if simultaneously. A change that restates the text, or that an
   * editor rejected before (same rule, same text), is dropped.
   */
  applyAll(changes: readonly Change[]): void {
    const sorted = [...changes].sort((a, b) => a.start - b.start || a.end - b.end)
    const current = this.text
    const todo: Change[] = []
    for (const [i, change] of sorted.entries()) {
      const next = sorted[i + 1]
      if (next && change.end > next.start) {
        throw new Error(`overlapping changes from ${change.info.rule} and ${next.info.rule}`)
      }
      const before = current.slice(change.start, change.end)
      if (before === change.after) continue
      if (
        this.isSuppressed(change.info.rule, before) ||
        (this.disabled.length > 0 &&
          this.isDisabled(change.info.rule, this.toInput(change.start, 'before')))
      ) {
        this.suppressed++
        continue
      }
      todo.push(change)
    }
    if (!this.mergeDisjoint(todo)) {
      // Apply right to left so earlier current offsets stay valid.
      for (let i = todo.length - 1; i >= 0; i--) this.spliceCurrent(todo[i] as Change)
    }
    this.invalidate()
  }

  /**
   * The common case in one linear pass: no change touches an earlier splice, so each maps to
   * the input by the gap it stands in, and the two sorted lists merge. Returns false (changing
   * nothing) when some change overlaps an earlier splice and must be folded into it.
   */
  private mergeDisjoint(todo: readonly Change[]): boolean {
    const starts = this.outStarts()
    const splices = this.splices
    const merged: Splice[] = []
    let j = 0
    let inputEnd = 0
    let outEnd = 0
    for (const change of todo) {
      while (j < splices.length) {
        const splice = splices[j] as Splice
        const end = (starts[j] as number) + splice.after.length
        if (end > change.start) break
        merged.push(splice)
        inputEnd = splice.end
        outEnd = end
        j++
      }
      const splice = splices[j]
      if (splice) {
        const start = starts[j] as number
        const end = start + splice.after.length
        const overlaps =
          (start < change.end && change.start < end) ||
          (start === end && change.start < start && start < change.end) ||
          (change.start === change.end && start < change.start && change.start < end)
        if (overlaps) return false
      }
      const start = inputEnd + (change.start - outEnd)
      const added: Splice = {
        start,
        end: start + (change.end - change.start),
        after: change.after,
        info: change.info,
      }
      if (change.evidence) added.evidence = change.evidence
      merged.push(added)
    }
    for (; j < splices.length; j++) merged.push(splices[j] as Splice)
    this.splices = merged
    return true
  }

  private spliceCurrent(change: Change): void {
    const starts = this.outStarts()
    let first = -1
    let last = -1
    let insertAt = this.splices.length
    for (let i = 0; i < this.splices.length; i++) {
      const splice = this.splices[i] as Splice
      const outStart = starts[i] as number
      const outEnd = outStart + splice.after.length
      const overlaps =
        (outStart < change.end && change.start < outEnd) ||
        (outStart === outEnd && change.start < outStart && outStart < change.end) ||
        (change.start === change.end && outStart < change.start && change.start < outEnd)
      if (overlaps) {
        if (first < 0) first = i
        last = i
      } else if (first < 0 && insertAt === this.splices.length && outEnd > change.start) {
        // Splices ending at or before the change's start (insertions at that very point too)
        // stay in front of it.
        insertAt = i
      }
    }
    if (first < 0) {
      const start = this.toInputPlain(change.start, insertAt)
      const end = change.start === change.end ? start : this.toInputPlain(change.end, insertAt)
      const splice: Splice = { start, end, after: change.after, info: change.info }
      if (change.evidence) splice.evidence = change.evidence
      this.splices.splice(insertAt, 0, splice)
      this.cachedOutStarts = undefined
      this.cachedText = undefined
      return
    }
    const firstSplice = this.splices[first] as Splice
    const lastSplice = this.splices[last] as Splice
    const firstOut = starts[first] as number
    const lastOutEnd = (starts[last] as number) + lastSplice.after.length
    const spanStart = Math.min(change.start, firstOut)
    const spanEnd = Math.max(change.end, lastOutEnd)
    const inputStart =
      change.start < firstOut ? firstSplice.start - (firstOut - change.start) : firstSplice.start
    const inputEnd =
      change.end > lastOutEnd ? lastSplice.end + (change.end - lastOutEnd) : lastSplice.end
    const current = this.text
    const after =
      current.slice(spanStart, change.start) + change.after + current.slice(change.end, spanEnd)
    const merged: RuleInfo[] = []
    for (let i = first; i <= last; i++) {
      const splice = this.splices[i] as Splice
      if (i > first) merged.push(splice.info)
      if (splice.merged) merged.push(...splice.merged)
    }
    merged.push(change.info)
    const folded: Splice = {
      start: inputStart,
      end: inputEnd,
      after,
      info: firstSplice.info,
      merged,
    }
    const evidence = { ...firstSplice.evidence, ...change.evidence }
    if (Object.keys(evidence).length > 0) folded.evidence = evidence
    const replacement = this.input.slice(inputStart, inputEnd) === after ? [] : [folded]
    this.splices.splice(first, last - first + 1, ...replacement)
    this.cachedOutStarts = undefined
    this.cachedText = undefined
  }

  /** Input offset of a current offset known to lie outside every splice's output. */
  private toInputPlain(offset: number, spliceIndex: number): number {
    if (spliceIndex === 0) return offset
    const starts = this.outStarts()
    const previous = this.splices[spliceIndex - 1] as Splice
    const previousOutEnd = (starts[spliceIndex - 1] as number) + previous.after.length
    return previous.end + (offset - previousOutEnd)
  }

  /** Records a finding about current text [start, end). */
  flag(start: number, end: number, info: RuleInfo, options: FlagOptions = {}): void {
    const actual = this.text.slice(start, end)
    if (
      this.isSuppressed(info.rule, actual) ||
      this.isDisabled(info.rule, this.toInput(start, 'before'))
    ) {
      this.suppressed++
      return
    }
    const flag: Flag = {
      start: this.toInput(start, 'before'),
      end: this.toInput(end, 'after'),
      info,
      actual,
      expected: options.expected ?? [],
    }
    if (options.evidence) flag.evidence = options.evidence
    this.flags.push(flag)
  }

  /** The finished edit list and findings, with output offsets and input line/column. */
  finish(): { output: string; edits: Edit[]; findings: Finding[] } {
    const output = this.text
    const starts = this.outStarts()
    const edits: Edit[] = this.splices.map((splice, i) => {
      const outStart = starts[i] as number
      const edit: Edit = {
        id: `e${i + 1}`,
        ...splice.info,
        before: this.input.slice(splice.start, splice.end),
        after: splice.after,
        input: [splice.start, splice.end],
        output: [outStart, outStart + splice.after.length],
      }
      if (splice.evidence) edit.evidence = splice.evidence
      if (splice.merged) edit.merged = splice.merged
      return edit
    })
    const lines = lineStarts(this.input)
    const flags = this.standingFlags().sort(
      (a, b) => a.start - b.start || a.end - b.end || a.info.rule.localeCompare(b.info.rule),
    )
    const findings: Finding[] = flags.map((flag, i) => {
      const finding: Finding = {
        id: `f${i + 1}`,
        ...flag.info,
        ruleId: flag.info.rule,
        source: flag.info.stage,
        place: { start: pointAt(lines, flag.start), end: pointAt(lines, flag.end) },
        input: [flag.start, flag.end],
        output: this.currentSpan(flag),
        actual: flag.actual,
        expected: flag.expected,
      }
      if (flag.evidence) finding.evidence = flag.evidence
      return finding
    })
    return { output, edits, findings }
  }

  /** The findings so far, placed in the current text: for a stage that must not repeat them. */
  findingsSoFar(): { stage: string; category: Category; output: [number, number] }[] {
    return this.standingFlags().map((flag) => ({
      stage: flag.info.stage,
      category: flag.info.category,
      output: this.currentSpan(flag),
    }))
  }

  /**
   * Findings still standing. One about text a later stage removed outright has nothing left to
   * point at: the removal's own edit says why the text went.
   */
  private standingFlags(): Flag[] {
    const removed = this.splices.filter(
      (splice) => splice.after === '' && splice.end > splice.start,
    )
    return this.flags.filter(
      (flag) => !removed.some((splice) => splice.start <= flag.start && flag.end <= splice.end),
    )
  }

  /** Where a finding's text stands now (a point where it was removed). */
  private currentSpan(flag: Flag): [number, number] {
    const start = this.toCurrent(flag.start, 'after')
    return [start, Math.max(start, this.toCurrent(flag.end, 'before'))]
  }
}

/** Offsets at which each line of `text` starts. */
export function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

/** 1-based line and column of an offset. */
export function pointAt(
  starts: readonly number[],
  offset: number,
): {
  line: number
  column: number
  offset: number
} {
  let low = 0
  let high = starts.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if ((starts[mid] as number) <= offset) low = mid
    else high = mid - 1
  }
  return { line: low + 1, column: offset - (starts[low] as number) + 1, offset }
}

/** Convenience for stages: a RuleInfo literal. */
export function ruleInfo(
  stage: string,
  rule: string,
  category: Category,
  severity: Severity,
  reason: string,
): RuleInfo {
  return { stage, rule, category, severity, reason }
}
