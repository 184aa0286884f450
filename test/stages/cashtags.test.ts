import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { shippedRules } from '../../pipeline/clean.js'
import { articleOf } from '../../pipeline/core/article.js'
import { loadCashtags, runCashtagSpecs } from '../../pipeline/rules/cashtags.js'
import { RuleError } from '../../pipeline/rules/yaml.js'
import { boilerplate } from '../../pipeline/stages/02-boilerplate.js'
import { type CashtagsOptions, cashtags, findChips } from '../../pipeline/stages/03-cashtags.js'
import type { Ticker } from '../../pipeline/stages/10-front-matter.js'
import { articleParse, articleStringify } from '../../pipeline/unified.js'
import { expectLossless, REFERENCE_PATH, ROOT, reference, tempDir } from '../helpers.js'
import { paywallRules } from './run-stages.js'

const FIXTURES = join(ROOT, 'test', 'fixtures', 'stages', 'cashtags')
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8')
const glossary = shippedRules().glossary
const MARKETS = loadCashtags(join(ROOT, 'rules')).markets

const PAYWALL = /Please use your (?:Futubull|moomoo) account to access the feature\./g

interface RunOptions extends CashtagsOptions {
  path?: string
  paywall?: boolean
  meta?: Record<string, unknown>
}

function run(text: string, options: RunOptions = {}) {
  const { path = 'a.md', paywall = false, meta, ...stage } = options
  const file = new VFile({ value: text, path })
  if (meta) articleOf(file).meta = meta
  const processor = unified().use(articleParse)
  if (paywall) processor.use(boilerplate, { rules: paywallRules })
  const output = String(
    processor
      .use(cashtags, { glossary, markets: MARKETS, ...stage })
      .use(articleStringify)
      .processSync(file),
  )
  const state = articleOf(file)
  return { ...state.draft.finish(), output, tickers: state.meta.tickers as Ticker[] | undefined }
}

/** Output, checked to be lossless and to be left alone by a second run (as markdown). */
function clean(text: string, options: RunOptions = {}): string {
  const first = run(text, options)
  expectLossless(text, first.output, first.edits)
  const again = run(first.output, { ...options, path: 'again.md', paywall: false })
  expect(again.edits).toEqual([])
  expect(again.output).toBe(first.output)
  return first.output
}

describe('cashtags stage on the reference article', () => {
  it('renders the ticker sentence as a list and removes the orphan chip paragraphs', () => {
    const input = reference()
    const { output, edits, findings, tickers } = run(input, { path: REFERENCE_PATH, paywall: true })
    expect(output).not.toMatch(/\$[^$\n]*\([0-9A-Z.]+\)\$/)
    expect(output).toContain(
      "In fact, it's not just BABA-W (09988.HK), TENCENT (00700.HK), BIDU-SW (09888.HK), MEITUAN-W (03690.HK), PDD Holdings (PDD.US), KUAISHOU-W (01024.HK)2024年618前",
    )
    expect(output).toContain('renewed the agreement.\n\nBefore the 618 in 2024')
    expect(output).not.toContain('Zhihu (ZH.US)')
    expect(tickers).toEqual([
      { code: '09988.HK', name: 'BABA-W' },
      { code: '00700.HK', name: 'TENCENT' },
      { code: '09888.HK', name: 'BIDU-SW' },
      { code: '03690.HK', name: 'MEITUAN-W' },
      { code: 'PDD.US', name: 'PDD Holdings' },
      { code: '01024.HK', name: 'KUAISHOU-W' },
      { code: 'ZH.US', name: 'Zhihu' },
    ])
    // The paywall deletions stay the boilerplate stage's own edits, between the chip edits.
    const byRule = edits.map((edit) => edit.rule)
    expect(byRule.filter((rule) => rule === 'boilerplate/futu/paywall-feature')).toHaveLength(2)
    expect(edits.every((edit) => !edit.merged)).toBe(true)
    const translated = edits.find((edit) => edit.rule === 'cashtags/chip-name-translated')
    expect(translated).toMatchObject({
      before: '$拼多多(PDD.US)$',
      after: 'PDD Holdings (PDD.US)',
      category: 'Accuracy/Untranslated',
      evidence: { code: 'PDD.US', translatedVia: 'ticker' },
    })
    expect(
      edits.filter((edit) => edit.rule === 'cashtags/orphan-chips').map((e) => e.before),
    ).toEqual(['$Zhihu (ZH.US)$\n\n', '$PDD Holdings (PDD.US)$\n\n'])
    expect(findings).toEqual([])
    expectLossless(input, output, edits)
  })

  it('with the paywall line still in place, renders each chip without breaking it or overlapping', () => {
    const input = reference()
    const { output, edits } = run(input, { path: 'reference.txt' })
    expectLossless(input, output, edits)
    expect(output).toContain(
      'just BABA-W (09988.HK) Please use your Futubull account to access the feature. TENCENT (00700.HK), BIDU-SW (09888.HK) Please use',
    )
    expect(output.match(PAYWALL)).toHaveLength(2)
    expect(output).not.toMatch(/\([0-9A-Z.]+\.(?:HK|US)\)\$/)
  })
})

describe('chip formats', () => {
  it('reads chips with and without a space, full-width brackets and every shipped market', () => {
    const input =
      'Peers $NVIDIA(NVDA.US)$, $Kweichow Moutai（600519.SH）$, $DBS Group Holdings (D05.SG)$, ' +
      '$Toyota Motor (7203.JP)$ and $Berkshire Hathaway-B (BRK.B.US)$ moved; the $S&P 500 Index (.SPX.US)$ too.'
    expect(clean(input)).toBe(
      'Peers NVIDIA (NVDA.US), Kweichow Moutai (600519.SH), DBS Group Holdings (D05.SG), ' +
        'Toyota Motor (7203.JP) and Berkshire Hathaway-B (BRK.B.US) moved; the S&P 500 Index (.SPX.US) too.',
    )
  })

  it('keeps brackets that belong to a futures name', () => {
    const chips = findChips('Oil: $Crude Oil Futures(JUL4) (CLmain.US)$ rose.', ['US'])
    expect(chips.map((chip) => [chip.name, chip.code])).toEqual([
      ['Crude Oil Futures(JUL4)', 'CLmain.US'],
    ])
  })

  it('makes a comma-separated list of glued chips and mends stray separators', () => {
    expect(
      clean(
        'Top gainers: $A SHARE (00001.HK)$$B SHARE (00002.HK)$ , $C SHARE (00003.HK)$,$D SHARE (00004.HK)$、$E SHARE (00005.HK)$ $F SHARE (00006.HK)$.',
      ),
    ).toBe(
      'Top gainers: A SHARE (00001.HK), B SHARE (00002.HK), C SHARE (00003.HK), D SHARE (00004.HK), E SHARE (00005.HK), F SHARE (00006.HK).',
    )
  })

  it('leaves "and" between two chips alone and spaces chips glued to words', () => {
    expect(
      clean('Both$NIO-SW (09866.HK)$and $XPEV-W (09868.HK)$rose, as did$LI AUTO-W (02015.HK)$.'),
    ).toBe('Both NIO-SW (09866.HK) and XPEV-W (09868.HK) rose, as did LI AUTO-W (02015.HK).')
  })

  it('renders the code only or the name only on request', () => {
    const input = 'Watch $BABA-W (09988.HK)$$拼多多(PDD.US)$ today.'
    expect(clean(input, { render: 'code' })).toBe('Watch 09988.HK, PDD.US today.')
    expect(clean(input, { render: 'name' })).toBe('Watch BABA-W, PDD Holdings today.')
    const { tickers } = run(input, { render: 'code' })
    expect(tickers).toEqual([
      { code: '09988.HK', name: 'BABA-W' },
      { code: 'PDD.US', name: 'PDD Holdings' },
    ])
  })

  it('only knows the markets it is given', () => {
    const input = 'Listed as $Foo Corp (FOO.XX)$ and $Tencent (00700.HK)$.'
    expect(clean(input)).toBe('Listed as $Foo Corp (FOO.XX)$ and Tencent (00700.HK).')
    expect(run(input, { markets: [] }).edits).toEqual([])
    expect(clean(input, { markets: [{ code: 'XX' }] })).toBe(
      'Listed as Foo Corp (FOO.XX) and $Tencent (00700.HK)$.',
    )
  })
})

describe('Chinese chip names', () => {
  it('translates by stock code first, then by name in any script, and records why', () => {
    // 01811.HK is not in the glossary (Xiaomi trades as 01810.HK), so the Traditional-script name
    // with its share-class suffix is what finds the entry.
    const input =
      'Peers $腾讯控股 (00700.HK)$, $騰訊音樂 (TME.US)$, $小米集團-W (01811.HK)$ and $拼多多(PDD.US)$ fell.'
    const { output, edits } = run(input)
    expect(output).toBe(
      'Peers Tencent (00700.HK), Tencent Music Entertainment (TME.US), Xiaomi (01811.HK) and PDD Holdings (PDD.US) fell.',
    )
    expect(edits.map((edit) => edit.evidence?.translatedVia)).toEqual([
      'ticker',
      'ticker',
      'name',
      'ticker',
    ])
    for (const edit of edits) {
      expect(edit.rule).toBe('cashtags/chip-name-translated')
      expect(edit.evidence?.glossary).toMatch(/^rules[/\\]glossary[/\\]\w+\.yml:\d+$/)
    }
  })

  it('keeps an unknown Chinese name, flags it, and lists it in the tickers', () => {
    const input = 'Small caps such as $某某科技 (688999.SH)$ doubled.'
    const { output, findings, tickers } = run(input)
    expect(output).toBe('Small caps such as 某某科技 (688999.SH) doubled.')
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({
      rule: 'cashtags/untranslated-name',
      category: 'Accuracy/Untranslated',
      actual: '$某某科技 (688999.SH)$',
      evidence: { code: '688999.SH', name: '某某科技' },
    })
    expect(output.slice(...(findings[0]?.output ?? [0, 0]))).toBe('某某科技 (688999.SH)')
    expect(tickers).toEqual([{ code: '688999.SH', name: '某某科技' }])
  })

  it('inside leftover Chinese text keeps Chinese names and Chinese list marks, without flags', () => {
    const input = '据报道，$腾讯控股 (00700.HK)$$某某科技 (688999.SH)$今日股价上涨。'
    const { output, findings, tickers } = run(input)
    expect(output).toBe('据报道，腾讯控股 (00700.HK)、某某科技 (688999.SH)今日股价上涨。')
    expect(findings).toEqual([])
    expect(tickers).toEqual([
      { code: '00700.HK', name: 'Tencent' },
      { code: '688999.SH', name: '某某科技' },
    ])
  })
})

describe('paragraphs of nothing but chips', () => {
  it('leave the body without a gap, at the start, middle and end, with CRLF too', () => {
    const lf =
      '$Zhihu (ZH.US)$\n\nFirst.\n\n$BIDU-SW (09888.HK)$ , $Weibo (WB.US)$\n\nSecond.\n\n$NIO Inc (NIO.US)$\n'
    expect(clean(lf)).toBe('First.\n\nSecond.\n')
    const crlf = lf.replaceAll('\n', '\r\n')
    expect(clean(crlf, { path: 'a.txt' })).toBe('First.\r\n\r\nSecond.\r\n')
    const { tickers, edits } = run(lf)
    expect(tickers?.map((ticker) => ticker.code)).toEqual(['ZH.US', '09888.HK', 'WB.US', 'NIO.US'])
    expect(edits.map((edit) => edit.rule)).toEqual([
      'cashtags/orphan-chips',
      'cashtags/orphan-chips',
      'cashtags/orphan-chips',
    ])
  })

  it('an article that is one chip becomes empty; a chip in a list item is rendered, not deleted', () => {
    expect(clean('$Zhihu (ZH.US)$')).toBe('')
    expect(clean('Related:\n\n- $Zhihu (ZH.US)$\n- $Weibo (WB.US)$\n')).toBe(
      'Related:\n\n- Zhihu (ZH.US)\n- Weibo (WB.US)\n',
    )
    expect(clean('> $Zhihu (ZH.US)$\n')).toBe('> Zhihu (ZH.US)\n')
  })

  it('a heading made of a chip is rendered, not deleted', () => {
    expect(clean('# $Zhihu (ZH.US)$\n\nText.\n')).toBe('# Zhihu (ZH.US)\n\nText.\n')
  })
})

describe('must not change', () => {
  it.each([
    ['money with a bracketed conversion', 'It paid $5 (about HK$39) per share.'],
    ['billions', 'The deal is worth $1.2 billion (HK$9.4 billion) in cash.'],
    [
      'prices in a sentence',
      'Shares closed at $12.50 (up 3%) while the index hit $4,500 (a record).',
    ],
    ['two amounts', 'Revenue rose from $3.1 billion to $3.4 billion (US$).'],
    ['rendered chips', 'BABA-W (09988.HK), TENCENT (00700.HK) and PDD Holdings (PDD.US) rose.'],
    ['a half chip with no closing dollar', 'See $BABA-W (09988.HK) for details.'],
    [
      'a money amount before a stray closing dollar',
      'The ADR fetched $84 (HK$656 a share) as BABA-W (09988.HK)$ closed.',
    ],
    ['a chip broken over two lines', 'See $BABA-W\n(09988.HK)$ for details.'],
    ['inline code', 'The feed sends `$BABA-W (09988.HK)$` verbatim.'],
    ['a fenced code block', '```\n$BABA-W (09988.HK)$\n```\n'],
    // Angle brackets make a destination with spaces a real link target.
    ['a link target', '[quote](<https://example.com/$BABA-W (09988.HK)$>)'],
  ])('%s', (_name, input) => {
    const { output, edits, tickers } = run(input)
    expect(output).toBe(input)
    expect(edits).toEqual([])
    expect(tickers).toBeUndefined()
  })
})

describe('tickers metadata', () => {
  it('appends to tickers already in meta, once per code, upgrading a Chinese name', () => {
    const meta = { tickers: [{ code: '00700.HK', name: '腾讯控股' }, { code: 'ZH.US' }] }
    const { tickers } = run(
      '$Tencent (700.HK)$ and $Zhihu (ZH.US)$ and $Tencent (00700.HK)$ rose.',
      {
        meta,
      },
    )
    expect(tickers).toEqual([
      { code: '00700.HK', name: 'Tencent' },
      { code: 'ZH.US', name: 'Zhihu' },
    ])
  })
})

describe('variant articles', () => {
  it('a moomoo markdown article: lists, money, code and orphan chips', () => {
    const input = fixture('moomoo-ev-makers.md')
    const output = clean(input)
    expect(output).toContain(
      'NIO-SW (09866.HK) gained 6%, XPEV-W (09868.HK), LI AUTO-W (02015.HK) and BYD COMPANY (01211.HK), Geely Automobile (00175.HK) followed.',
    )
    expect(output).toContain(
      'In New York, NIO Inc (NIO.US) closed at $5.12 (up 4%), while XPeng (XPEV.US) added $0.40.',
    )
    expect(output).toContain('Battery maker CATL (300750.SZ) said orders were up $1.2 billion')
    expect(output).toContain('`$NIO-SW (09866.HK)$` in the feed')
    expect(output).toContain('```\n$NIO-SW (09866.HK)$ raw chip\n```\n')
    // The two orphan paragraphs at the end go, with the blank lines before them.
    expect(output.endsWith('raw chip\n```\n')).toBe(true)
    const { tickers } = run(input)
    expect(tickers?.map((ticker) => ticker.code)).toEqual([
      '09866.HK',
      '09868.HK',
      '02015.HK',
      '01211.HK',
      '00175.HK',
      'NIO.US',
      'XPEV.US',
      '300750.SZ',
    ])
  })

  it('a Zhitong plain-text article with A-shares, Chinese names and an unknown name', () => {
    const input = fixture('zhitong-a-shares.txt')
    const { output, findings } = run(input, { path: 'zhitong.txt' })
    expect(clean(input, { path: 'zhitong.txt' })).toBe(output)
    expect(output).toContain(
      'Kweichow Moutai (600519.SH) fell 2%, and Wuliangye (000858.SZ) lost 3% after the company cut its dividend to 5 yuan (about US$0.70).',
    )
    expect(output).toContain(
      "Analysts named Kweichow Moutai (600519.SH), 泸州老窖 (000568.SZ), 某某酒业 (600999.SH) as the sector's bellwethers.",
    )
    expect(output).toContain(
      'In Singapore, DBS Group Holdings (D05.SG) and Toyota Motor (7203.JP) were quoted.\n',
    )
    expect(output).not.toContain('$Kweichow')
    expect(findings.map((finding) => finding.evidence?.name)).toEqual(['泸州老窖', '某某酒业'])
  })
})

describe('rule data', () => {
  it('the shipped markets load, and every market spec passes alone, together and on a second run', () => {
    const rules = loadCashtags(join(ROOT, 'rules'))
    expect(rules.markets.map((market) => market.code)).toEqual(
      expect.arrayContaining(['HK', 'US', 'SH', 'SZ', 'SG']),
    )
    expect(rules.render).toBe('name-code')
    expect(runCashtagSpecs(rules, glossary)).toEqual([])
  })

  it('a failing spec is reported with its file, line and market', () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'cashtags'))
    writeFileSync(
      join(dir, 'cashtags', 'm.yml'),
      'markets:\n  - id: hk\n    code: HK\n    name: Hong Kong\n    specs:\n      - from: $A (1.HK)$ x\n        to: $A (1.HK)$ x\n',
    )
    const failures = runCashtagSpecs(loadCashtags(dir, dir))
    expect(failures).toMatchObject([
      { file: join('cashtags', 'm.yml'), line: 6, ruleId: 'cashtags/hk', actual: 'A (1.HK) x' },
    ])
  })

  it('refuses bad market files with file, line and id', () => {
    const write = (text: string) => {
      const dir = tempDir()
      mkdirSync(join(dir, 'cashtags'))
      writeFileSync(join(dir, 'cashtags', 'm.yml'), text)
      return () => loadCashtags(dir, dir)
    }
    const spec = '    specs: [{ from: x, to: x }]\n'
    expect(write(`markets:\n  - id: hk\n    code: hk\n    name: HK\n${spec}`)).toThrow(
      /m\.yml:3 \(rule hk\): code: /,
    )
    expect(
      write(
        `markets:\n  - id: hk\n    code: HK\n    name: HK\n${spec}  - id: hk2\n    code: HK\n    name: HK again\n${spec}`,
      ),
    ).toThrow(RuleError)
    expect(write('markets:\n  - id: hk\n    code: HK\n    name: HK\n    specs: []\n')).toThrow(
      /at least one spec/,
    )
  })
})
