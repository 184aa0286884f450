import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runBatch } from '../../pipeline/batch.js'
import { shippedRules } from '../../pipeline/clean.js'
import {
  boilerplate,
  DEFAULT_LEARNING,
  type LearnedBoilerplate,
  learnBoilerplate,
} from '../../pipeline/stages/02-boilerplate.js'
import { expectLossless, reference, tempDir } from '../helpers.js'
import { runStages } from './run-stages.js'

const rules = shippedRules().boilerplate
const run = (text: string, path = 'a.txt', learned?: LearnedBoilerplate) =>
  runStages(
    text,
    [[boilerplate, { rules }]],
    path,
    learned ? { mtTidyLearnedBoilerplate: learned } : {},
  )

describe('boilerplate stage', () => {
  it('removes the Futu paywall lines, disclosure, disclaimer and comment prompt from the reference article', () => {
    const input = reference()
    const { output, edits, meta } = run(input)
    expect(output).not.toMatch(/Futubull|third-party software|investment advice|Write a comment/)
    expect(edits.map((e) => e.rule)).toEqual([
      'boilerplate/futu/paywall-feature',
      'boilerplate/futu/paywall-feature',
      'boilerplate/futu/mt-disclosure',
      'boilerplate/futu/investment-disclaimer',
      'boilerplate/futu/write-a-comment',
    ])
    // The chips either side of an injected line are left glued for the cashtag stage.
    expect(output).toContain('$BABA-W (09988.HK)$$TENCENT (00700.HK)$')
    expect(output.endsWith('bringing multiple wins for all parties involved.')).toBe(true)
    expect(meta).toEqual({ machineTranslated: true, platform: 'Futu' })
    expectLossless(input, output, edits)
  })

  const variants: [string, string, string][] = [
    [
      'a moomoo paywall line glued between two sentences',
      'Tencent gained 2%.Please use your moomoo account to access the feature.Meituan fell.\n',
      'Tencent gained 2%. Meituan fell.\n',
    ],
    [
      'a paywall line inside a sentence with spaces around it',
      'Shares of Please use your Futubull account to access the feature. Baidu rose.\n',
      'Shares of Baidu rose.\n',
    ],
    [
      'a paywall line as its own paragraph',
      'First paragraph.\n\nPlease use your Futubull account to access the feature.\n\nSecond paragraph.\n',
      'First paragraph.\n\nSecond paragraph.\n',
    ],
    [
      'the moomoo disclaimer with CRLF line ends',
      'Shares rose.\r\n\r\nThe above content is for informational or educational purposes only and does not constitute any investment advice related to moomoo.\r\n',
      'Shares rose.\r\n',
    ],
    [
      'Write a comment as its own paragraph in the middle',
      'Shares rose.\n\nWrite a comment\n\nMore analysis follows.\n',
      'Shares rose.\n\nMore analysis follows.\n',
    ],
    [
      'Write a comment folded as the first line of a paragraph',
      'Write a comment\nAnalysts expect growth.\n',
      'Analysts expect growth.\n',
    ],
  ]
  for (const [name, input, expected] of variants) {
    it(`removes ${name}`, () => {
      const result = run(input)
      expect(result.output).toBe(expected)
      expectLossless(input, result.output, result.edits)
      expect(run(result.output, 'a.md').edits).toEqual([])
    })
  }

  it('leaves content that merely mentions the same words', () => {
    for (const input of [
      'The translation is provided by third-party software, the company said, and errors remain.\n',
      'Readers can write a comment below the story.\n',
      'Use `Please use your Futubull account to access the feature.` as the test string.\n',
    ]) {
      expect(run(input, 'a.md').output).toBe(input)
    }
  })
})

describe('batch-learned boilerplate', () => {
  const footer = 'Follow Acme Markets on WeChat for more exclusive market news and data.'
  const articles = Array.from({ length: 10 }, (_, i) => ({
    text: `Summary\n\nStory ${i} says revenue rose ${i + 3}% in the quarter, led by cloud services.\n\n${i < 6 ? `${footer}\n` : ''}`,
  }))

  it('learns a paragraph many articles repeat, but not a short heading', () => {
    const learned = learnBoilerplate(articles, DEFAULT_LEARNING)
    expect([...learned.examples.values()]).toEqual([footer])
    expect(learned.paragraphs.values().next().value).toBe(6)
  })

  it('does not learn below the thresholds', () => {
    expect(
      learnBoilerplate(articles, { ...DEFAULT_LEARNING, minArticles: 7 }).paragraphs.size,
    ).toBe(0)
    expect(learnBoilerplate(articles.slice(0, 4), DEFAULT_LEARNING).paragraphs.size).toBe(0)
    expect(learnBoilerplate(articles, { ...DEFAULT_LEARNING, minShare: 0.7 }).paragraphs.size).toBe(
      0,
    )
  })

  it('removes it from each article (or flags it) with a reason naming the count', () => {
    const learned = learnBoilerplate(articles, DEFAULT_LEARNING)
    const input = articles[0]?.text ?? ''
    const removed = run(input, 'a.txt', learned)
    expect(removed.output).toBe(
      'Summary\n\nStory 0 says revenue rose 3% in the quarter, led by cloud services.\n',
    )
    expect(removed.edits[0]).toMatchObject({
      rule: 'boilerplate/batch-learned',
      reason: expect.stringMatching(/6 of the 10 articles/),
    })
    const flagged = run(input, 'a.txt', { ...learned, action: 'flag' })
    expect(flagged.output).toBe(input)
    expect(flagged.findings.map((f) => f.rule)).toEqual(['boilerplate/batch-learned'])
  })

  it('removes neighbouring learned and profile lines of one paragraph without overlapping edits', () => {
    const learned = learnBoilerplate(articles, DEFAULT_LEARNING)
    const whole = `Story.\n\n${footer}\n    Write a comment\n`
    const removedWhole = run(whole, 'a.txt', learned)
    expect(removedWhole.output).toBe('Story.\n')
    expectLossless(whole, removedWhole.output, removedWhole.edits)
    const partial = `Story.\n\nKeep this closing line of the story.\n${footer}\n    Write a comment\n`
    const removedPart = run(partial, 'a.txt', learned)
    expect(removedPart.output).toBe('Story.\n\nKeep this closing line of the story.\n')
    expect(removedPart.edits.map((e) => e.rule)).toEqual([
      'boilerplate/batch-learned',
      'boilerplate/futu/write-a-comment',
    ])
    expectLossless(partial, removedPart.output, removedPart.edits)
  })

  it('is learned by the batch runner and listed in summary.json', async () => {
    const dir = tempDir()
    for (const [i, article] of articles.entries())
      writeFileSync(join(dir, `a${i}.txt`), article.text)
    const reports = tempDir()
    const { summary } = await runBatch({
      inputs: [dir],
      rules: shippedRules(),
      reports,
      learnBoilerplate: DEFAULT_LEARNING,
    })
    expect(summary.learnedBoilerplate).toEqual([{ text: footer, articles: 6 }])
    expect(summary.totals.edits).toBeGreaterThanOrEqual(6)
  })
})
