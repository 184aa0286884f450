/**
 * The state one article carries through the processor, kept on the vfile (`file.data.mtTidy`)
 * so that every stage, used in our processor or in someone else's unified pipeline, finds it.
 */
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { type Format, formatOf } from '../parse/index.js'
import { Draft, type SuppressionCheck } from './draft.js'

/** A Chinese original: its paragraphs and where it came from (for messages). */
export interface ArticleSource {
  paragraphs: string[]
  origin: string
}

export interface ArticleState {
  draft: Draft
  format: Format
  /** Metadata the stages gather for the front matter and the report. */
  meta: Record<string, unknown>
}

declare module 'vfile' {
  interface DataMap {
    mtTidy: ArticleState
    /** Set before processing to silence edits and findings an editor rejected. */
    mtTidySuppressions: SuppressionCheck
    /** The article's Chinese original, when given: the translation-QA stage checks against it. */
    mtTidySource: ArticleSource
  }
}

/** The article state of `file`, created from the file's text on first use. */
export function articleOf(file: VFile): ArticleState {
  let state = file.data.mtTidy
  if (!state) {
    state = {
      draft: new Draft(String(file.value ?? ''), file.data.mtTidySuppressions),
      format: formatOf(file.path),
      meta: {},
    }
    file.data.mtTidy = state
  }
  return state
}

/** A stage's transformer: reads the tree of the original text, edits through the draft. */
export type StageTransform = (tree: Root, state: ArticleState, file: VFile) => void
