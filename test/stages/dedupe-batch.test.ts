import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runBatch } from '../../pipeline/batch.js'
import { shippedRules } from '../../pipeline/clean.js'
import { DEFAULT_BATCH_DEDUPE, findBatchDuplicates } from '../../pipeline/dedupe-batch.js'
import { LshIndex } from '../../pipeline/lib/minhash.js'
import { tempDir } from '../helpers.js'
import { devDocuments } from '../lib/dev-data.js'

// Real MT news paragraphs (WMT zh-en dev set) as the articles' prose.
const documents = devDocuments().filter((d) => d.system === 'GPT4-5shot')
const article = (i: number) => `${(documents[i]?.en ?? []).join('\n\n')}\n`

describe('duplicates across a batch', () => {
  it('finds a syndicated copy keep-first by path, whatever the input order', () => {
    const original = article(0)
    const lines = original.split('\n\n')
    // The same wire copy on another platform: one paragraph reworded slightly, a new intro.
    const syndicated = `Wire copy, republished.\n\n${lines.map((p, i) => (i === 1 ? p.replace(/\bthe\b/, 'THE') : p)).join('\n\n')}`
    const batch = [
      { file: 'z-platform/story.md', text: syndicated },
      { file: 'a-platform/story.md', text: original },
      { file: 'b/other.md', text: article(1) },
    ]
    for (const order of [batch, [...batch].reverse()]) {
      const result = findBatchDuplicates(order)
      expect([...result.byFile.keys()]).toEqual(['z-platform/story.md'])
      const repeated = result.byFile.get('z-platform/story.md') ?? []
      const eligible = lines.filter((p) => p.split(/\s+/).length >= DEFAULT_BATCH_DEDUPE.minWords)
      expect(repeated).toHaveLength(eligible.length)
      expect(repeated.every((d) => d.duplicateOf.startsWith('a-platform/story.md#'))).toBe(true)
      expect(result.wholeArticles).toEqual([
        { file: 'z-platform/story.md', duplicateOf: 'a-platform/story.md', share: 1 },
      ])
    }
  })

  it('stays quiet on different articles of the same data set', () => {
    const batch = Array.from({ length: 12 }, (_, i) => ({
      file: `a${String(i).padStart(2, '0')}.md`,
      text: article(i),
    }))
    const result = findBatchDuplicates(batch)
    expect(result.byFile.size).toBe(0)
    expect(result.wholeArticles).toEqual([])
  })

  it('removes the repeats in the later article and lists the whole-article duplicate in summary.json', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'a.md'), article(2))
    writeFileSync(join(dir, 'b.md'), article(2))
    writeFileSync(join(dir, 'c.md'), article(3))
    const out = tempDir()
    const reports = tempDir()
    const { summary } = await runBatch({
      inputs: [dir],
      rules: shippedRules(),
      out,
      reports,
      batchDedupe: DEFAULT_BATCH_DEDUPE,
    })
    expect(summary.wholeArticleDuplicates).toEqual([
      { file: 'b.md', duplicateOf: 'a.md', share: 1 },
    ])
    const b = summary.articles.find((a) => a.file === 'b.md')
    expect(b?.duplicatesAcrossBatch).toBeGreaterThan(0)
    const report = JSON.parse(readFileSync(join(reports, 'b.json'), 'utf8'))
    const removals = report.edits.filter((e: { rule: string }) => e.rule === 'dedupe/batch')
    expect(removals).toHaveLength(b?.duplicatesAcrossBatch ?? -1)
    expect(removals[0].reason).toMatch(/repeats a\.md#\d+, an earlier article of this batch/)
    expect(readFileSync(join(out, 'a.md'), 'utf8').length).toBeGreaterThan(
      readFileSync(join(out, 'b.md'), 'utf8').length,
    )
  })

  it('dedupes against an earlier run through the index file', async () => {
    const index = join(tempDir(), 'signatures.idx')
    const monday = tempDir()
    writeFileSync(join(monday, 'story.md'), article(4))
    await runBatch({
      inputs: [monday],
      rules: shippedRules(),
      batchDedupe: DEFAULT_BATCH_DEDUPE,
      index,
    })
    expect(LshIndex.deserialize(new Uint8Array(readFileSync(index))).size).toBeGreaterThan(0)
    const tuesday = tempDir()
    writeFileSync(join(tuesday, 'rescraped.md'), article(4))
    writeFileSync(join(tuesday, 'fresh.md'), article(5))
    const reports = tempDir()
    const { summary } = await runBatch({
      inputs: [tuesday],
      rules: shippedRules(),
      reports,
      batchDedupe: DEFAULT_BATCH_DEDUPE,
      index,
    })
    expect(summary.wholeArticleDuplicates).toEqual([
      { file: 'rescraped.md', duplicateOf: 'story.md', share: 1 },
    ])
    const report = JSON.parse(readFileSync(join(reports, 'rescraped.json'), 'utf8'))
    expect(
      report.edits.some((e: { reason: string }) => /an article of an earlier run/.test(e.reason)),
    ).toBe(true)
  })
})
