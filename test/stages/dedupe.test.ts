import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { shippedRules } from '../../pipeline/clean.js'
import type { Edit, Finding } from '../../pipeline/core/types.js'
import { convertConfig } from '../../pipeline/lib/opencc.js'
import { containment, shingles } from '../../pipeline/lib/similarity.js'
import { loadCashtags } from '../../pipeline/rules/cashtags.js'
import { boilerplate } from '../../pipeline/stages/02-boilerplate.js'
import { cashtags } from '../../pipeline/stages/03-cashtags.js'
import { mixedScript } from '../../pipeline/stages/04-mixed-script.js'
import { leftoverChinese } from '../../pipeline/stages/05-leftover-chinese.js'
import { terms } from '../../pipeline/stages/06-terms.js'
import {
  crossLingualEvidence,
  DEFAULT_NEAR,
  type DedupeOptions,
  dedupe,
  findEnglishTwin,
  findGlossaryTerms,
  isChineseParagraph,
  nearDuplicateSimilarity,
  repetitionLoops,
} from '../../pipeline/stages/08-dedupe.js'
import { expectLossless, ROOT, reference } from '../helpers.js'
import { devDocuments } from '../lib/dev-data.js'
import { runStages, runStagesTwice, type StageUse } from './run-stages.js'

const rules = shippedRules()
const glossary = rules.glossary

/** Runs the stage; the report must be lossless and a second run must edit nothing. */
function run(text: string, options: Partial<DedupeOptions> = {}, path = 'article.txt') {
  return runStagesTwice(text, [[dedupe, { glossary, ...options }]], path)
}

/** The input text an `{input: [s, e]}` evidence value points at. */
function linked(input: string, value: unknown): string {
  const [start, end] = (value as { input: [number, number] }).input
  return input.slice(start, end)
}

const EN_618 =
  'Before the 618 in 2024, Alibaba Mama\'s ecological content marketing center\'s "Taobao Star Mission" and Giant Star Map launched a deep cooperation, jointly launching the full-chain content marketing online solution "Star Cube Plan". Through this plan, merchants can track the effect of "Douyin seeding, Taobao transaction" more intuitively and efficiently.'
const ZH_618 =
  '2024年618前,阿里妈妈生态内容营销中心旗下“淘宝星任务”与巨量星图启动深度合作,双方共同推出全链路内容营销线上解决方案“星立方计划”。 通过这一计划,商家可以更直观、高效地进行“抖音种草、淘宝成交”的效果跟踪。'

describe('the reference article through boilerplate, cashtags, mixed-script, leftover Chinese, terms, dedupe', () => {
  const input = reference()
  const markets = loadCashtags(join(ROOT, 'rules')).markets
  const stages: StageUse[] = [
    [boilerplate, { rules: rules.boilerplate }],
    [cashtags, { glossary, markets }],
    [mixedScript, {}],
    [leftoverChinese, { glossary }],
    [terms, { rules: rules.terms }],
    [dedupe, { glossary }],
  ]
  const result = runStages(input, stages, 'reference.txt')
  const removals = result.edits.filter((edit) => edit.rule === 'dedupe/cross-lingual')

  it('removes both copies of the Chinese 618 paragraph and keeps its English translation', () => {
    expect(input.split('2024年618前').length - 1).toBe(2)
    expect(result.output).not.toMatch(/\p{Script=Han}/u)
    expect(result.output).toContain('\n\nBefore the 618 in 2024, Alibaba Mama')
    expect(removals).toHaveLength(2)
    for (const edit of removals) {
      expect(edit.before.trim()).toBe(ZH_618)
      expect(edit.after).toBe('')
      expect(edit.category).toBe('Duplicate/Untranslated')
    }
    expectLossless(input, result.output, result.edits)
  })

  it('says which English paragraph made each copy redundant, and why', () => {
    for (const edit of removals) {
      const evidence = edit.evidence ?? {}
      expect(linked(input, evidence.twinOf)).toMatch(/^Before the 618 in 2024, Alibaba Mama/)
      expect(evidence.shared).toMatchObject({ numbers: ['2024', '618'] })
      const pairs = (evidence.shared as { glossary: { zh: string; en: string }[] }).glossary
      expect(pairs.map(({ zh, en }) => `${zh}=${en}`)).toEqual(
        expect.arrayContaining(['阿里妈妈=Alibaba Mama', '淘宝=Taobao', '抖音=Douyin']),
      )
      expect(evidence.coverage as number).toBeGreaterThan(0.6)
      expect(evidence.score as number).toBeGreaterThanOrEqual(0.5)
    }
    // The later copy also names the earlier Chinese copy it repeats.
    const later = removals[1] as Edit
    expect(linked(input, later.evidence?.duplicateOf)).toBe(ZH_618)
  })

  it('drops the leftover-Chinese findings on the paragraphs it removed: the removal says why', () => {
    expect(result.findings.filter((f) => f.rule === 'leftover-chinese/paragraph')).toEqual([])
  })

  it('reports the repeated "Since 2021" paragraph with its similarity, without removing it', () => {
    const near = result.findings.filter((f) => f.rule === 'dedupe/near')
    expect(near).toHaveLength(1)
    const finding = near[0] as Finding
    expect(finding.actual).toMatch(/^Since 2021, "interconnection" has been the trend/)
    expect(linked(input, finding.evidence?.duplicateOf)).toMatch(
      /^Since 2021, "internet plus-related" has been the trend/,
    )
    const similarity = finding.evidence?.similarity as number
    expect(similarity).toBeGreaterThanOrEqual(DEFAULT_NEAR.flag)
    expect(similarity).toBeLessThan(DEFAULT_NEAR.remove)
    expect(finding.evidence?.measure).toBe('jaccard of word 2-shingles')
    expect(result.output.match(/Since 2021,/g)).toHaveLength(2)
  })

  it('changes nothing on a second run', () => {
    const again = runStages(result.output, stages, 'reference.txt')
    expect(again.edits).toEqual([])
    expect(again.output).toBe(result.output)
  })
})

describe('exact duplicates', () => {
  it('removes the later copy despite case, spacing and punctuation, naming the first', () => {
    const first = 'Tencent reported revenue of 161.1 billion yuan, up 8% year-on-year.'
    const text = `${first}\n\nShares rose 2% in Hong Kong.\n\ntencent reported revenue of 161.1 billion yuan -- up 8%  year-on-year!\n\nAnalysts were upbeat.\n`
    const { output, edits } = run(text)
    expect(output).toBe(`${first}\n\nShares rose 2% in Hong Kong.\n\nAnalysts were upbeat.\n`)
    expect(edits).toMatchObject([{ rule: 'dedupe/exact', category: 'Duplicate', after: '' }])
    expect(linked(text, edits[0]?.evidence?.duplicateOf)).toBe(first)
    expect(edits[0]?.evidence?.paragraph).toBe(1)
  })

  it('treats Traditional and Simplified copies of a Chinese paragraph as one text', () => {
    const zh = '美团外卖与支付宝小程序的合作已经覆盖六大核心业务，访问量创下新高。'
    const text = `Meituan shares rose.\n\n${zh}\n\n${convertConfig(zh, 's2tw')}\n`
    const { output, edits } = run(text)
    expect(output).toBe(`Meituan shares rose.\n\n${zh}\n`)
    expect(edits).toMatchObject([
      { rule: 'dedupe/exact', before: `\n\n${convertConfig(zh, 's2tw')}` },
    ])
  })

  it('removes the last paragraph with the blank line before it', () => {
    const text = 'Baidu cut its forecast for the year.\n\nBaidu cut its forecast for the year.'
    expect(run(text).output).toBe('Baidu cut its forecast for the year.')
  })

  it('leaves very short repeats, headings and code alone', () => {
    const text = [
      '## Outlook',
      '',
      'Yes.',
      '',
      '```',
      'revenue = 161.1',
      '```',
      '',
      '## Outlook',
      '',
      'Yes.',
      '',
      '```',
      'revenue = 161.1',
      '```',
      '',
    ].join('\n')
    const { output, edits, findings } = run(text, {}, 'a.md')
    expect(output).toBe(text)
    expect(edits).toEqual([])
    expect(findings).toEqual([])
  })

  it('flags, not removes, a duplicate inside a list (removing it would leave an empty item)', () => {
    const item = 'Alipay opened mini programs for six core Meituan businesses this month.'
    const text = `${item}\n\n- ${item}\n- Taobao added WeChat Pay.\n`
    const { output, edits, findings } = run(text, {}, 'a.md')
    expect(output).toBe(text)
    expect(edits).toEqual([])
    expect(findings).toMatchObject([{ rule: 'dedupe/exact', actual: item, expected: [''] }])
  })
})

describe('cross-lingual duplicates (variants)', () => {
  const en =
    'Tencent disclosed revenue of 161.117 billion yuan in the second quarter, a year-on-year increase of 8%, while gross profit rose 21% to 85.895 billion yuan.'
  const zh = '腾讯第二季度财报披露营收1611.17亿元，同比增长8%，毛利同比增长21%至858.95亿元。'

  it('removes a Chinese paragraph placed before its English translation', () => {
    const text = `${zh}\n\n${en}\n\nThe stock fell 1%.\n`
    const { output, edits } = run(text)
    expect(output).toBe(`${en}\n\nThe stock fell 1%.\n`)
    const evidence = edits[0]?.evidence ?? {}
    expect(linked(text, evidence.twinOf)).toBe(en)
    expect((evidence.shared as { numbers: string[] }).numbers).toEqual(
      expect.arrayContaining(['1611.17亿', '8%', '21%', '858.95亿']),
    )
  })

  it('finds the twin of a Traditional-script (Taiwan, Hong Kong) paragraph', () => {
    for (const config of ['s2tw', 's2hk'] as const) {
      const traditional = convertConfig(ZH_618, config)
      expect(traditional).not.toBe(ZH_618)
      const text = `${EN_618}\n\n${traditional}\n`
      const { output, edits } = run(text)
      expect(output).toBe(`${EN_618}\n`)
      expect(edits[0]?.rule).toBe('dedupe/cross-lingual')
    }
  })

  it('keeps a Chinese paragraph whose translation is not in the article', () => {
    const other = '拼多多旗下Temu在美国市场的月活跃用户数突破1亿，超过亚马逊。'
    const text = `${en}\n\n${other}\n\n${EN_618}\n`
    const { output, edits } = run(text)
    expect(output).toBe(text)
    expect(edits).toEqual([])
  })

  it('keeps a Chinese paragraph when the English only shares its year and a name', () => {
    const zhOnly = '2024年，淘宝将继续加大对中小商家的扶持力度，并推出更多流量激励措施。'
    const enOther =
      'In 2024, Taobao Tmall also announced a reorganisation of its live-streaming team, moving 200 staff to Hangzhou.'
    const evidence = crossLingualEvidence(zhOnly, enOther, glossary)
    expect(evidence.isTwin).toBe(false)
    expect(evidence.sharedWeight).toBeLessThan(3)
    expect(run(`${enOther}\n\n${zhOnly}\n`).edits).toEqual([])
  })

  it('reads Chinese scales and dates against English numbers', () => {
    const evidence = crossLingualEvidence(
      '9月4日，阿里巴巴宣布淘宝接入微信支付，覆盖超过800万商家。',
      'On September 4, Alibaba announced that Taobao would add WeChat Pay, covering more than 8 million merchants.',
      glossary,
    )
    expect(evidence.shared.numbers).toEqual(['9月4日', '800万'])
    expect(evidence.shared.glossary.map((pair) => pair.en)).toEqual([
      'Alibaba',
      'Taobao',
      'WeChat Pay',
    ])
    expect(evidence.isTwin).toBe(true)
  })

  it('does not count an English name inside a shared longer one as extra', () => {
    const evidence = crossLingualEvidence(ZH_618, EN_618, glossary)
    expect(evidence.extra.glossary).toEqual([])
    expect(evidence.missing.glossary).toEqual([{ zh: '生态', en: 'ecosystem' }])
  })
})

describe('cross-lingual rule on real zh/en news (WMT 2023 dev set)', () => {
  const documents = devDocuments()
  const chineseSimilarity = (a: string, b: string) => {
    const x = shingles(a)
    const y = shingles(b)
    return Math.max(containment(x, y), containment(y, x))
  }

  it('stays quiet on hard non-pairs: other paragraphs of the same document', () => {
    let checked = 0
    const falseTwins: string[] = []
    for (const document of documents) {
      document.zh.forEach((zh, i) => {
        // An article without the translation of zh: every other English paragraph of its story,
        // except translations of a Chinese paragraph that repeats zh (a headline and its lede).
        const others = document.en.filter(
          (_, j) => j !== i && chineseSimilarity(zh, document.zh[j] ?? '') < 0.5,
        )
        checked += others.length
        const twin = findEnglishTwin(zh, others, glossary)
        if (twin) falseTwins.push(`${document.doc} ${zh.slice(0, 30)} ~ ${others[twin.index]}`)
      })
    }
    expect(checked).toBeGreaterThan(5000)
    expect(falseTwins).toEqual([])
  })

  it('finds most true pairs whose Chinese carries enough anchors', () => {
    let eligible = 0
    let found = 0
    for (const document of documents) {
      document.zh.forEach((zh, i) => {
        const en = document.en[i]
        if (en === undefined) return
        const evidence = crossLingualEvidence(zh, en, glossary)
        const anchors =
          evidence.sharedWeight +
          evidence.missing.numbers.length +
          evidence.missing.latin.length +
          evidence.missing.glossary.length
        if (anchors < 3) return
        eligible += 1
        if (evidence.isTwin) found += 1
      })
    }
    expect(eligible).toBeGreaterThan(100)
    expect(found / eligible).toBeGreaterThan(0.6)
  })

  it('removes a real Chinese paragraph placed in its own translated article', () => {
    const found = documents
      .map((document) => ({
        document,
        index: document.zh.findIndex(
          (zh, i) => crossLingualEvidence(zh, document.en[i] ?? '', glossary).isTwin,
        ),
      }))
      .find(({ index }) => index >= 0)
    if (!found) throw new Error('no twin in the dev set')
    const { document, index } = found
    const english = document.en.join('\n\n')
    const withSource = `${english}\n\n${document.zh[index]}\n`
    const { edits } = run(withSource)
    expect(edits.map((edit) => edit.rule)).toEqual(['dedupe/cross-lingual'])
    expect(linked(withSource, edits[0]?.evidence?.twinOf)).toBe(document.en[index])
  })
})

describe('near duplicates', () => {
  const first =
    'Since 2023, cross-border payment has been the focus of the fintech industry, and as user growth slows, major platforms keep looking for new sources of revenue.'
  const second =
    'Since 2023, cross-border payment has been the focus of the fintech industry, and with user growth slowing, the big platforms continue to look for new revenue.'

  it('flags a second wording of an earlier paragraph with its similarity', () => {
    const text = `${first}\n\nJD.com and Meituan reported results on Tuesday, both above forecasts.\n\n${second}\n`
    const { output, findings } = run(text)
    expect(output).toBe(text)
    expect(findings).toMatchObject([{ rule: 'dedupe/near', actual: second, expected: [''] }])
    const evidence = findings[0]?.evidence ?? {}
    expect(linked(text, evidence.duplicateOf)).toBe(first)
    expect(evidence.paragraph).toBe(1)
    expect(evidence.similarity).toBe(Math.round(nearDuplicateSimilarity(first, second) * 100) / 100)
  })

  it('removes it when the similarity reaches near.remove', () => {
    const text = `${first}\n\n${second}\n`
    const similarity = nearDuplicateSimilarity(first, second)
    const { output, edits } = run(text, { near: { remove: similarity - 0.01, flag: 0.2 } })
    expect(output).toBe(`${first}\n`)
    expect(edits).toMatchObject([{ rule: 'dedupe/near-removed' }])
  })

  it('removes an almost verbatim copy with the default settings', () => {
    const copy = first.replace('major platforms', 'the major platforms')
    expect(nearDuplicateSimilarity(first, copy)).toBeGreaterThanOrEqual(DEFAULT_NEAR.remove)
    expect(run(`${first}\n\n${copy}\n`).output).toBe(`${first}\n`)
  })

  it('never pairs short paragraphs or headings, however alike', () => {
    const text =
      '# Alibaba results\n\nShares rose 3% on Monday.\n\n# Alibaba outlook\n\nShares fell 3% on Monday.\n'
    const { findings } = run(text, {}, 'a.md')
    expect(findings).toEqual([])
  })

  it('does not flag different paragraphs of one story', () => {
    const text = [
      'Taobao will add WeChat Pay after the consultation period ends, the company said on Tuesday.',
      'WeChat Pay said compatibility work with Taobao merchants is under way and asked users to watch for announcements.',
      'Analysts said the move could lift payment volumes for Tencent in lower-tier markets next year.',
    ].join('\n\n')
    expect(run(text).findings).toEqual([])
  })
})

describe('repetition loops', () => {
  const loop =
    "Investors bought the Chinese bank's financial products, the Chinese bank's financial products, the Chinese bank's financial products in May."

  it('flags the repeated span and offers one copy, without changing the text', () => {
    const { output, findings } = run(`${loop}\n`)
    expect(output).toBe(`${loop}\n`)
    expect(findings).toMatchObject([
      {
        rule: 'dedupe/repetition-loop',
        category: 'Accuracy/Addition',
        actual:
          "the Chinese bank's financial products, the Chinese bank's financial products, the Chinese bank's financial products",
        expected: ["the Chinese bank's financial products"],
        evidence: { copies: 3, words: 5 },
      },
    ])
  })

  it('applies the fix with applyLoopFix', () => {
    const { output, edits } = run(`${loop}\n`, { applyLoopFix: true })
    expect(output).toBe("Investors bought the Chinese bank's financial products in May.\n")
    expect(edits).toMatchObject([{ rule: 'dedupe/repetition-loop' }])
  })

  it('finds two-word loops only from three copies, and ignores ordinary repetition', () => {
    expect(repetitionLoops('Prices rose more and more, step by step, year after year.')).toEqual([])
    expect(repetitionLoops('Bye bye, said the CEO, as sales grew very very fast.')).toEqual([])
    expect(repetitionLoops('It was stock market, stock market, stock market again.')).toMatchObject(
      [{ copies: 3, words: 2 }],
    )
    expect(repetitionLoops('the Hang Seng Index the Hang Seng Index fell')).toMatchObject([
      { copies: 2, words: 4 },
    ])
  })
})

describe('helpers', () => {
  it('tells Chinese paragraphs from English sentences with Chinese names', () => {
    expect(isChineseParagraph(ZH_618)).toBe(true)
    expect(isChineseParagraph('阿里巴巴旗下的Tmall Global推出了新的AI功能。')).toBe(true)
    expect(isChineseParagraph('Traffic from 微信视频号 goes to 天猫.')).toBe(false)
    expect(isChineseParagraph(EN_618)).toBe(false)
  })

  it('matches glossary keys longest first, in any script, with offsets into the text', () => {
    const text = '阿里媽媽與京东方'
    const found = findGlossaryTerms(text, glossary).map((m) => [m.text, m.term.en, m.start])
    expect(found).toEqual([
      ['阿里媽媽', 'Alibaba Mama', 0],
      ['京东方', 'BOE Technology', 5],
    ])
  })
})
