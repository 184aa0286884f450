import { describe, expect, it } from 'vitest'
import { shippedRules } from '../../pipeline/clean.js'
import { metadata } from '../../pipeline/stages/01-metadata.js'
import { frontMatter } from '../../pipeline/stages/10-front-matter.js'
import { expectLossless, reference } from '../helpers.js'
import { runStages, type StageUse } from './run-stages.js'

const rules = shippedRules().metadata
const run = (text: string, path = 'a.txt') => runStages(text, [[metadata, { rules }]], path)

describe('metadata stage', () => {
  it('reads the reference article header: headline with the time glued on', () => {
    const input = reference()
    const { output, edits, meta } = run(input)
    expect(meta).toEqual({
      titleSpan: [2, 119],
      title:
        'The internet giants have broken down the walls! The three giants have deepened their interconnection on the same day.',
      published: 'Sep 4 21:01',
    })
    expect(output.startsWith('# The internet giants have broken down the walls!')).toBe(true)
    expect(output.split('\n')[1]).toBe('')
    expect(output.split('\n')[2]).toMatch(/^Since 2021/)
    // The headline's words stay input text: only what is around them changes.
    expect(edits.map((e) => [e.before, e.after])).toEqual([
      ['\n\n', '# '],
      // The page puts a no-break space after the separator.
      [' ·\u00a0 Sep 4 21:01', ''],
    ])
    expect(edits[0]?.rule).toBe('metadata/time/month-day')
    expectLossless(input, output, edits)
  })

  const variants: [string, string, Record<string, string>, string][] = [
    [
      'byline on its own line after the title',
      'Alibaba splits into six business groups\nBreakings · 12/07/2023 19:17\n\nAlibaba announced its biggest restructuring.\n',
      {
        title: 'Alibaba splits into six business groups',
        source: 'Breakings',
        published: '12/07/2023 19:17',
      },
      '# Alibaba splits into six business groups\n\nAlibaba announced its biggest restructuring.\n',
    ],
    [
      'byline alone: a source and a time, no headline',
      'Zhitong Finance · Mar 18 08:43\n\nMeituan shares rose 5% on Monday after the results.\n',
      { source: 'Zhitong Finance', published: 'Mar 18 08:43' },
      'Meituan shares rose 5% on Monday after the results.\n',
    ],
    [
      'share_log furniture and a Chinese headline above the English one',
      'share_log\n\n比亚迪销量超过特斯拉\nBYD outsells Tesla for the first time · Jan 2 09:30\n\nBYD sold more electric cars than Tesla.\n',
      {
        title: 'BYD outsells Tesla for the first time',
        titleZh: '比亚迪销量超过特斯拉',
        published: 'Jan 2 09:30',
      },
      '# BYD outsells Tesla for the first time\n\nBYD sold more electric cars than Tesla.\n',
    ],
    [
      'byline before the title in the same block',
      'Gelonghui · 2024-03-18 08:43\nXiaomi unveils its first car\n\nXiaomi showed the SU7 sedan.\n',
      { title: 'Xiaomi unveils its first car', source: 'Gelonghui', published: '2024-03-18 08:43' },
      '# Xiaomi unveils its first car\n\nXiaomi showed the SU7 sedan.\n',
    ],
    [
      'an ISO date and a bullet separator',
      'NIO cuts prices across its range • 2024-05-01 10:15\n\nNIO lowered prices.\n',
      { title: 'NIO cuts prices across its range', published: '2024-05-01 10:15' },
      '# NIO cuts prices across its range\n\nNIO lowered prices.\n',
    ],
    [
      'CRLF line ends',
      'JD.com results beat estimates as margins widen · Nov 16 18:05\r\n\r\nJD.com reported higher profit.\r\n',
      { title: 'JD.com results beat estimates as margins widen', published: 'Nov 16 18:05' },
      '# JD.com results beat estimates as margins widen\r\n\r\nJD.com reported higher profit.\r\n',
    ],
  ]
  for (const [name, input, meta, expected] of variants) {
    it(`reads ${name}`, () => {
      const result = run(input)
      const { titleSpan, ...rest } = result.meta as { titleSpan?: [number, number] }
      expect(rest).toEqual(meta)
      if (meta.title) expect(input.slice(...(titleSpan ?? [0, 0]))).toBe(meta.title)
      expect(result.output).toBe(expected)
      expectLossless(input, result.output, result.edits)
    })
  }

  const untouched: [string, string][] = [
    [
      'an ordinary first paragraph',
      'Tencent reported revenue of 161.1 billion yuan on Wednesday.\n\nMore text.\n',
    ],
    [
      'a sentence that mentions a time',
      'Trading resumed at Sep 4 21:01 local time, the exchange said today.\n',
    ],
    [
      'an article that already has front matter',
      '---\ntitle: Done\n---\n\n# Done\n\nBody · Sep 4 21:01\n',
    ],
    ['an article that opens with a heading', '# Already a title\n\nBody.\n'],
  ]
  for (const [name, input] of untouched) {
    it(`leaves ${name} alone`, () => {
      const result = run(input, 'a.md')
      expect(result.output).toBe(input)
      expect(result.meta).toEqual({})
    })
  }

  it('with the front-matter stage, writes YAML front matter and is idempotent', () => {
    const input =
      'share_log\n\n腾讯发布财报\nTencent reports results · Aug 14 19:20\n\nTencent said revenue rose.\n'
    const stages: StageUse[] = [
      [metadata, { rules }],
      [frontMatter, {}],
    ]
    const first = runStages(input, [...stages], 'news/tencent.txt')
    expect(first.output).toMatch(
      /^---\ntitle: Tencent reports results\ntitle_zh: 腾讯发布财报\npublished: Aug 14 19:20\noriginal:\n {2}file: news\/tencent\.txt\n {2}sha256: [0-9a-f]{64}\n---\n\n# Tencent reports results\n\nTencent said revenue rose\.\n$/,
    )
    expectLossless(input, first.output, first.edits)
    const second = runStages(first.output, [...stages], 'news/tencent.md')
    expect(second.output).toBe(first.output)
    expect(second.edits).toEqual([])
  })
})
