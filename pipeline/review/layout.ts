/**
 * Lays an article out for review: input paragraphs as rows, each holding the pieces of text that
 * stand in it (unchanged, removed, inserted) with the edit and findings they belong to.
 *
 * The edit log already aligns input and output (text between edits is identical), so the only
 * diffing is word-level, inside each edit's before/after: cost stays linear in the article size.
 */
import { diffWordsWithSpace } from 'diff'
import type { Edit, Finding } from '../core/types.js'

/** `same`: text outside every edit; `keep`: unchanged words inside an edit. */
export type PieceKind = 'same' | 'keep' | 'del' | 'ins'

export interface Piece {
  kind: PieceKind
  text: string
  /** Input offset the piece starts at (insertions: where they go in). */
  at: number
  /** Index into `report.edits`. */
  edit?: number
  /** Indexes into `report.findings` of the findings covering this text. */
  findings?: number[]
}

export interface Row {
  /** Input range, trailing blank lines included. */
  start: number
  end: number
  /** 1-based paragraph number, counting only rows with visible input text (0 for blank rows). */
  paragraph: number
  pieces: Piece[]
  /** Edits whose first piece stands in this row. */
  edits: number[]
  /** Findings that start in this row. */
  findings: number[]
  /** All visible input text of the row is deleted. */
  removed: boolean
}

export interface Layout {
  rows: Row[]
  /** Row index of each edit's first piece. */
  editRow: number[]
  /** Row index of each finding's start. */
  findingRow: number[]
  /** Rows of the paragraph that each edit removes entirely. */
  editRemovesRows: number[][]
}

type EditPart = { kind: 'keep' | 'del' | 'ins'; text: string }

/** Beyond this many characters a replacement is shown as one removal and one insertion. */
const WORD_DIFF_MAX_CHARS = 20_000
/** Bounds the O(ND) diff: past this many differing tokens the words would not help a reader. */
const WORD_DIFF_MAX_EDIT_LENGTH = 400

/** Word-level parts of one edit, in reading order; concatenated they give `before` and `after`. */
export function editParts(before: string, after: string): EditPart[] {
  if (before === after) return before === '' ? [] : [{ kind: 'keep', text: before }]
  if (before === '') return [{ kind: 'ins', text: after }]
  if (after === '') return [{ kind: 'del', text: before }]
  const whole: EditPart[] = [
    { kind: 'del', text: before },
    { kind: 'ins', text: after },
  ]
  if (before.length + after.length > WORD_DIFF_MAX_CHARS) return whole
  const changes = diffWordsWithSpace(before, after, { maxEditLength: WORD_DIFF_MAX_EDIT_LENGTH })
  if (changes === undefined) return whole
  const parts: EditPart[] = []
  for (const change of changes) {
    if (change.value === '') continue
    const kind = change.added ? 'ins' : change.removed ? 'del' : 'keep'
    parts.push({ kind, text: change.value })
  }
  // A replacement sharing only spaces with its original reads better as one removal + insertion.
  const keptWord = parts.some((part) => part.kind === 'keep' && /\S/.test(part.text))
  return keptWord ? parts : whole
}

/** Row ranges: a row is a paragraph plus the blank lines after it. */
export function paragraphRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  const separator = /\n(?:[ \t]*\n)+/g
  let start = 0
  for (const match of text.matchAll(separator)) {
    const end = match.index + match[0].length
    ranges.push([start, end])
    start = end
  }
  if (start < text.length || ranges.length === 0) ranges.push([start, text.length])
  return ranges
}

/** Every piece of the article in order, before cutting into rows. */
function flatPieces(inputText: string, edits: readonly Edit[]): Piece[] {
  const pieces: Piece[] = []
  let position = 0
  edits.forEach((edit, index) => {
    const [start, end] = edit.input
    if (start < position) {
      throw new Error(
        `edit ${edit.id} overlaps the edit before it (starts at ${start} < ${position})`,
      )
    }
    if (inputText.slice(start, end) !== edit.before) {
      throw new Error(`edit ${edit.id}: input[${start}, ${end}] is not its before text`)
    }
    if (start > position)
      pieces.push({ kind: 'same', text: inputText.slice(position, start), at: position })
    let at = start
    for (const part of editParts(edit.before, edit.after)) {
      pieces.push({ kind: part.kind, text: part.text, at, edit: index })
      if (part.kind !== 'ins') at += part.text.length
    }
    position = end
  })
  if (position < inputText.length) {
    pieces.push({ kind: 'same', text: inputText.slice(position), at: position })
  }
  return pieces
}

function rowIndexAt(rows: readonly Row[], offset: number, from: number): number {
  let index = from
  while (index < rows.length - 1 && offset >= (rows[index] as Row).end) index++
  return index
}

export function rowContaining(rows: readonly Row[], offset: number): number {
  let low = 0
  let high = rows.length - 1
  while (low < high) {
    const middle = (low + high) >> 1
    if (offset >= (rows[middle] as Row).end) low = middle + 1
    else high = middle
  }
  return low
}

export function layoutArticle(
  inputText: string,
  edits: readonly Edit[],
  findings: readonly Finding[],
): Layout {
  const rows: Row[] = paragraphRanges(inputText).map(([start, end]) => ({
    start,
    end,
    paragraph: 0,
    pieces: [],
    edits: [],
    findings: [],
    removed: false,
  }))
  let paragraph = 0
  for (const row of rows) {
    if (/\S/.test(inputText.slice(row.start, row.end))) row.paragraph = ++paragraph
  }

  // Findings: sorted by start, swept alongside the pieces to mark the text they cover.
  const findingOrder = findings
    .map((finding, index) => ({ start: finding.input[0], end: finding.input[1], index }))
    .sort((a, b) => a.start - b.start || a.end - b.end)
  const cuts = new Set<number>()
  for (const row of rows) cuts.add(row.end)
  for (const finding of findingOrder) {
    cuts.add(finding.start)
    cuts.add(finding.end)
  }
  const sortedCuts = [...cuts].sort((a, b) => a - b)

  const editRow: number[] = new Array<number>(edits.length).fill(-1)
  let rowIndex = 0
  let cutIndex = 0
  let nextFinding = 0
  let active: Array<{ start: number; end: number; index: number }> = []

  const place = (piece: Piece) => {
    const row = rows[rowIndex] as Row
    row.pieces.push(piece)
    if (piece.edit !== undefined && editRow[piece.edit] === -1) {
      editRow[piece.edit] = rowIndex
      row.edits.push(piece.edit)
    }
  }

  for (const piece of flatPieces(inputText, edits)) {
    if (piece.kind === 'ins') {
      // An insertion that stands alone at a paragraph boundary opens the next paragraph; one that
      // belongs to a replacement stays beside the words it replaces.
      const pure = piece.edit !== undefined && (edits[piece.edit] as Edit).before === ''
      if (pure) rowIndex = rowIndexAt(rows, piece.at, rowIndex)
      place(piece)
      continue
    }
    let start = piece.at
    const end = piece.at + piece.text.length
    while (start < end) {
      rowIndex = rowIndexAt(rows, start, rowIndex)
      while (cutIndex < sortedCuts.length && (sortedCuts[cutIndex] as number) <= start) cutIndex++
      const stop = Math.min(end, sortedCuts[cutIndex] ?? end)
      while (
        nextFinding < findingOrder.length &&
        (findingOrder[nextFinding]?.start ?? 0) <= start
      ) {
        active.push(findingOrder[nextFinding] as (typeof findingOrder)[number])
        nextFinding++
      }
      active = active.filter((finding) => finding.end > start)
      const covering = active.filter((finding) => finding.start < stop).map((f) => f.index)
      const cut: Piece = {
        ...piece,
        text: piece.text.slice(start - piece.at, stop - piece.at),
        at: start,
      }
      if (covering.length > 0) cut.findings = covering
      place(cut)
      start = stop
    }
  }

  const findingRow = findings.map((finding) => rowContaining(rows, finding.input[0]))
  findingRow.forEach((row, index) => {
    rows[row]?.findings.push(index)
  })

  const editRemovesRows: number[][] = edits.map(() => [])
  rows.forEach((row, index) => {
    let deletedVisible = false
    let keptVisible = false
    let remover: number | undefined
    for (const piece of row.pieces) {
      if (!/\S/.test(piece.text)) continue
      if (piece.kind === 'del') {
        deletedVisible = true
        remover ??= piece.edit
      } else if (piece.kind !== 'ins') keptVisible = true
    }
    row.removed = deletedVisible && !keptVisible
    if (row.removed && remover !== undefined) editRemovesRows[remover]?.push(index)
  })

  return { rows, editRow, findingRow, editRemovesRows }
}
