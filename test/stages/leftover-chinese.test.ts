import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { clean, shippedRules } from '../../pipeline/clean.js'
import { convertConfig } from '../../pipeline/lib/opencc.js'
import { loadCashtags } from '../../pipeline/rules/cashtags.js'
import { boilerplate } from '../../pipeline/stages/02-boilerplate.js'
import { cashtags } from '../../pipeline/stages/03-cashtags.js'
import { mixedScript } from '../../pipeline/stages/04-mixed-script.js'
import {
  glossaryHints,
  type LeftoverChineseOptions,
  leftoverChinese,
  runGlossarySpecs,
  translateRun,
} from '../../pipeline/stages/05-leftover-chinese.js'
import { expectLossless, ROOT, reference } from '../helpers.js'
import { runStages, runStagesTwice, type StageUse } from './run-stages.js'

const rules = shippedRules()
const glossary = rules.glossary
const FAKE_TRANSLATOR = join(ROOT, 'test', 'fixtures', 'stages', 'leftover', 'fake-translator.mjs')

/** Runs the stage; the report must be lossless and a second run must edit nothing. */
function run(text: string, options: Partial<LeftoverChineseOptions> = {}, path = 'article.txt') {
  return runStagesTwice(text, [[leftoverChinese, { glossary, ...options }]], path)
}

const entry = (zh: string) => glossary.find((term) => term.zh === zh)

describe('Chinese names inside English sentences', () => {
  it('translates a glossary name and cites the glossary entry', () => {
    const { output, edits, findings } = run('Users of 淘宝 can now pay with WeChat Pay.\n')
    expect(output).toBe('Users of Taobao can now pay with WeChat Pay.\n')
    expect(findings).toEqual([])
    expect(edits).toHaveLength(1)
    const taobao = entry('淘宝')
    expect(edits[0]).toMatchObject({
      rule: 'leftover-chinese/glossary',
      category: 'Accuracy/Untranslated',
      before: '淘宝',
      after: 'Taobao',
      evidence: {
        glossary: [{ zh: '淘宝', en: 'Taobao', source: `${taobao?.file}:${taobao?.line}` }],
      },
    })
    expect(taobao?.file).toMatch(/^rules\/glossary\/.+\.yml$/)
  })

  it('reads Traditional and Hong Kong script as the same name', () => {
    expect(run('Users of 淘寶 can pay.').output).toBe('Users of Taobao can pay.')
    expect(run('Analysts expect 騰訊 to gain.').output).toBe('Analysts expect Tencent to gain.')
    expect(run('Orders on 餓了麼 grew again.').output).toBe('Orders on Ele.me grew again.')
  })

  it('takes the longest glossary key, not a shorter name inside it', () => {
    expect(run('Ads bought through 阿里妈妈 rose.').output).toBe(
      'Ads bought through Alibaba Mama rose.',
    )
    expect(run('Panel maker 京东方 raised output.').output).toBe(
      'Panel maker BOE Technology raised output.',
    )
    expect(run('Traffic from 微信视频号 goes to 天猫.').output).toBe(
      'Traffic from WeChat Channels goes to Tmall.',
    )
  })

  it('adds the spaces English needs when the name was glued to the words around it', () => {
    expect(run('Users of淘宝can pay.').output).toBe('Users of Taobao can pay.')
    expect(run('Shares of 阿里巴巴,腾讯 and Baidu rose.').output).toBe(
      'Shares of Alibaba, Tencent and Baidu rose.',
    )
    expect(run('The brand ("淘宝") is old.').output).toBe('The brand ("Taobao") is old.')
  })

  it('capitalises a lower-case term that starts a sentence, and only there', () => {
    expect(run('互联网 companies grew. The 互联网 industry slowed.').output).toBe(
      'Internet companies grew. The internet industry slowed.',
    )
  })

  it('keeps numbers and marks that belong to the run', () => {
    expect(run('Revenue rose 8% 同比 and 3% 环比.').output).toBe(
      'Revenue rose 8% year-on-year and 3% month-on-month.',
    )
  })

  it('passes every spec in rules/glossary, and a second run changes nothing', () => {
    expect(rules.glossarySpecs.length).toBeGreaterThan(10)
    expect(runGlossarySpecs(glossary, rules.glossarySpecs)).toEqual([])
  })

  it('reports a spec the stage does not meet, with its file and line', () => {
    const spec = { from: 'Users of 淘宝 pay.', to: 'Users of Tao Bao pay.', file: 'x.yml', line: 7 }
    expect(runGlossarySpecs(glossary, [spec])).toMatchObject([
      { file: 'x.yml', line: 7, actual: 'Users of Taobao pay.', check: 'rule' },
    ])
  })
})

describe('Chinese the glossary does not cover is kept and flagged', () => {
  it('flags a run without a glossary match as major, with no hints', () => {
    const text = 'The campaign, called 星立方计划, starts in June.'
    const { output, edits, findings } = run(text)
    expect(output).toBe(text)
    expect(edits).toEqual([])
    expect(findings).toMatchObject([
      {
        rule: 'leftover-chinese/untranslated',
        category: 'Accuracy/Untranslated',
        severity: 'major',
        actual: '星立方计划',
        evidence: { hints: [] },
      },
    ])
  })

  it('gives word-level hints where parts of a run match, and does not half-translate it', () => {
    const text = 'The partner was 阿里妈妈生态内容营销中心 this year.'
    const { output, findings } = run(text)
    expect(output).toBe(text)
    expect(findings).toHaveLength(1)
    expect(findings[0]?.evidence?.hints).toEqual([
      { zh: '阿里妈妈', en: 'Alibaba Mama' },
      { zh: '生态', en: 'ecosystem' },
    ])
  })

  it('leaves two names glued together for an editor (not "Taobao Tmall")', () => {
    const { output, findings } = run('Merchants on 淘宝天猫 were told.')
    expect(output).toBe('Merchants on 淘宝天猫 were told.')
    expect(findings[0]?.evidence?.hints).toEqual([
      { zh: '淘宝', en: 'Taobao' },
      { zh: '天猫', en: 'Tmall' },
    ])
  })

  it('flags a whole Chinese paragraph once, as a paragraph', () => {
    const zh = '微信支付回应称，与淘宝平台商家的功能兼容工作正在开放中。'
    const text = `WeChat Pay responded on Monday.\n\n${zh}\n\nShares rose.\n`
    const { output, findings } = run(text)
    expect(output).toBe(text)
    expect(findings).toMatchObject([
      { rule: 'leftover-chinese/paragraph', severity: 'major', actual: zh },
    ])
    expect(findings[0]?.evidence?.hints).toEqual([
      { zh: '微信支付', en: 'WeChat Pay' },
      { zh: '淘宝', en: 'Taobao' },
    ])
  })

  it('never reads code or inline code, and only flags front matter', () => {
    const text = [
      '---',
      'title: 淘宝 adds WeChat Pay',
      '---',
      '',
      'Call `淘宝.pay()` first.',
      '',
      '```',
      'name = "淘宝"',
      '```',
      '',
    ].join('\n')
    const { output, edits, findings } = run(text, {}, 'article.md')
    expect(output).toBe(text)
    expect(edits).toEqual([])
    expect(findings.map((f) => [f.actual, f.place.start.line])).toEqual([['淘宝', 2]])
  })

  it('translates in markdown prose but not inside a link target', () => {
    const text = 'See [淘宝 news](https://example.com/淘宝) today.\n'
    expect(run(text, {}, 'a.md').output).toBe(
      'See [Taobao news](https://example.com/淘宝) today.\n',
    )
  })
})

describe('script of the Chinese that stays', () => {
  const zh = '饿了么平台上的商家可以更直观地进行效果跟踪。'

  it('keeps the script as written by default', () => {
    expect(run(`${zh}\n`).output).toBe(`${zh}\n`)
  })

  it('converts kept Chinese to the configured script, without corrupting 么', () => {
    const tw = run(`${zh}\n`, { script: 'tw' })
    expect(tw.output).toBe(`${convertConfig(zh, 's2tw')}\n`)
    expect(tw.output).toContain('餓了麼')
    expect(tw.edits).toMatchObject([
      { rule: 'leftover-chinese/script', category: 'Locale conventions' },
    ])
    expect(tw.findings).toHaveLength(1)
    const back = run(tw.output, { script: 'cn' })
    expect(back.output).toBe(`${zh}\n`)
  })

  it('converts a kept run inside English too, and leaves translated names alone', () => {
    const { output } = run('Users of 淘宝 joined 星立方计划 early.', { script: 'hk' })
    expect(output).toBe('Users of Taobao joined 星立方計劃 early.')
  })
})

describe('glossary helpers', () => {
  it('translateRun refuses runs with Chinese punctuation or uncovered Han', () => {
    expect(translateRun('淘宝、天猫', glossary)).toBeUndefined()
    expect(translateRun('淘宝网店', glossary)).toBeUndefined()
    expect(translateRun('“淘宝”', glossary)?.english).toBe('“Taobao”')
  })

  it('glossaryHints lists each matched name once, as written', () => {
    expect(glossaryHints('淘寶和淘寶的對手京東', glossary)).toEqual([
      { zh: '淘寶', en: 'Taobao' },
      { zh: '京東', en: 'JD.com' },
    ])
  })
})

describe('external translator', () => {
  const zh = '京东宣布将在第三季度推出新的会员计划，覆盖超过5000万用户。'
  const article = `JD.com shares rose on Monday.\n\n${zh}\n\nAnalysts were upbeat.\n`
  const translator = (mode: string, timeoutMs?: number) => ({
    translator: {
      command: [process.execPath, FAKE_TRANSLATOR, mode],
      ...(timeoutMs ? { timeoutMs } : {}),
    },
  })

  it('is off by default', () => {
    const { output } = run(article)
    expect(output).toBe(article)
  })

  it('replaces a whole Chinese paragraph with the command output, marked as machine output', () => {
    const { output, edits, findings } = run(article, translator('translate'))
    expect(output).toBe(
      'JD.com shares rose on Monday.\n\nJD.com announced that it will launch a new membership plan in the third quarter, covering more than 50 million users.\n\nAnalysts were upbeat.\n',
    )
    expect(edits).toMatchObject([
      {
        rule: 'leftover-chinese/machine-translation',
        category: 'Accuracy/Machine translation',
        severity: 'major',
        before: zh,
        evidence: { machineOutput: true, review: 'required' },
      },
    ])
    expect(String(edits[0]?.evidence?.translator)).toContain('fake-translator.mjs')
    expect(findings).toEqual([])
  })

  it('keeps the paragraph and says why when the command fails', () => {
    const { output, edits, findings } = run(article, translator('fail'))
    expect(output).toBe(article)
    expect(edits).toEqual([])
    expect(findings).toHaveLength(1)
    expect(String(findings[0]?.evidence?.translator)).toMatch(
      /^failed, original kept: translator exited with status 3: cannot translate/,
    )
  })

  it('keeps the paragraph when the command times out, is missing or echoes Chinese', () => {
    const cases: [ReturnType<typeof translator>, RegExp][] = [
      [translator('sleep', 300), /timed out after 300 ms/],
      [{ translator: { command: ['/nonexistent/mt-command'] } }, /could not run/],
      [translator('echo'), /returned Chinese/],
    ]
    for (const [options, reason] of cases) {
      const { output, findings } = run(article, options)
      expect(output).toBe(article)
      expect(String(findings[0]?.evidence?.translator)).toMatch(reason)
    }
  })

  it('does not translate a paragraph whose English twin is in the article', () => {
    const twin =
      'Before the 618 in 2024, Alibaba Mama and Taobao launched a content plan with Douyin, so that merchants can track the effect of "Douyin seeding, Taobao transaction" more directly.'
    const zhTwin =
      '2024年618前,阿里妈妈与淘宝联合抖音推出内容计划,商家可以更直观地追踪“抖音种草、淘宝成交”的效果。'
    const text = `${twin}\n\n${zhTwin}\n`
    // The "fail" mode would leave a failure note: the note must say the command was not used.
    const { output, findings } = run(text, translator('fail'))
    expect(output).toBe(text)
    expect(findings[0]?.evidence?.translator).toBe(
      'not used: an English paragraph of the article already translates it',
    )
  })
})

describe('the reference article (after boilerplate, cashtags and mixed-script)', () => {
  it('flags both copies of the Chinese 618 paragraph and changes nothing else', () => {
    const input = reference()
    const markets = loadCashtags(join(ROOT, 'rules')).markets
    const stages: StageUse[] = [
      [boilerplate, { rules: rules.boilerplate }],
      [cashtags, { glossary, markets }],
      [mixedScript, {}],
      [leftoverChinese, { glossary }],
    ]
    const { output, edits, findings } = runStages(input, stages, 'reference.txt')
    expectLossless(input, output, edits)
    expect(edits.filter((edit) => edit.stage === 'leftover-chinese')).toEqual([])
    const mine = findings.filter((finding) => finding.stage === 'leftover-chinese')
    expect(mine).toHaveLength(2)
    for (const finding of mine) {
      expect(finding.rule).toBe('leftover-chinese/paragraph')
      expect(finding.actual).toMatch(/^2024年618前,阿里妈妈.*效果跟踪。$/)
      expect(output.slice(...finding.output)).toBe(finding.actual)
      expect(finding.evidence?.hints).toEqual(
        expect.arrayContaining([
          { zh: '阿里妈妈', en: 'Alibaba Mama' },
          { zh: '淘宝', en: 'Taobao' },
          { zh: '抖音', en: 'Douyin' },
        ]),
      )
    }
    const again = runStages(output, stages, 'reference.txt')
    expect(again.edits).toEqual([])
  })
})

describe('Chinese in front-matter fields', () => {
  it('is flagged in values, except in keys meant for Chinese', () => {
    const input =
      '---\ntitle: 淘宝接入微信支付\ntitle_zh: 淘宝接入微信支付\nauthor: Wang\n---\n\nTaobao added WeChat Pay.\n'
    const result = clean(input, { path: 'a.md' })
    const flagged = result.report.findings.filter((f) => f.rule === 'leftover-chinese/untranslated')
    expect(flagged.map((f) => [f.actual, f.place.start.line])).toEqual([['淘宝接入微信支付', 2]])
    expect(flagged[0]?.reason).toMatch(/front matter/)
    expect(result.output).toBe(input)
  })
})
