import { join } from 'node:path'
import fc from 'fast-check'
import type { Paragraph, Root } from 'mdast'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { shippedRules } from '../../pipeline/clean.js'
import { articleOf } from '../../pipeline/core/article.js'
import { loadCashtags } from '../../pipeline/rules/cashtags.js'
import { boilerplate } from '../../pipeline/stages/02-boilerplate.js'
import { cashtags } from '../../pipeline/stages/03-cashtags.js'
import {
  isSentenceLike,
  type MixedScriptOptions,
  mixedScript,
} from '../../pipeline/stages/04-mixed-script.js'
import type { Ticker } from '../../pipeline/stages/10-front-matter.js'
import { articleParse, articleStringify } from '../../pipeline/unified.js'
import { expectLossless, ROOT, reference } from '../helpers.js'
import { paywallRules } from './run-stages.js'

const glossary = shippedRules().glossary
const markets = loadCashtags(join(ROOT, 'rules')).markets

interface RunOptions extends MixedScriptOptions {
  path?: string
  /** Run the paywall stand-in and 03-cashtags first, as the pipeline does. */
  withCashtags?: boolean
}

function run(text: string, options: RunOptions = {}) {
  const { path = 'a.md', withCashtags = false, ...stage } = options
  const file = new VFile({ value: text, path })
  const processor = unified().use(articleParse)
  if (withCashtags)
    processor.use(boilerplate, { rules: paywallRules }).use(cashtags, { glossary, markets })
  const output = String(processor.use(mixedScript, stage).use(articleStringify).processSync(file))
  const state = articleOf(file)
  return { ...state.draft.finish(), output, tickers: state.meta.tickers as Ticker[] | undefined }
}

/** Runs once, checks the report is lossless and that a second run (as markdown) does nothing. */
function split(text: string, options: RunOptions = {}) {
  const first = run(text, options)
  expectLossless(text, first.output, first.edits)
  const again = run(first.output, { ...options, path: 'again.md' })
  expect(again.edits).toEqual([])
  expect(again.findings).toEqual([])
  expect(again.output).toBe(first.output)
  return first
}

const ZH_618 =
  '2024年618前,阿里妈妈生态内容营销中心旗下“淘宝星任务”与巨量星图启动深度合作,双方共同推出全链路内容营销线上解决方案“星立方计划”。'
const ZH_WECHAT = '微信支付回应称，与淘宝平台商家的功能兼容工作正在开放中。'
const ZH_EARNINGS = '腾讯第二季度营收1611亿元，同比增长8%，毛利同比增长21%。'

describe('mixed-script stage on the reference article (after boilerplate and cashtags)', () => {
  it('sets the glued Chinese paragraph apart and flags the truncated ticker sentence', () => {
    const input = reference()
    const { output, edits, findings, tickers } = run(input, {
      path: 'reference.txt',
      withCashtags: true,
    })
    expect(output).not.toMatch(/\$[^$\n]*\([0-9A-Z.]+\)\$/)
    expect(output).toContain(
      "\n\nIn fact, it's not just BABA-W (09988.HK), TENCENT (00700.HK), BIDU-SW (09888.HK), MEITUAN-W (03690.HK), PDD Holdings (PDD.US), KUAISHOU-W (01024.HK)\n\n2024年618前,阿里妈妈",
    )
    const paragraphs = output.split('\n\n')
    const chinese = paragraphs.filter((paragraph) => paragraph.startsWith('2024年618前'))
    expect(chinese).toHaveLength(2)
    expect(chinese[0]).toBe(chinese[1])
    expect(output).not.toContain('(ZH.US)')
    expect(output).not.toContain('$PDD Holdings')
    expect(output).toContain('renewed the agreement.\n\nBefore the 618 in 2024')
    expect(tickers?.map((ticker) => ticker.code)).toEqual([
      '09988.HK',
      '00700.HK',
      '09888.HK',
      '03690.HK',
      'PDD.US',
      '01024.HK',
      'ZH.US',
    ])
    expect(tickers?.every((ticker) => ticker.name && /^[\x20-\x7e]+$/.test(ticker.name))).toBe(true)
    expect(edits.filter((edit) => edit.stage === 'mixed-script')).toMatchObject([
      { rule: 'mixed-script/split-chinese', before: '', after: '\n\n' },
    ])
    expect(findings).toHaveLength(1)
    const finding = findings[0]
    expect(finding).toMatchObject({
      rule: 'mixed-script/truncated-english',
      category: 'Accuracy/Omission',
      severity: 'major',
    })
    expect(finding?.actual).toMatch(/^In fact, it's not just BABA-W .*KUAISHOU-W \(01024\.HK\)$/)
    expect(output.slice(...(finding?.output ?? [0, 0]))).toBe(finding?.actual)
    expect(String(finding?.evidence?.followedBy)).toMatch(/^2024年618前/)
    expectLossless(input, output, edits)
    // A second run of both stages on the output (as markdown) changes and flags nothing.
    const again = run(output, { path: 'again.md', withCashtags: true })
    expect(again.edits).toEqual([])
    expect(again.findings).toEqual([])
  })
})

describe('splits', () => {
  it('Chinese glued onto an English clause: split, fragment flagged with its context', () => {
    const input = `Analysts expect payment volumes to keep rising at both platforms over the coming year${ZH_WECHAT}\n`
    const { output, findings } = split(input)
    expect(output).toBe(
      `Analysts expect payment volumes to keep rising at both platforms over the coming year\n\n${ZH_WECHAT}\n`,
    )
    expect(findings).toHaveLength(1)
    expect(findings[0]?.evidence).toMatchObject({
      fragment:
        'Analysts expect payment volumes to keep rising at both platforms over the coming year',
      followedBy: ZH_WECHAT,
    })
  })

  it('flags only the last English sentence of the fragment', () => {
    const input = `Tencent reported results. Revenue grew 8% while gross profit${ZH_EARNINGS}`
    const { output, findings } = split(input, { path: 'a.txt' })
    expect(output).toBe(
      `Tencent reported results. Revenue grew 8% while gross profit\n\n${ZH_EARNINGS}`,
    )
    expect(findings.map((finding) => finding.actual)).toEqual([
      'Revenue grew 8% while gross profit',
    ])
    expect(findings[0]?.evidence?.before).toBe('Tencent reported results. ')
  })

  it('a complete English sentence before the Chinese: split, nothing flagged', () => {
    const { output, findings } = split(`WeChat Pay confirmed the plan. ${ZH_WECHAT}`)
    expect(output).toBe(`WeChat Pay confirmed the plan.\n\n${ZH_WECHAT}`)
    expect(findings).toEqual([])
  })

  it('Chinese glued before English, and English between two Chinese sentences', () => {
    expect(split(`${ZH_WECHAT}Taobao Tmall also responded.`).output).toBe(
      `${ZH_WECHAT}\n\nTaobao Tmall also responded.`,
    )
    const { output, findings } = split(
      `${ZH_EARNINGS} Tencent's revenue rose 8% in the quarter. ${ZH_WECHAT}`,
    )
    expect(output).toBe(
      `${ZH_EARNINGS}\n\nTencent's revenue rose 8% in the quarter.\n\n${ZH_WECHAT}`,
    )
    expect(findings).toEqual([])
  })

  it('a Chinese sentence after a soft line break inside a markdown paragraph', () => {
    const { output } = split(`The statement read in full:\n${ZH_WECHAT}\nNo date was given.\n`)
    expect(output).toBe(`The statement read in full:\n\n${ZH_WECHAT}\n\nNo date was given.\n`)
  })

  it('keeps the CRLF line endings of a Windows file', () => {
    const input = `Intro.\r\n\r\nThe list ends here with KUAISHOU-W (01024.HK)${ZH_618}\r\n\r\nEnd.\r\n`
    const { output, findings } = split(input, { path: 'a.txt' })
    expect(output).toBe(
      `Intro.\r\n\r\nThe list ends here with KUAISHOU-W (01024.HK)\r\n\r\n${ZH_618}\r\n\r\nEnd.\r\n`,
    )
    expect(findings).toHaveLength(1)
  })

  it('keeps the split paragraph inside its blockquote or list item', () => {
    const quoted = split(`> Wang Pengbo said the move is a win-win. ${ZH_WECHAT}\n`).output
    expect(quoted).toBe(`> Wang Pengbo said the move is a win-win.\n>\n> ${ZH_WECHAT}\n`)
    const listed = split(
      `- Meituan opened Alipay mini programs. ${ZH_WECHAT}\n- Next item\n`,
    ).output
    expect(listed).toBe(`- Meituan opened Alipay mini programs.\n\n  ${ZH_WECHAT}\n- Next item\n`)
    for (const [markdown, container] of [
      [quoted, 'blockquote'],
      [listed, 'listItem'],
    ] as const) {
      const tree = unified().use(remarkParse).parse(markdown)
      const parent =
        container === 'blockquote'
          ? tree.children[0]
          : (tree.children[0] as { children: Root['children'] }).children[0]
      expect(parent?.type).toBe(container)
      const paragraphs = (parent as { children: Paragraph[] }).children
      expect(paragraphs.map((paragraph) => paragraph.type)).toEqual(['paragraph', 'paragraph'])
    }
  })

  it('a lower threshold splits shorter Chinese sentences', () => {
    const input = 'The company said: 已经上线。'
    expect(run(input).edits).toEqual([])
    expect(isSentenceLike('已经上线。')).toBe(false)
    expect(isSentenceLike('已经上线。', 4)).toBe(true)
    const glued = 'Sales grew fast已经上线了。'
    expect(split(glued, { minHan: 4 }).output).toBe('Sales grew fast\n\n已经上线了。')
  })
})

describe('must not split', () => {
  it.each([
    [
      'a Chinese name in an English sentence',
      'Users of 淘宝 can now pay with 微信支付 at checkout.',
    ],
    [
      'a longer name phrase without marks',
      'It is part of 阿里巴巴旗下的淘宝天猫 group of platforms.',
    ],
    [
      'a quoted Chinese slogan mid-sentence',
      'The slogan "让天下没有难做的生意，帮助中小企业成长" was coined by Jack Ma in 1999.',
    ],
    [
      'a Chinese quotation the sentence introduces with a colon',
      'Jack Ma once said: "让天下没有难做的生意，帮助中小企业成长"',
    ],
    [
      'a Chinese paragraph with brand names',
      '阿里巴巴旗下的Tmall Global推出了新的AI功能，吸引了大量用户。',
    ],
    ['a Chinese paragraph alone', ZH_618],
    ['an English paragraph', 'Taobao and WeChat have formally established interconnection.'],
    ['Chinese in inline code', `The raw field reads \`${ZH_WECHAT}\` in the feed.`],
    [
      'Chinese inside link text',
      `See [the statement ${ZH_WECHAT}](https://example.com/a) for more.`,
    ],
    [
      'a Chinese sentence mid-paragraph followed by lower-case English',
      `He wrote ${ZH_WECHAT} and then left the meeting early.`,
    ],
  ])('%s', (_name, input) => {
    const { output, edits, findings } = run(input)
    expect(output).toBe(input)
    expect(edits).toEqual([])
    expect(findings).toEqual([])
  })

  it('a heading is never split', () => {
    const input = `# Taobao adds WeChat Pay ${ZH_WECHAT}\n`
    expect(run(input).edits).toEqual([])
  })
})

describe('properties of cashtags + mixed-script together', () => {
  const fragments = fc.constantFrom(
    '$BABA-W (09988.HK)$',
    '$拼多多(PDD.US)$',
    '$某某科技 (688999.SH)$',
    ' , ',
    '$5 (about HK$39)',
    ZH_WECHAT,
    ZH_618,
    '淘宝',
    'In fact, it is not just',
    'The plan ended.',
    '\n\n',
    '\r\n',
    '\n',
    '> ',
    '- ',
    '# ',
    '`',
    '[',
    // Followed by a space: glued to a chip, core's bare-URL pattern in .txt runs on through
    // `)$NAME` (reported in the hand-over), which is not this stage's to fix.
    '](https://example.com) ',
    // No BOM here: core's .txt parser shifts text positions twice after a BOM (hand-over).
    '---\n',
    '```\n',
    '    ',
    '"',
    '\r\n\r\n',
    ' ',
  )
  const article = fc
    .array(fc.oneof(fragments, fragments, fc.string({ unit: 'grapheme', maxLength: 6 })), {
      maxLength: 14,
    })
    .map((parts) => parts.join(''))

  it('are lossless, idempotent (output re-read as markdown) and never overlap', () => {
    fc.assert(
      fc.property(article, fc.constantFrom('a.md', 'a.txt'), (text, path) => {
        const first = run(text, { path, withCashtags: true })
        expectLossless(text, first.output, first.edits)
        const again = run(first.output, { path: 'again.md', withCashtags: true })
        expect(again.output).toBe(first.output)
        expect(again.edits).toEqual([])
      }),
      { numRuns: 250, seed: 42 },
    )
  })
})
