/**
 * Batch dedupe stage: removes (or flags) the paragraphs this article repeats from an earlier
 * article of the batch, or from an earlier run's index, as found by `findBatchDuplicates` before
 * the batch was cleaned. Runs after the in-article dedupe stage.
 */
import type { Root } from 'mdast'
import type { Plugin } from 'unified'
import { articleOf } from '../core/article.js'
import { blockRemovals, currentBlocks } from '../core/structure.js'
import type { RuleInfo } from '../core/types.js'
import type { BatchDuplicate } from '../dedupe-batch.js'

export const STAGE = 'dedupe'

declare module 'vfile' {
  interface DataMap {
    /** This article's paragraphs that repeat earlier articles of the batch (set by the runner). */
    mtTidyBatchDuplicates: { duplicates: BatchDuplicate[]; action: 'remove' | 'flag' }
  }
}

export const batchDedupe: Plugin<[], Root> = () => (tree, file) => {
  const given = file.data.mtTidyBatchDuplicates
  if (!given?.duplicates.length) return
  const { draft } = articleOf(file)
  const blocks = currentBlocks(draft, tree)
  const doomed = new Map<number, { info: RuleInfo; evidence: Record<string, unknown> }>()
  for (const duplicate of given.duplicates) {
    const start = draft.toCurrent(duplicate.start, 'after')
    const end = draft.toCurrent(duplicate.end, 'before')
    const index = blocks.findIndex(
      (block) => block.start >= start && block.end <= end && block.type === 'paragraph',
    )
    if (index < 0) continue
    const where = duplicate.fromIndex
      ? 'an article of an earlier run'
      : 'an earlier article of this batch'
    const info: RuleInfo = {
      stage: STAGE,
      rule: 'dedupe/batch',
      category: 'Duplicate',
      severity: 'minor',
      reason: `this paragraph repeats ${duplicate.duplicateOf}, ${where} (similarity ${duplicate.similarity.toFixed(2)})`,
    }
    const evidence = {
      duplicateOf: duplicate.duplicateOf,
      similarity: Math.round(duplicate.similarity * 100) / 100,
    }
    const block = blocks[index]
    if (given.action === 'flag' && block) draft.flag(block.start, block.end, info, { evidence })
    else doomed.set(index, { info, evidence })
  }
  draft.applyAll(blockRemovals(blocks, doomed))
}
