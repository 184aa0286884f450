/**
 * Chinese script conversion through opencc-js (OpenCC's dictionaries in pure JavaScript).
 *
 * Building a converter loads and indexes whole dictionaries (~0.3 s each), so every converter is
 * built on first use and cached for the life of the process, one per OpenCC configuration.
 */
import OpenCC from 'opencc-js'

/**
 * The OpenCC configurations the project exposes, each mapped to opencc-js's `{from, to}` locales
 * (`cn` Mainland Simplified, `t` OpenCC's standard Traditional, `tw`/`hk` regional Traditional,
 * `twp`/`hkp` with regional vocabulary). The Japanese `jp2t`/`t2jp` are left out: this project
 * converts Chinese news.
 */
export const OPENCC_CONFIGS = {
  s2t: { from: 'cn', to: 't' },
  s2tw: { from: 'cn', to: 'tw' },
  s2twp: { from: 'cn', to: 'twp' },
  s2hk: { from: 'cn', to: 'hk' },
  s2hkp: { from: 'cn', to: 'hkp' },
  t2s: { from: 't', to: 'cn' },
  tw2s: { from: 'tw', to: 'cn' },
  tw2sp: { from: 'twp', to: 'cn' },
  hk2s: { from: 'hk', to: 'cn' },
  hk2sp: { from: 'hkp', to: 'cn' },
  t2tw: { from: 't', to: 'tw' },
  t2hk: { from: 't', to: 'hk' },
  tw2t: { from: 'tw', to: 't' },
  hk2t: { from: 'hk', to: 't' },
} as const satisfies Record<string, { from: string; to: string }>

export type OpenccConfig = keyof typeof OPENCC_CONFIGS

/** Script of the Chinese kept in the output; `keep` leaves it as written. */
export type ScriptTarget = 'cn' | 'tw' | 'twp' | 'hk' | 'keep'

export const SCRIPT_TARGETS: readonly ScriptTarget[] = ['cn', 'tw', 'twp', 'hk', 'keep']

type Convert = (text: string) => string

const converters = new Map<OpenccConfig, Convert>()

export function isOpenccConfig(name: string): name is OpenccConfig {
  return Object.hasOwn(OPENCC_CONFIGS, name)
}

function converterFor(config: OpenccConfig): Convert {
  const cached = converters.get(config)
  if (cached !== undefined) return cached
  const built: Convert = OpenCC.Converter(OPENCC_CONFIGS[config])
  converters.set(config, built)
  return built
}

/** Convert with one OpenCC configuration by name (`s2twp`, `hk2s`, ...). */
export function convertConfig(text: string, config: OpenccConfig): string {
  if (!isOpenccConfig(config)) throw new Error(`Unknown OpenCC configuration: ${String(config)}`)
  return converterFor(config)(text)
}

/**
 * Normalise any Chinese script (Mainland Simplified, Taiwan or Hong Kong Traditional) to Mainland
 * Simplified, so `淘寶` and `淘宝` are one name for glossaries and duplicate matching.
 *
 * Hong Kong variant characters are first mapped to OpenCC's standard Traditional (`hk2t`), then
 * Taiwan variants and all Traditional characters to Simplified (`tw2s`). Simplified text passes
 * through both unchanged: on the 328 Mainland paragraphs of the zh-en news dev set only the three
 * holding Taiwan's `著` for `着` change. The Taiwan *vocabulary* conversion (`tw2sp`) is deliberately
 * not used: it rewrites ordinary Mainland words (`文件`, `智慧`, `整合`, `登入`, `影片`) on 22 of
 * those same paragraphs, which would make identical Mainland text look different from itself.
 */
export function toSimplified(text: string): string {
  const standardTraditional = converterFor('hk2t')(text)
  return converterFor('tw2s')(standardTraditional.replace(SIMPLIFIED_ME, TRADITIONAL_ME))
}

/**
 * `么` is both the Simplified form of `麼` (什么, 怎么, 饿了么) and Taiwan's standard form of `幺`
 * (yāo, "smallest"); OpenCC's Taiwan-variant table (`tw2s`) takes the second reading and turns
 * `饿了么` into `饿了幺`. In news text the particle is overwhelmingly the common one, so `么` is read
 * as `麼` before the Taiwan step, which brings it back as `么` (and `什麼` still becomes `什么`).
 * It is the only entry of that table whose source character is itself an ordinary Simplified
 * character standing for something else.
 */
const SIMPLIFIED_ME = /么/g
const TRADITIONAL_ME = '麼'

/**
 * Convert the Chinese that stays in the output to the configured script. The text is first
 * normalised to Simplified ({@link toSimplified}) and then converted once, so Simplified, Taiwan
 * and Hong Kong input all end in the same form: converting a Hong Kong paragraph to `tw` gives
 * what converting its Simplified original to `tw` gives, not a mix of both regions' variants.
 */
export function convertScript(text: string, target: ScriptTarget): string {
  switch (target) {
    case 'keep':
      return text
    case 'cn':
      return toSimplified(text)
    case 'tw':
      return convertConfig(toSimplified(text), 's2tw')
    case 'twp':
      return convertConfig(toSimplified(text), 's2twp')
    case 'hk':
      return convertConfig(toSimplified(text), 's2hk')
    default: {
      const unknown: never = target
      throw new Error(`Unknown script target: ${String(unknown)}`)
    }
  }
}

/** Configurations built so far in this process (for tests and benchmarks that check caching). */
export function builtConfigs(): OpenccConfig[] {
  return [...converters.keys()]
}
