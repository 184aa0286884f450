/**
 * Rule data of the cashtags stage (`rules/cashtags/*.yml`): the markets whose stock chips
 * (`$NAME (CODE.MARKET)$`) are recognised, each with specs, and the default way chips are rendered.
 * Adding a market is a data change: the chip pattern is built from this list.
 */
import { unified } from 'unified'
import { VFile } from 'vfile'
import { z } from 'zod'
import { type CashtagRender, type CashtagsOptions, cashtags } from '../stages/03-cashtags.js'
import { articleParse, articleStringify } from '../unified.js'
import type { GlossaryTerm } from './load.js'
import type { SpecFailure } from './specs.js'
import { type Located, lineOf, RuleError, specsWithLines, validate, yamlFiles } from './yaml.js'

export const CASHTAG_RENDERS = ['name-code', 'name', 'code'] as const

export const cashtagMarketSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9./-]*$/, 'id: lower-case letters, digits, . / -'),
  /** The suffix after the symbol in a chip: `HK` in `(00700.HK)`. */
  code: z.string().regex(/^[A-Z]{1,4}$/, 'code: 1-4 upper-case letters'),
  name: z.string().min(1),
  note: z.string().optional(),
  specs: z
    .array(z.strictObject({ from: z.string(), to: z.string() }))
    .min(1, 'every market needs at least one spec'),
})
export type CashtagMarketData = z.output<typeof cashtagMarketSchema>

export const cashtagFileSchema = z.strictObject({
  description: z.string().optional(),
  /** Default rendering of a chip in the body; the stage option overrides it. */
  render: z.enum(CASHTAG_RENDERS).optional(),
  markets: z.array(z.unknown()).optional(),
})

export interface CashtagMarket extends Located {
  id: string
  code: string
  name: string
  note?: string
  specs: { from: string; to: string; line: number }[]
}

export interface CashtagRules {
  markets: CashtagMarket[]
  /** Set when a file under `rules/cashtags/` chooses the rendering; else the stage default. */
  render?: CashtagRender
}

/** Loads `dir/cashtags/*.yml`; a missing folder gives no markets (no chip is recognised). */
export function loadCashtags(dir: string, base: string = process.cwd()): CashtagRules {
  const markets: CashtagMarket[] = []
  const rules: CashtagRules = { markets }
  let renderFrom: string | undefined
  const codes = new Map<string, CashtagMarket>()
  const ids = new Map<string, CashtagMarket>()
  for (const file of yamlFiles(dir, 'cashtags', base)) {
    const parsed = validate(cashtagFileSchema, file.document.toJS(), file, [], undefined)
    if (parsed.render !== undefined) {
      if (renderFrom !== undefined) {
        throw new RuleError(
          file.name,
          lineOf(file, ['render']),
          undefined,
          `render is already set in ${renderFrom}`,
        )
      }
      renderFrom = file.name
      rules.render = parsed.render
    }
    ;(parsed.markets ?? []).forEach((raw, i) => {
      const path = ['markets', i]
      const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined
      const ruleId = typeof id === 'string' ? id : undefined
      const data = validate(cashtagMarketSchema, raw, file, path, ruleId)
      const line = lineOf(file, path)
      for (const [key, seen, what] of [
        [data.id, ids, 'id'],
        [data.code, codes, 'market code'],
      ] as const) {
        const first = seen.get(key)
        if (first) {
          throw new RuleError(
            file.name,
            line,
            data.id,
            `duplicate ${what} "${key}" (first at ${first.file}:${first.line})`,
          )
        }
      }
      const market: CashtagMarket = {
        id: data.id,
        code: data.code,
        name: data.name,
        ...(data.note === undefined ? {} : { note: data.note }),
        specs: specsWithLines(file, path, data.specs),
        file: file.name,
        line,
      }
      ids.set(market.id, market)
      codes.set(market.code, market)
      markets.push(market)
    })
  }
  return rules
}

function cashtagsRunner(options: CashtagsOptions) {
  const processor = unified()
    .use(articleParse, { format: 'md' })
    .use(cashtags, options)
    .use(articleStringify)
    .freeze()
  return (text: string) =>
    String(processor.processSync(new VFile({ value: text, path: 'spec.md' })))
}

/**
 * Runs every market's specs through the cashtags stage as `mt-tidy rules test` does for term
 * rules: the market alone, all markets together, and a second run on `to` (idempotence).
 * The glossary is the one chip names are translated with (usually `loadRules(dir).glossary`).
 */
export function runCashtagSpecs(
  rules: CashtagRules,
  glossary: readonly GlossaryTerm[] = [],
): SpecFailure[] {
  const failures: SpecFailure[] = []
  const render = rules.render ?? 'name-code'
  const all = cashtagsRunner({ markets: rules.markets, glossary, render })
  for (const market of rules.markets) {
    const alone = cashtagsRunner({ markets: [market], glossary, render })
    for (const spec of market.specs) {
      const checks: [SpecFailure['check'], string][] = [
        ['rule', alone(spec.from)],
        ['rule set', all(spec.from)],
        ['idempotence', all(spec.to)],
      ]
      for (const [check, actual] of checks) {
        if (actual === spec.to) continue
        failures.push({
          file: market.file,
          line: spec.line,
          ruleId: `cashtags/${market.id}`,
          from: spec.from,
          expected: spec.to,
          actual,
          check,
        })
        break
      }
    }
  }
  return failures
}
