import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Root } from 'mdast'
import { type Plugin, unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { articleOf } from '../../pipeline/core/article.js'
import { ruleInfo } from '../../pipeline/core/draft.js'
import { currentBlocks } from '../../pipeline/core/structure.js'
import { formatSpecFailure } from '../../pipeline/rules/specs.js'
import {
  loadStyleRules,
  runStyleSpecs,
  type StyleRule,
  shippedStyleRules,
} from '../../pipeline/rules/style.js'
import { RuleError } from '../../pipeline/rules/yaml.js'
import { type StyleOptions, style } from '../../pipeline/stages/07-style.js'
import { articleParse, articleStringify } from '../../pipeline/unified.js'
import { expectLossless, ROOT, reference, tempDir } from '../helpers.js'
import { devDocuments } from '../lib/dev-data.js'

function runStyle(text: string, options: StyleOptions = {}, path = 'article.txt') {
  const file = new VFile({ value: text, path })
  const output = String(
    unified().use(articleParse).use(style, options).use(articleStringify).processSync(file),
  )
  return { ...articleOf(file).draft.finish(), output }
}

/** Runs the stage, checks the report is lossless and a second run changes nothing. */
function cleanOnce(text: string, options: StyleOptions = {}, path = 'article.txt') {
  const result = runStyle(text, options, path)
  expectLossless(text, result.output, result.edits)
  const again = runStyle(result.output, options, path)
  expect(again.edits).toEqual([])
  expect(again.output).toBe(result.output)
  return result
}

const summary = (edits: { rule: string; before: string; after: string }[]) =>
  edits.map((edit) => [edit.rule, edit.before, edit.after])

describe('style stage on the reference article', () => {
  const input = reference()
  const result = runStyle(input)

  it('makes exactly the house-style edits the article needs, nothing else', () => {
    expect(summary(result.edits)).toEqual([
      // Two blank lines before the headline.
      ['style/blank-lines', '\n\n', ''],
      // `$TENCENT (00700.HK)$ , $BIDU-SW ...`: the space before the comma in the chip list.
      ['style/space-before-punctuation', ' ', ''],
      // After the launch of Taobao APP and WeChat APP, ...
      ['style/casing/app', 'APP', 'app'],
      ['style/casing/app', 'APP', 'app'],
      // ... with the deepening development of the Internet, ...
      ['style/casing/internet', 'Internet', 'internet'],
      // In August of that year, Taobao App integrated with UnionPay (beside "Taobao APP").
      ['style/casing/app-title', 'App', 'app'],
      // ... between the Taobao APP and WeChat payment.
      ['style/casing/app', 'APP', 'app'],
      // further 'liberate' Alipay / followed suit in 'interconnection.'
      ['style/quotes', "'", '"'],
      ['style/quotes', "'", '"'],
      ['style/quotes', "'", '"'],
      ['style/quotes', "'", '"'],
      // the consensus of Internet giants / China's Internet will usher in
      ['style/casing/internet', 'Internet', 'internet'],
      ['style/casing/internet', 'Internet', 'internet'],
      // Two blank lines before the MT disclosure.
      ['style/blank-lines', '\n\n\n', '\n\n'],
      // The indented `    Write a comment` line folded into the disclaimer paragraph.
      ['style/indentation', '    ', ''],
    ])
    expect(result.findings).toEqual([])
    for (const edit of result.edits) expect(edit.stage).toBe('style')
  })

  it('puts the quotes, casing and spacing where an editor expects them', () => {
    const { output } = result
    expect(output).toContain('will further "liberate" Alipay.')
    expect(output).toContain('have all followed suit in "interconnection."')
    expect(output).toContain('After the launch of Taobao app and WeChat app, although')
    expect(output).toContain('between the Taobao app and WeChat payment')
    expect(output).toContain('the deepening development of the internet,')
    expect(output).toContain('the consensus of internet giants')
    expect(output).toContain("China's internet will usher in")
    expect(output).toContain('$TENCENT (00700.HK)$, $BIDU-SW')
    expect(output.startsWith('The internet giants have broken down the walls!')).toBe(true)
    expect(output.endsWith('we cannot guarantee it.\nWrite a comment')).toBe(true)
    // Untouched: apostrophes, Chinese text (its `,`, `。 ` and “ ”), numbers, the byline.
    expect(output).toContain("Alibaba's instant messaging app")
    expect(output).toContain('2024年618前,阿里妈妈')
    expect(output).toContain('“淘宝星任务”')
    expect(output).toContain('161.117 billion yuan')
    expect(output).toContain('\u00b7\u00a0 Sep 4 21:01')
  })

  it('is lossless and idempotent', () => {
    expectLossless(input, result.output, result.edits)
    expect(runStyle(result.output).edits).toEqual([])
  })
})

describe('style rules data', () => {
  const rules = shippedStyleRules()

  it('every spec holds: rule alone, whole set, second run', () => {
    const failures = runStyleSpecs(rules)
    expect(failures.map(formatSpecFailure)).toEqual([])
  })

  it('every rule has a spec that changes text and one that must not', () => {
    for (const rule of rules) {
      expect(
        rule.specs.some((spec) => spec.from !== spec.to),
        rule.id,
      ).toBe(true)
      expect(
        rule.specs.some((spec) => spec.from === spec.to),
        rule.id,
      ).toBe(true)
    }
  })

  it('covers every mechanic the brief asks for, each with its own id', () => {
    expect(rules.map((rule) => rule.kind).sort()).toEqual(
      [
        'blank-lines',
        'casing',
        'casing',
        'casing',
        'double-space',
        'fullwidth-punctuation',
        'indentation',
        'quotes',
        'space-before-punctuation',
        'trailing-space',
      ].sort(),
    )
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length)
  })

  it('reports a spec that does not hold', () => {
    const internet = rules.find((rule) => rule.id === 'style/casing/internet') as StyleRule
    const broken = {
      ...internet,
      specs: [{ from: 'The Internet grew.', to: 'The Internet grew.', line: 9 }],
    }
    const failures = runStyleSpecs([broken])
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({ ruleId: 'style/casing/internet', check: 'rule', line: 9 })
    expect(failures[0]?.actual).toBe('The internet grew.')
  })
})

describe('style rules loader', () => {
  function folderWith(yaml: string): string {
    const dir = tempDir('mt-tidy-style-')
    mkdirSync(join(dir, 'style'))
    writeFileSync(join(dir, 'style', 'house.yml'), yaml)
    return dir
  }

  it('loads rules with defaults, file and line', () => {
    const dir = folderWith(
      [
        'rules:',
        '  - id: style/casing/wechat',
        '    kind: casing',
        '    reason: House casing.',
        '    replace: [{ from: WECHAT, to: WeChat }]',
        '    specs: [{ from: a, to: a }]',
      ].join('\n'),
    )
    const [rule] = loadStyleRules(dir, dir)
    expect(rule).toMatchObject({
      id: 'style/casing/wechat',
      enabled: true,
      category: 'Style',
      severity: 'minor',
      keepBeforeCapitalised: false,
      file: join('style', 'house.yml'),
      line: 2,
    })
    expect(runStyle('Open WECHAT now.', { rules: [rule as StyleRule] }).output).toBe(
      'Open WeChat now.',
    )
  })

  const refused: [string, string, RegExp][] = [
    [
      'an unknown kind',
      'rules:\n  - id: style/x\n    kind: smart-quotes\n    reason: r\n    specs: [{from: a, to: a}]',
      /house\.yml:3 \(rule style\/x\): kind/,
    ],
    [
      'a casing rule without words',
      'rules:\n  - id: style/casing/x\n    kind: casing\n    reason: r\n    specs: [{from: a, to: a}]',
      /rule style\/casing\/x\): replace: a casing rule needs/,
    ],
    [
      'a rule without specs',
      'rules:\n  - id: style/x\n    kind: double-space\n    reason: r\n    specs: []',
      /every rule needs at least one spec/,
    ],
    [
      'two rules for one mechanic',
      'rules:\n  - id: style/a\n    kind: quotes\n    reason: r\n    specs: [{from: a, to: a}]\n  - id: style/b\n    kind: quotes\n    reason: r\n    specs: [{from: a, to: a}]',
      /house\.yml:6 \(rule style\/b\): a second "quotes" rule/,
    ],
    [
      'a duplicate id',
      'rules:\n  - id: style/a\n    kind: quotes\n    reason: r\n    specs: [{from: a, to: a}]\n  - id: style/a\n    kind: double-space\n    reason: r\n    specs: [{from: a, to: a}]',
      /rule style\/a\): duplicate id/,
    ],
    [
      'chained casing rules (not idempotent)',
      'rules:\n  - id: style/casing/a\n    kind: casing\n    reason: r\n    replace: [{from: APP, to: App}]\n    specs: [{from: a, to: a}]\n  - id: style/casing/b\n    kind: casing\n    reason: r\n    replace: [{from: App, to: app}]\n    specs: [{from: a, to: a}]',
      /rule style\/casing\/a\): its replacement "App" would be rewritten by rule style\/casing\/b/,
    ],
  ]
  for (const [what, yaml, message] of refused) {
    it(`refuses ${what} with file, line and id`, () => {
      const dir = folderWith(yaml)
      expect(() => loadStyleRules(dir, dir)).toThrow(RuleError)
      expect(() => loadStyleRules(dir, dir)).toThrow(message)
    })
  }

  it('ships rules that load from the repository folder', () => {
    expect(loadStyleRules(join(ROOT, 'rules'), ROOT).map((rule) => rule.id)).toEqual(
      shippedStyleRules().map((rule) => rule.id),
    )
  })
})

describe('quotes', () => {
  it('turns single-quoted terms into double quotes, one by one', () => {
    const { output, edits } = cleanOnce(
      "The regulator said 'interconnection', 'openness' and 'fair competition' were the goals.",
    )
    expect(output).toBe(
      'The regulator said "interconnection", "openness" and "fair competition" were the goals.',
    )
    expect(edits).toHaveLength(6)
  })

  it('never takes apostrophes for quotes', () => {
    const text =
      "It's Alibaba's turn: the companies' shares rose as in the '90s, and JD's rivals' apps played rock 'n' roll 'til dawn. O'Neill agreed."
    const { output, edits, findings } = cleanOnce(text)
    expect(output).toBe(text)
    expect(edits).toEqual([])
    expect(findings).toEqual([])
  })

  it('pairs a quote beside apostrophes and plural possessives', () => {
    const { output } = cleanOnce(
      "Tencent's president called it a 'win-win' for the platforms' merchants in the '20s.",
    )
    expect(output).toBe(
      "Tencent's president called it a \"win-win\" for the platforms' merchants in the '20s.",
    )
  })

  it('keeps single quotes nested inside double quotes', () => {
    const text = 'Zhang said, "The \'big circulation\' matters more than the small one."'
    expect(cleanOnce(text).output).toBe(text)
  })

  it('normalises curly quotes and apostrophes to the straight house style', () => {
    const { output } = cleanOnce(
      'The CEO said, “Meituan’s ‘super app’ model is over,” and ‘openness’ is next.',
    )
    expect(output).toBe(
      'The CEO said, "Meituan\'s \'super app\' model is over," and "openness" is next.',
    )
  })

  it('writes curly quotes when the option asks for them', () => {
    const { output } = cleanOnce(
      "Kuaishou said \"it's a 'milestone' for us\" and called it 'historic' in the '90s sense.",
      { quotes: 'curly' },
    )
    expect(output).toBe(
      'Kuaishou said “it’s a ‘milestone’ for us” and called it “historic” in the ’90s sense.',
    )
  })

  it('leaves a quote that is not clearly paired alone, and flags it', () => {
    const text = "The 'Internet Plus strategy took off, and the 'companies' shares rose."
    const { output, edits, findings } = cleanOnce(text)
    expect(output).toBe(text)
    expect(edits).toEqual([])
    expect(findings.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['style/quotes', 'info'],
      ['style/quotes', 'info'],
    ])
    expect(findings[0]?.actual.startsWith("'Internet Plus")).toBe(true)
  })

  it('does not pair single quotes across a paragraph whose double quotes do not balance', () => {
    const text = "The screen is 6.1\" wide and the 'Pro' model costs more."
    expect(cleanOnce(text).output).toBe(text)
  })

  it('leaves Chinese quotation marks in Chinese text', () => {
    const text =
      '阿里妈妈的“淘宝星任务”与巨量星图启动合作，‘内测’中。\n\nIt launched the “Star Cube Plan”.'
    expect(cleanOnce(text).output).toBe(
      '阿里妈妈的“淘宝星任务”与巨量星图启动合作，‘内测’中。\n\nIt launched the "Star Cube Plan".',
    )
  })
})

describe('punctuation spacing', () => {
  it('removes spaces before , . ; : ! ? in MT English', () => {
    const { output } = cleanOnce(
      'Overseas students returning to China to seek jobs will hit a new high , Chinese enterprises said ; demand is strong . Why ? Costs !',
    )
    expect(output).toBe(
      'Overseas students returning to China to seek jobs will hit a new high, Chinese enterprises said; demand is strong. Why? Costs!',
    )
  })

  it('leaves numbers, times, ellipses, .NET, e.g. and doubled punctuation alone', () => {
    const text =
      'At 09:30 a.m. the index rose 1,000.5 points (3.5%), e.g. after the 21 : 01 close; he paused ... then . . . spoke on .NET. It ended with a smile. .'
    const { output, edits } = cleanOnce(text)
    expect(output).toBe(text)
    expect(edits).toEqual([])
  })

  it('turns full-width punctuation in English into ASCII with English spacing', () => {
    const { output } = cleanOnce(
      'Meituan（03690.HK）said，revenue rose 22%。Profit：up 1，000 million yuan；shares rose！Why？',
    )
    expect(output).toBe(
      'Meituan (03690.HK) said, revenue rose 22%. Profit: up 1,000 million yuan; shares rose! Why?',
    )
  })

  it('leaves full-width punctuation in Chinese text, also in a mixed paragraph', () => {
    const text =
      '美团（03690.HK）表示，收入增长22%。\n\nPinduoduo rose 5% on Monday. 拼多多（PDD）：涨5%。'
    const { output, edits } = cleanOnce(text)
    expect(output).toBe(text)
    expect(edits).toEqual([])
  })
})

describe('whitespace', () => {
  it('collapses double spaces but not in code, Chinese text or aligned columns', () => {
    const text = [
      'Alipay  said it will  open up.   Meituan agreed.',
      '',
      'Run `grep  -n` on 淘宝  天猫 logs.',
      '',
      'Revenue      2023      2024',
    ].join('\n')
    expect(cleanOnce(text, {}, 'a.md').output).toBe(
      [
        'Alipay said it will open up. Meituan agreed.',
        '',
        'Run `grep  -n` on 淘宝  天猫 logs.',
        '',
        'Revenue      2023      2024',
      ].join('\n'),
    )
  })

  it('removes trailing spaces but keeps markdown hard breaks and code', () => {
    const text = 'Taobao said: \nfirst line  \nsecond line   \n\n```\ncode   \n```\n\nEnd.  \n'
    expect(cleanOnce(text, {}, 'a.md').output).toBe(
      'Taobao said:\nfirst line  \nsecond line\n\n```\ncode   \n```\n\nEnd.\n',
    )
  })

  it('in .txt removes indentation, trailing spaces and extra blank lines', () => {
    const text =
      '\n\n    Kuaishou and Meituan renewed the deal.  \n  It covers local services.\n\n\n\n   Shares rose 3%.   \n\n\n'
    expect(cleanOnce(text).output).toBe(
      'Kuaishou and Meituan renewed the deal.\nIt covers local services.\n\nShares rose 3%.\n',
    )
  })

  it('in .md keeps indented code, list and quote structure', () => {
    const text = [
      '  Intro paragraph,',
      '   continued.',
      '',
      '    indented code  ',
      '',
      '- item',
      '',
      '  second paragraph of the item',
      '',
      '> quoted',
      '> text',
      '',
      '',
      '',
      'End.',
      '',
    ].join('\n')
    expect(cleanOnce(text, {}, 'a.md').output).toBe(
      [
        'Intro paragraph,',
        'continued.',
        '',
        '    indented code  ',
        '',
        '- item',
        '',
        '  second paragraph of the item',
        '',
        '> quoted',
        '> text',
        '',
        'End.',
        '',
      ].join('\n'),
    )
  })

  it('keeps Windows line ends', () => {
    const text = 'Taobao APP  rose .\r\n\r\n\r\n\r\nShares fell.  \r\n\r\n'
    expect(cleanOnce(text).output).toBe('Taobao app rose.\r\n\r\nShares fell.\r\n')
  })

  it('mends the blank lines an earlier stage leaves when it deletes a paragraph', () => {
    const deleteFooter: Plugin<[], Root> = () => (tree, file) => {
      const { draft } = articleOf(file)
      const footer = currentBlocks(draft, tree).find((block) => block.text.startsWith('Write'))
      if (!footer) return
      const info = ruleInfo('boilerplate', 'test/footer', 'Non-content', 'minor', 'footer')
      draft.applyAll([{ start: footer.start, end: footer.end, after: '', info }])
    }
    const input = 'Shares rose.\n\nWrite a comment\n\nShares fell.\n'
    const file = new VFile({ value: input, path: 'a.txt' })
    const output = String(
      unified()
        .use(articleParse)
        .use(deleteFooter)
        .use(style)
        .use(articleStringify)
        .processSync(file),
    )
    expect(output).toBe('Shares rose.\n\nShares fell.\n')
    const { edits } = articleOf(file).draft.finish()
    expectLossless(input, output, edits)
  })
})

describe('house casing', () => {
  it('writes app and internet in lower case mid-sentence, in any platform name', () => {
    const { output } = cleanOnce(
      'Users of the JD APP and the Meituan App can pay with Alipay. Many APPs joined, and the Internet changed.',
    )
    expect(output).toBe(
      'Users of the JD app and the Meituan app can pay with Alipay. Many apps joined, and the internet changed.',
    )
  })

  it('keeps proper names, sentence starts, quotations and headlines', () => {
    const text = [
      'Internet companies grew. The Beijing Internet Court and the Internet Society of China met on the Internet of Things.',
      '',
      'Apps like Xianyu topped the App Store. He said: "Internet giants must open up." Asia Pulp & Paper (APP) cut output.',
      '',
      '# China Internet Giants Tear Down Their Walls',
      '',
      '- Internet traffic rose.',
    ].join('\n')
    const { output, edits } = cleanOnce(text, {}, 'a.md')
    expect(output).toBe(text)
    expect(edits).toEqual([])
  })

  it('capitalises the house form at a sentence start', () => {
    expect(cleanOnce('Fees fell. APP downloads rose.').output).toBe(
      'Fees fell. App downloads rose.',
    )
  })

  it('never touches code, URLs, link targets or Chinese text', () => {
    const text =
      'See `Internet APP`, https://example.com/Internet/APP and [the docs](https://x.example/APP).\n\n淘宝APP和Internet'
    expect(cleanOnce(text, {}, 'a.md').output).toBe(text)
  })
})

describe('options', () => {
  const text = "Taobao APP  adds 'WeChat Pay' ."

  it('disable switches off single rules or a family by id prefix', () => {
    expect(cleanOnce(text, { disable: ['style/quotes'] }).output).toBe(
      "Taobao app adds 'WeChat Pay'.",
    )
    expect(cleanOnce(text, { disable: ['style/casing', 'style/double-space'] }).output).toBe(
      'Taobao APP  adds "WeChat Pay".',
    )
  })

  it('a rule shipped with enabled: false does not run', () => {
    const rules = shippedStyleRules().map((rule) =>
      rule.id === 'style/space-before-punctuation' ? { ...rule, enabled: false } : rule,
    )
    expect(cleanOnce(text, { rules }).output).toBe('Taobao app adds "WeChat Pay" .')
  })

  it('runs with no rules at all as a no-op', () => {
    const { output, edits } = runStyle(text, { rules: [] })
    expect(output).toBe(text)
    expect(edits).toEqual([])
  })
})

describe('variants: other platforms, tickers and layouts', () => {
  const variants: { name: string; path: string; input: string; output: string }[] = [
    {
      name: 'Zhitong-style byline and a Pinduoduo story with mixed quotes',
      path: 'zhitong.txt',
      input:
        "Zhitong Finance · Mar 18 08:43\n\nPDD Holdings (PDD.US) said its Temu APP is 'growing fast' , and “Duo Duo Grocery” keeps expanding.",
      output:
        'Zhitong Finance · Mar 18 08:43\n\nPDD Holdings (PDD.US) said its Temu app is "growing fast", and "Duo Duo Grocery" keeps expanding.',
    },
    {
      name: 'Breakings headline with full-width punctuation left by the MT engine',
      path: 'breakings.txt',
      input:
        'Breakings · 12/07/2023 19:17\n\nXiaomi（01810.HK）said，SU7 deliveries beat targets。CEO Lei Jun：“We are on track.”',
      output:
        'Breakings · 12/07/2023 19:17\n\nXiaomi (01810.HK) said, SU7 deliveries beat targets. CEO Lei Jun: "We are on track."',
    },
    {
      name: 'a markdown article with front matter, a link and a code span',
      path: 'post.md',
      input:
        "---\ntitle: 'Internet APP'\n---\n\n# Baidu adds Ernie to its APP\n\nBaidu (09888.HK) said the Ernie Bot APP  is live ; see [the notice](https://baidu.example/APP) and `app --Internet`.\n",
      output:
        "---\ntitle: 'Internet APP'\n---\n\n# Baidu adds Ernie to its app\n\nBaidu (09888.HK) said the Ernie Bot app is live; see [the notice](https://baidu.example/APP) and `app --Internet`.\n",
    },
    {
      name: 'an earnings paragraph with numbers that must not move',
      path: 'earnings.txt',
      input:
        'Tencent (00700.HK) reported revenue of 161.117 billion yuan , up 8% ; gross profit rose 21% to 85.895 billion yuan at 21:01 .',
      output:
        'Tencent (00700.HK) reported revenue of 161.117 billion yuan, up 8%; gross profit rose 21% to 85.895 billion yuan at 21:01.',
    },
    {
      name: 'a Hong Kong story with a nested quote in curly marks',
      path: 'hk.txt',
      input:
        '“The ‘Internet Plus’ plan,” said the HKEX spokesman, “is not a ‘one-size-fits-all’ policy.”',
      output:
        '"The \'Internet Plus\' plan," said the HKEX spokesman, "is not a \'one-size-fits-all\' policy."',
    },
    {
      name: 'scraped paragraphs indented with spaces and separated by extra blank lines',
      path: 'scraped.txt',
      input:
        '  Kuaishou (01024.HK) and Meituan (03690.HK) renewed their cooperation.\n\n\n  The deal covers local services and the Kuaishou APP.  \n',
      output:
        'Kuaishou (01024.HK) and Meituan (03690.HK) renewed their cooperation.\n\nThe deal covers local services and the Kuaishou app.\n',
    },
    {
      name: 'a Chinese paragraph glued after English, left exactly as it is',
      path: 'mixed.txt',
      input:
        'Bilibili (09626.HK) rose 4%.\n\n哔哩哔哩（09626.HK）今日上涨4%，“B站”APP  日活创新高。',
      output:
        'Bilibili (09626.HK) rose 4%.\n\n哔哩哔哩（09626.HK）今日上涨4%，“B站”APP  日活创新高。',
    },
    {
      name: 'apostrophe-heavy analyst quote',
      path: 'analyst.txt',
      input:
        "Analysts said it's NetEase's and Trip.com's year; investors' hopes rest on the '24 results, and 'AI+' is the theme.",
      output:
        "Analysts said it's NetEase's and Trip.com's year; investors' hopes rest on the '24 results, and \"AI+\" is the theme.",
    },
    {
      name: 'a Singapore-listed company with a colon list and an exclamation',
      path: 'sg.txt',
      input: 'Sea Ltd (SE.US) listed three priorities : Shopee , Garena and Monee !',
      output: 'Sea Ltd (SE.US) listed three priorities: Shopee, Garena and Monee!',
    },
    {
      name: 'an internet regulator story with proper names',
      path: 'cac.txt',
      input:
        'The Cyberspace Administration said Internet platforms must register, citing the Internet Information Service rules and the Internet of Vehicles.',
      output:
        'The Cyberspace Administration said internet platforms must register, citing the Internet Information Service rules and the Internet of Vehicles.',
    },
    {
      name: 'a markdown bullet list of moves with casing and spacing defects',
      path: 'list.md',
      input:
        '- JD.com (09618.HK) opened its APP to WeChat Pay .\n- Alibaba (09988.HK) joined the  Internet Court case.\n- APP makers agreed.\n',
      output:
        '- JD.com (09618.HK) opened its app to WeChat Pay.\n- Alibaba (09988.HK) joined the Internet Court case.\n- App makers agreed.\n',
    },
    {
      name: 'a single-quoted headline phrase in a later sentence',
      path: 'ctrip.txt',
      input:
        "Trip.com (TCOM.US) shares rose. The company called the holiday 'a golden week for travel.'",
      output:
        'Trip.com (TCOM.US) shares rose. The company called the holiday "a golden week for travel."',
    },
    {
      name: 'a clean professional paragraph: nothing to do',
      path: 'clean.txt',
      input:
        'NIO Inc. (NIO.US) delivered 20,976 vehicles in July, up 16.8% year-on-year, the company said on Tuesday. Its shares closed at $5.12.\n',
      output:
        'NIO Inc. (NIO.US) delivered 20,976 vehicles in July, up 16.8% year-on-year, the company said on Tuesday. Its shares closed at $5.12.\n',
    },
  ]

  for (const variant of variants) {
    it(variant.name, () => {
      const { output, findings } = cleanOnce(variant.input, {}, variant.path)
      expect(output).toBe(variant.output)
      expect(findings).toEqual([])
    })
  }
})

describe('real MT English (WMT 2023 zh-en)', () => {
  const documents = devDocuments()

  it('stays quiet on clean text: only house-style edits of known kinds', () => {
    let paragraphs = 0
    let changed = 0
    for (const document of documents) {
      const input = `${document.en.join('\n\n')}\n`
      const { edits, findings, output } = cleanOnce(input)
      expect(findings).toEqual([])
      paragraphs += document.en.length
      const outputParagraphs = output.replace(/\n$/, '').split('\n\n')
      expect(outputParagraphs).toHaveLength(document.en.length)
      changed += outputParagraphs.filter((paragraph, i) => paragraph !== document.en[i]).length
      for (const edit of edits) {
        const change = `${edit.rule}: ${edit.before} -> ${edit.after}`
        expect([
          'style/quotes: “ -> "',
          'style/quotes: ” -> "',
          'style/space-before-punctuation:   -> ',
          'style/casing/internet: Internet -> internet',
          'style/casing/app: APP -> app',
        ]).toContain(change)
      }
    }
    expect(paragraphs).toBeGreaterThan(600)
    expect(changed / paragraphs).toBeLessThan(0.03)
  })

  it('fixes the spacing defects the data really has', () => {
    const fixed = documents.flatMap((document) =>
      cleanOnce(`${document.en.join('\n\n')}\n`).output.split('\n\n'),
    )
    const has = (fragment: string) => fixed.some((paragraph) => paragraph.includes(fragment))
    expect(has('refund the difference.')).toBe(true)
    expect(has('will hit a new high, Chinese')).toBe(true)
    expect(has('the laws of modernization, in-depth')).toBe(true)
    // Doubled punctuation is a different defect; the space stays so an editor still sees it.
    expect(has('a bright smile. .')).toBe(true)
    // Nested single quotes inside a double-quoted headline stay single.
    expect(has("\"Nanjing's real estate market sees a resurgence of 'price difference")).toBe(true)
  })

  it('stays quiet in curly style too, apart from quote marks', () => {
    for (const document of documents.slice(0, 12)) {
      const { edits } = cleanOnce(`${document.en.join('\n\n')}\n`, { quotes: 'curly' })
      for (const edit of edits) {
        if (edit.rule !== 'style/quotes') continue
        expect(['“', '”', '‘', '’']).toContain(edit.after)
      }
    }
  })
})
