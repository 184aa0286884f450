import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import JSON5 from 'json5'
import OpenCC from 'opencc-js'
import { describe, expect, it, vi } from 'vitest'
import {
  builtConfigs,
  convertConfig,
  convertScript,
  isOpenccConfig,
  OPENCC_CONFIGS,
  type OpenccConfig,
  toSimplified,
} from '../../pipeline/lib/opencc.js'
import { chineseParagraphs } from './dev-data.js'

interface UpstreamCase {
  id: string
  input: string
  expected: Record<string, string>
}
interface KnownDifference {
  id: string
  config: string
  expected: string
  actual: string
}

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/opencc/${name}`, import.meta.url))
const upstream = JSON5.parse(readFileSync(fixture('testcases.json'), 'utf8')) as {
  cases: UpstreamCase[]
}
const known = JSON.parse(readFileSync(fixture('known-differences.json'), 'utf8')) as {
  differences: KnownDifference[]
}
/** Upstream configurations the project does not expose: Japanese Shinjitai, not Chinese news. */
const NOT_EXPOSED = new Set(['jp2t', 't2jp'])

describe('converters', () => {
  // Runs first in this file, before any other test has built a converter.
  it('builds each converter once per process and reuses it', () => {
    const build = vi.spyOn(OpenCC, 'Converter')
    toSimplified('淘寶')
    toSimplified('軟體')
    convertConfig('汉语', 's2tw')
    convertConfig('汉语', 's2tw')
    convertScript('汉语', 'tw')
    expect(build).toHaveBeenCalledTimes(3)
    expect(builtConfigs().sort()).toEqual(['hk2t', 's2tw', 'tw2s'])
    build.mockRestore()
  })
})

describe("OpenCC's own test cases", () => {
  it('cover every configuration the project exposes, and only Japanese ones are left out', () => {
    const upstreamConfigs = new Set(upstream.cases.flatMap((c) => Object.keys(c.expected)))
    const exposedWithCases = Object.keys(OPENCC_CONFIGS).filter((c) => upstreamConfigs.has(c))
    expect(exposedWithCases.sort()).toEqual(Object.keys(OPENCC_CONFIGS).sort())
    const leftOut = [...upstreamConfigs].filter((c) => !isOpenccConfig(c))
    expect(leftOut.every((c) => NOT_EXPOSED.has(c))).toBe(true)
  })

  it('pass for every exposed configuration except exactly the listed known differences', () => {
    const differences: KnownDifference[] = []
    const tally: Record<string, { pass: number; total: number }> = {}
    for (const testCase of upstream.cases) {
      for (const [config, expected] of Object.entries(testCase.expected)) {
        if (!isOpenccConfig(config)) continue
        const actual = convertConfig(testCase.input, config)
        tally[config] ??= { pass: 0, total: 0 }
        tally[config].total += 1
        if (actual === expected) tally[config].pass += 1
        else differences.push({ id: testCase.id, config, expected, actual })
      }
    }
    console.log(
      'OpenCC upstream cases passed by opencc-js, per config:',
      Object.entries(tally)
        .map(([config, { pass, total }]) => `${config} ${pass}/${total}`)
        .join(', '),
    )
    const key = (d: KnownDifference) => `${d.config} ${d.id}`
    const sortByKey = (list: KnownDifference[]) =>
      [...list].sort((a, b) => key(a).localeCompare(key(b)))
    expect(sortByKey(differences)).toEqual(sortByKey(known.differences))
  })

  it('list known differences whose expectation is the upstream one, unedited', () => {
    for (const difference of known.differences) {
      const testCase = upstream.cases.find((c) => c.id === difference.id)
      expect(testCase?.expected[difference.config]).toBe(difference.expected)
      expect(difference.actual).not.toBe(difference.expected)
    }
  })
})

describe('convertConfig', () => {
  it('refuses a configuration name it does not know', () => {
    expect(() => convertConfig('汉语', 'jp2t' as OpenccConfig)).toThrow(/Unknown OpenCC/)
  })

  it('leaves English and numbers untouched', () => {
    const english = 'Taobao added WeChat Pay on September 4, 2024 (09988.HK).'
    for (const config of Object.keys(OPENCC_CONFIGS) as OpenccConfig[]) {
      expect(convertConfig(english, config)).toBe(english)
    }
  })
})

describe('toSimplified', () => {
  it('makes Traditional, Taiwan and Hong Kong spellings of a name one Simplified name', () => {
    expect(toSimplified('淘寶')).toBe('淘宝')
    expect(toSimplified('阿里媽媽')).toBe('阿里妈妈')
    expect(toSimplified('騰訊控股')).toBe('腾讯控股')
    // Hong Kong variant characters (綫, 温) and Taiwan ones (著, 裡) all land on Mainland forms.
    expect(toSimplified('港島綫')).toBe(toSimplified('港島線'))
    expect(toSimplified('港島綫')).toBe('港岛线')
    expect(toSimplified('帶著女兒')).toBe('带着女儿')
    expect(toSimplified('在這裡')).toBe('在这里')
  })

  it('keeps Mainland paragraphs as they are, except Taiwan variant characters in them', () => {
    const changed = chineseParagraphs().filter((p) => toSimplified(p) !== p)
    for (const paragraph of changed) {
      // The only change is 著 → 着, a Taiwan variant inside otherwise Simplified text.
      expect(paragraph).toContain('著')
      expect(toSimplified(paragraph)).toBe(paragraph.replaceAll('著', '着'))
    }
    expect(changed.length).toBeLessThan(chineseParagraphs().length / 50)
  })

  it('is idempotent', () => {
    for (const paragraph of chineseParagraphs()) {
      const once = toSimplified(paragraph)
      expect(toSimplified(once)).toBe(once)
    }
  })

  it('undoes Taiwan and Hong Kong conversion of real news paragraphs', () => {
    for (const paragraph of chineseParagraphs()) {
      const simplified = toSimplified(paragraph)
      expect(toSimplified(convertConfig(paragraph, 's2tw'))).toBe(simplified)
      expect(toSimplified(convertConfig(paragraph, 's2hk'))).toBe(simplified)
      expect(toSimplified(convertConfig(paragraph, 's2t'))).toBe(simplified)
    }
  })

  it('does not rewrite Mainland vocabulary as the Taiwan-phrase conversion would', () => {
    // tw2sp turns Taiwan words into Mainland ones, but also rewrites Mainland words that happen to
    // be Taiwan words for something else (文件 "document" → 文档, 智慧 → 智能): unusable for matching.
    const paragraphs = chineseParagraphs()
    const rewrittenByPhrases = paragraphs.filter((p) => convertConfig(p, 'tw2sp') !== p).length
    const rewrittenBySimplify = paragraphs.filter((p) => toSimplified(p) !== p).length
    expect(rewrittenByPhrases).toBeGreaterThan(rewrittenBySimplify * 3)
    expect(toSimplified('根据峰会文件')).toBe('根据峰会文件')
    expect(convertConfig('根据峰会文件', 'tw2sp')).not.toBe('根据峰会文件')
  })
})

describe('convertScript', () => {
  it('keeps text as written with `keep`', () => {
    const mixed = '淘寶 and 淘宝, 著 and 着'
    expect(convertScript(mixed, 'keep')).toBe(mixed)
  })

  it('gives the same regional text whichever script the paragraph arrived in', () => {
    for (const paragraph of chineseParagraphs().slice(0, 120)) {
      const simplified = toSimplified(paragraph)
      const arrivals = [
        paragraph,
        convertConfig(paragraph, 's2tw'),
        convertConfig(paragraph, 's2hk'),
        convertConfig(paragraph, 's2t'),
      ]
      for (const arrived of arrivals) {
        expect(convertScript(arrived, 'cn')).toBe(simplified)
        expect(convertScript(arrived, 'tw')).toBe(convertConfig(simplified, 's2tw'))
        expect(convertScript(arrived, 'hk')).toBe(convertConfig(simplified, 's2hk'))
      }
    }
  })

  it('uses Taiwan vocabulary for `twp` and only there', () => {
    expect(convertScript('鼠标和软件', 'twp')).toBe('滑鼠和軟體')
    expect(convertScript('鼠标和软件', 'tw')).toBe('鼠標和軟件')
    expect(convertScript('鼠标和软件', 'hk')).toBe('鼠標和軟件')
  })
})
