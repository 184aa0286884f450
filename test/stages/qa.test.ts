import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { loadBilingualSet } from '../../bench/bilingual.js'
import { clean, shippedRules } from '../../pipeline/clean.js'
import { articleOf } from '../../pipeline/core/article.js'
import type { Finding } from '../../pipeline/core/types.js'
import type { GlossaryTerm } from '../../pipeline/rules/load.js'
import { QA_CHECKS, type QaOptions, qa } from '../../pipeline/stages/09-qa.js'
import {
  boilerplate,
  cashtags,
  type MixedScriptOptions,
  metadata,
  mixedScript,
  style,
  terms,
} from '../../pipeline/stages/index.js'
import { articleParse, articleStringify } from '../../pipeline/unified.js'
import { expectLossless, REFERENCE_PATH, ROOT, reference } from '../helpers.js'

const glossary = shippedRules().glossary

function runQa(
  text: string,
  options: Partial<QaOptions> = {},
  path = 'article.md',
  source?: string[],
) {
  const file = new VFile({ value: text, path })
  if (source) file.data.mtTidySource = { paragraphs: source, origin: 'test' }
  const output = String(
    unified()
      .use(articleParse)
      .use(qa, { glossary, ...options })
      .use(articleStringify)
      .processSync(file),
  )
  return { ...articleOf(file).draft.finish(), output }
}

const summary = (findings: readonly Finding[]) =>
  findings.map((finding) => [finding.rule, finding.actual] as const)

describe('qa stage on the reference article after cleaning', () => {
  const cleaned = clean(reference(), { path: '000_d23a17e316fadb1a.txt' }).output

  it('finds exactly the defects an editor wants to see', () => {
    const { findings, edits, output } = runQa(cleaned)
    expect(edits).toEqual([])
    expect(output).toBe(cleaned)
    // Written down by reading the cleaned article: every other sentence is clean English or a
    // defect another stage owns.
    expect(summary(findings)).toEqual([
      // 互联互通 rendered three ways; reported once, at the first non-house rendering.
      ['qa/inconsistent-term', 'interoperability'],
      // The ticker sentence cut short by the glued Chinese is not here: the cleaning run flagged
      // it (mixed-script) and removed the Chinese twin, so it now ends before an English
      // paragraph and only the first run's report carries that finding.
      ['qa/article-a-an', 'a "Administrative'],
      ['qa/comma-before-list', 'like,'],
      // 寻求增量 and 增量市场, word for word.
      ['qa/calque/seek-increments', 'seek increments'],
      ['qa/calque/incremental-market', 'incremental market'],
    ])
  })

  it('reports the inconsistent renderings once, with every place', () => {
    const { findings } = runQa(cleaned)
    const inconsistent = findings.filter((finding) => finding.rule === 'qa/inconsistent-term')
    expect(inconsistent).toHaveLength(1)
    const [finding] = inconsistent as [Finding]
    expect(finding.category).toBe('Terminology/Inconsistent')
    expect(finding.expected).toEqual(['interconnection'])
    const evidence = finding.evidence as {
      term: string
      renderings: { rendering: string; count: number }[]
      places: { text: string; input: [number, number] }[]
    }
    expect(evidence.term).toBe('互联互通')
    expect(evidence.renderings.map((entry) => entry.rendering)).toEqual([
      'interconnection',
      'interconnectivity',
      'interoperability',
    ])
    const counted = evidence.renderings.reduce((sum, entry) => sum + entry.count, 0)
    expect(evidence.places).toHaveLength(counted)
    for (const place of evidence.places) expect(cleaned.slice(...place.input)).toBe(place.text)
    expect(finding.reason).toMatch(/rendered 3 ways/)
  })

  it('does not report the truncated ticker sentence twice when mixed-script ran first', () => {
    const rules = shippedRules()
    const processor = unified().use(articleParse)
    processor
      .use(metadata, { rules: rules.metadata })
      .use(boilerplate, { rules: rules.boilerplate })
    processor.use(cashtags, { markets: rules.cashtags.markets, glossary: rules.glossary })
    processor.use(mixedScript, (rules.pipeline.mixedScript ?? {}) as MixedScriptOptions)
    processor.use(terms, { rules: rules.terms }).use(style, { rules: rules.style })
    processor.use(qa, { glossary }).use(articleStringify)
    const file = new VFile({ value: reference(), path: REFERENCE_PATH })
    processor.processSync(file)
    const { findings } = articleOf(file).draft.finish()
    const omissions = findings.filter(
      (finding) =>
        finding.category === 'Accuracy/Omission' && finding.actual.startsWith("In fact, it's not"),
    )
    expect(omissions.map((finding) => finding.rule)).toEqual(['mixed-script/truncated-english'])
    // The other QA findings are still there.
    expect(findings.filter((finding) => finding.stage === 'qa').map((f) => f.rule)).toEqual([
      'qa/inconsistent-term',
      'qa/article-a-an',
      'qa/comma-before-list',
      'qa/calque/seek-increments',
      'qa/calque/incremental-market',
    ])
  })

  it('is idempotent and lossless on the reference article', () => {
    const first = runQa(cleaned)
    expectLossless(cleaned, first.output, first.edits)
    const second = runQa(first.output)
    expect(second.edits).toEqual([])
    expect(summary(second.findings)).toEqual(summary(first.findings))
  })
})

describe('monolingual checks on variants the reference article does not contain', () => {
  const cases: [string, string, [string, string][]][] = [
    [
      'Zhitong-style ticker sentence cut by Chinese',
      'Besides NIO (09866.HK), XPEV (09868.HK) and LI (02015.HK)蔚来汽车周二公布了第三季度财报，营收同比增长超过一倍。',
      [['qa/truncated-sentence', 'Besides NIO (09866.HK), XPEV (09868.HK) and LI (02015.HK)']],
    ],
    [
      'Chinese paragraph after an unfinished English one',
      'The Hang Seng Index rose 2% on Friday, led by\n\n恒生指数周五上涨2%，科技股领涨，美团和京东涨幅居前。',
      [['qa/truncated-sentence', 'The Hang Seng Index rose 2% on Friday, led by']],
    ],
    [
      'a sentence broken over two paragraphs',
      'Shares of JD.com (09618.HK) rose after the company\n\nannounced a buyback of up to US$3 billion.',
      [['qa/split-sentence', 'Shares of JD.com (09618.HK) rose after the company']],
    ],
    [
      'sentences glued without a space',
      'Revenue at Kuaishou rose 20% on livestreaming.The company also raised guidance!Analysts cheered.',
      [
        ['qa/missing-space', 'livestreaming.The'],
        ['qa/missing-space', 'guidance!Analysts'],
      ],
    ],
    [
      'a phrase loop and an unbalanced bracket',
      'BYD (01211.HK said sales of of the Seal rose, rose in the month in the month.',
      [
        [
          'qa/unbalanced-bracket',
          '(01211.HK said sales of the Seal rose, rose in the month in the month.',
        ],
        ['qa/repeated-phrase', 'in the month in the month'],
      ],
    ],
    [
      'a/an before acronyms, numbers and words',
      'Meituan reported a 18% rise, an 30% margin, a IPO plan, an US listing, a honest result and a Xbox deal.',
      [
        ['qa/article-a-an', 'a 18%'],
        ['qa/article-a-an', 'an 30%'],
        ['qa/article-a-an', 'a IPO'],
        ['qa/article-a-an', 'an US'],
        ['qa/article-a-an', 'a honest'],
        ['qa/article-a-an', 'a Xbox'],
      ],
    ],
    [
      'stray comma before a list of platforms',
      'Tencent apps such as, QQ, WeChat Pay and Tencent Video joined the scheme.',
      [['qa/comma-before-list', 'such as,']],
    ],
    [
      'an unbalanced curly quote',
      'Xiaomi called the SU7 “the dream car of a generation. Orders topped 100,000.',
      [['qa/unbalanced-quote', '“the dream car of a generation.']],
    ],
    [
      'year-on-year and YoY in one article',
      'Net profit rose 12% year-on-year.\n\nRevenue rose 8% YoY to 50 billion yuan.',
      [['qa/inconsistent-term', 'YoY']],
    ],
    [
      'calques in a market close report',
      'The Shanghai Composite shocked lower, and funds added warehouse in liquor stocks.',
      [
        ['qa/calque/shock-trading', 'shocked lower'],
        ['qa/calque/warehouse-position', 'added warehouse'],
      ],
    ],
    [
      'markdown: links, code and headings are not prose to judge',
      '# An Xpeng update\n\nSee [the filing](https://example.com/a_(b)the.the) and `a apple the the` in code.',
      [],
    ],
  ]

  for (const [name, text, expected] of cases) {
    it(name, () => {
      const { findings, edits, output } = runQa(text)
      expectLossless(text, output, edits)
      expect(summary(findings)).toEqual(expected)
    })
  }

  it('deletes a doubled function word as an edit, and flags other repeats', () => {
    const text = 'BYD said sales of of the Seal rose in the the month. Sales were very very strong.'
    const { edits, findings, output } = runQa(text)
    expect(output).toBe(
      'BYD said sales of the Seal rose in the month. Sales were very very strong.',
    )
    expect(edits.map((edit) => [edit.rule, edit.before, edit.after])).toEqual([
      ['qa/repeated-word', ' of', ''],
      ['qa/repeated-word', ' the', ''],
    ])
    expectLossless(text, output, edits)
    expect(summary(findings)).toEqual([['qa/repeated-word', 'very very']])
    expect(runQa(output).edits).toEqual([])
  })
})

/** English paragraphs that expert MQM raters marked with no error at all (WMT 2023 zh→en). */
function cleanMqmParagraphs(): string[] {
  const rows = readFileSync(join(ROOT, 'test/fixtures/zh-en-news-dev/pairs.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(
      (line) =>
        JSON.parse(line) as { en: string[]; mqm: { category: string; severity: string }[][] },
    )
  const paragraphs: string[] = []
  for (const row of rows) {
    row.en.forEach((en, i) => {
      const errors = (row.mqm[i] ?? []).filter(
        (error) =>
          error.category !== 'No-error' && !['No-error', 'HOTW-test'].includes(error.severity),
      )
      if (errors.length === 0) paragraphs.push(en)
    })
  }
  return paragraphs
}

describe('quiet on clean professional English', () => {
  it('flags nothing in the paragraphs MQM raters marked error-free', () => {
    const paragraphs = cleanMqmParagraphs()
    expect(paragraphs.length).toBeGreaterThan(50)
    // One article per paragraph: a quotation continued in the next segment is not visible here.
    const noisy = paragraphs.flatMap((paragraph) =>
      summary(runQa(paragraph, {}, 'p.txt').findings).map(([rule, actual]) => `${rule}: ${actual}`),
    )
    expect(noisy).toEqual(['qa/unbalanced-quote: "What day is it today?'])
  })

  it('flags nothing in edited financial English written to tempt every check', () => {
    const text = [
      'Alibaba Group Holding Ltd. (09988.HK) said on Tuesday that revenue rose 5% to 224.8 billion yuan, an 11-year low in growth.',
      'An hour later, a university spokesman and an MBA student joined a one-off call with an FAQ page open.',
      'The U.S. Securities and Exchange Commission (SEC) received an S-1 filing; see www.sec.gov for details.',
      '"We expect the market to stabilise," said CFO Toby Xu. "Demand is recovering."',
      'Platforms such as Meituan, Douyin and Kuaishou, including their mini programs, accept WeChat Pay.',
      'He said that that plan had had little effect, and the interconnection of payment systems continued.',
      'Shares traded in small increments as investors took a wait-and-see approach.',
    ].join('\n\n')
    const { findings, edits } = runQa(text)
    expect(edits).toEqual([])
    expect(summary(findings)).toEqual([])
  })
})

describe('options', () => {
  const text =
    'The ministry held a "Administrative Guidance Meeting" with apps like, Youku, Damai and Kaola.'

  it('changes a severity by rule id or prefix, and disables rules', () => {
    const base = runQa(text).findings
    expect(base.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['qa/article-a-an', 'minor'],
      ['qa/comma-before-list', 'minor'],
    ])
    const changed = runQa(text, {
      severity: { 'qa/article-a-an': 'major', qa: 'info' },
      disable: ['qa/comma-before-list'],
    }).findings
    expect(changed.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['qa/article-a-an', 'major'],
    ])
    expect(runQa(text, { disable: ['qa'] }).findings).toEqual([])
  })

  it('disables all calques by their prefix', () => {
    const calque = 'The index shocked higher as funds sought increments.'
    expect(runQa(calque).findings.map((finding) => finding.rule)).toEqual([
      'qa/calque/shock-trading',
      'qa/calque/seek-increments',
    ])
    expect(runQa(calque, { disable: ['qa/calque'] }).findings).toEqual([])
  })

  it('gives every check a category and a severity', () => {
    for (const [id, info] of Object.entries(QA_CHECKS)) {
      expect(id).toMatch(/^qa\//)
      expect(info.reason.length).toBeGreaterThan(10)
      expect(['minor', 'major', 'critical']).toContain(info.severity)
    }
  })
})

describe('bilingual checks', () => {
  const zh = [
    '腾讯周三公布第二季度财报。',
    '第二季度营收1611.17亿元，同比增长8%，毛利润同比增长21%至858.95亿元。',
    '淘宝与微信正式实现互联互通，淘宝将新增微信支付能力。',
    '分析人士认为，这将进一步扩大微信支付的增量市场，并帮助淘宝吸引更多下沉市场的用户。',
  ]
  const en = [
    'Tencent released its second-quarter results on Wednesday.',
    'Revenue in the second quarter was 1611.17 billion yuan, up 8% year-on-year, and gross profit rose 21% to 85.895 billion yuan.',
    'Taobao and WeChat formally achieved Internet Plus cooperation, and Taobao will add WeChat Pay 能力.',
    'Analysts believe this will further expand WeChat Pay and help Taobao attract users in lower-tier markets.',
  ]

  it('maps number, term and untranslated findings onto the English paragraphs', () => {
    const text = en.join('\n\n')
    const { findings, edits } = runQa(text, { disable: ['qa/calque'] }, 'article.txt', zh)
    expect(edits).toEqual([])
    const bilingual = findings.filter((finding) =>
      ['qa/number-mismatch', 'qa/key-term', 'qa/untranslated'].includes(finding.rule),
    )
    expect(bilingual.map((finding) => [finding.rule, finding.category, finding.severity])).toEqual([
      ['qa/number-mismatch', 'Accuracy/Mistranslation', 'major'],
      ['qa/key-term', 'Terminology', 'minor'],
      ['qa/untranslated', 'Accuracy/Untranslated', 'major'],
    ])
    const [number, term, untranslated] = bilingual as [Finding, Finding, Finding]
    // The scale slip is placed on the wrong number, with both numbers and the conversion tried.
    expect(number.actual).toBe('1611.17 billion')
    expect(number.reason).toContain('1611.17亿')
    expect(number.reason).toContain('161.117 billion')
    expect(number.evidence).toMatchObject({ sourceParagraph: 2, targetParagraph: 2 })
    expect(term.reason).toContain('互联互通')
    expect(term.expected).toContain('interconnection')
    expect(untranslated.actual).toBe('能力')
  })

  it('reports a dropped paragraph as an omission and an inserted one as an addition', () => {
    const dropped = [en[0], en[1], en[3]].join('\n\n')
    const omitted = runQa(dropped, { disable: ['qa/calque'] }, 'article.txt', zh).findings
    const omission = omitted.find((finding) => finding.rule === 'qa/omission')
    expect(omission?.category).toBe('Accuracy/Omission')
    expect(omission?.evidence).toMatchObject({ sourceParagraph: 3, source: zh[2] })

    const fixed = en.map((paragraph) =>
      paragraph
        .replace('1611.17 billion', '161.117 billion')
        .replace('Internet Plus cooperation', 'interconnection')
        .replace(' 能力', ' capabilities'),
    )
    const clean = runQa(fixed.join('\n\n'), { disable: ['qa/calque'] }, 'article.txt', zh)
    expect(summary(clean.findings)).toEqual([])
    const added = [
      ...fixed.slice(0, 2),
      'The company was founded in Shenzhen in 1998 and runs the WeChat messaging app, which has more than a billion users around the world.',
      ...fixed.slice(2),
    ]
    const addition = runQa(added.join('\n\n'), { disable: ['qa/calque'] }, 'article.txt', zh)
    expect(summary(addition.findings)).toEqual([['qa/addition', added[2]]])
  })

  it('aligns with the shipped lexicon when run through clean(): a dropped paragraph with no numbers or names is placed right', () => {
    // A WMT document: ¶3 (a victim entering card details) was dropped from the English. Its
    // neighbours share no numbers or glossary names with it; only its words tell them apart.
    const record = loadBilingualSet().records.find((r) => r.id === 'chinese.macao.16304#omission')
    if (!record) throw new Error('record missing from the bilingual set')
    const { report } = clean(record.en.join('\n\n'), {
      path: 'notice.txt',
      source: { paragraphs: record.zh, origin: 'notice.zh.txt' },
    })
    const omissions = report.findings.filter((finding) => finding.rule === 'qa/omission')
    expect(omissions.map((finding) => finding.evidence)).toEqual([
      expect.objectContaining({ sourceParagraph: 3, source: record.zh[2] }),
    ])
  })

  it('finds every inserted error of a sample of the bilingual test set, and nothing on its clean documents', () => {
    const records = readFileSync(join(ROOT, 'test/fixtures/bilingual/set.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(
        (line) =>
          JSON.parse(line) as {
            id: string
            variant: string
            zh: string[]
            en: string[]
            expected: { kind: string; zhIndex: number | null; enIndex: number | null }[]
          },
      )
    const setGlossary = (
      JSON.parse(readFileSync(join(ROOT, 'test/fixtures/bilingual/glossary.json'), 'utf8')) as {
        terms: { zh: string; en: string[]; zhVariants?: string[]; avoid?: string[] }[]
      }
    ).terms.map(
      (term): GlossaryTerm => ({
        zh: term.zh,
        en: term.en[0] as string,
        enVariants: term.en.slice(1),
        kind: 'term',
        ...(term.zhVariants ? { zhVariants: term.zhVariants } : {}),
        ...(term.avoid ? { avoid: term.avoid } : {}),
        file: 'glossary.json',
        line: 1,
      }),
    )
    const ruleOf: Record<string, string> = {
      number: 'qa/number-mismatch',
      scale: 'qa/number-mismatch',
      date: 'qa/number-mismatch',
      term: 'qa/key-term',
      omission: 'qa/omission',
      addition: 'qa/addition',
      untranslated: 'qa/untranslated',
    }
    const bilingualRules = new Set(Object.values(ruleOf))
    // Every tenth record keeps the test fast; bench/qa.ts runs them all.
    for (const record of records.filter((_, i) => i % 10 === 0)) {
      const text = record.en.join('\n\n')
      const { findings } = runQa(
        text,
        { glossary: setGlossary, disable: ['qa/calque', 'qa/inconsistent-term'] },
        'article.txt',
        record.zh,
      )
      const found = findings
        .filter((finding) => bilingualRules.has(finding.rule))
        .map((finding) => {
          const evidence = finding.evidence as {
            sourceParagraph: number | null
            targetParagraph: number | null
          }
          return `${finding.rule} ${evidence.sourceParagraph} ${evidence.targetParagraph}`
        })
      const wanted = record.expected.map(
        (expected) =>
          `${ruleOf[expected.kind]} ${expected.zhIndex === null ? null : expected.zhIndex + 1} ${expected.enIndex === null ? null : expected.enIndex + 1}`,
      )
      expect([...new Set(found)].sort(), record.id).toEqual(wanted.sort())
    }
  })
})
