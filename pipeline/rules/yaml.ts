/**
 * Reading rule data: YAML files under a folder of `rules/`, validated with zod, every problem
 * reported as a RuleError naming the file, the line and the rule id. Every data folder (terms,
 * glossary, boilerplate, style, ...) loads through here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { LineCounter, type Node, parseDocument } from 'yaml'
import type { z } from 'zod'

export class RuleError extends Error {
  readonly file: string
  readonly line: number | undefined
  readonly ruleId: string | undefined

  constructor(file: string, line: number | undefined, ruleId: string | undefined, reason: string) {
    super(`${file}${line ? `:${line}` : ''}${ruleId ? ` (rule ${ruleId})` : ''}: ${reason}`)
    this.name = 'RuleError'
    this.file = file
    this.line = line
    this.ruleId = ruleId
  }
}

export interface Located {
  file: string
  line: number
}

export interface YamlFile {
  path: string
  name: string
  lines: LineCounter
  document: ReturnType<typeof parseDocument>
}

export function yamlFiles(dir: string, sub: string, base: string): YamlFile[] {
  const folder = join(dir, sub)
  let entries: string[]
  try {
    entries = readdirSync(folder).sort()
  } catch {
    return []
  }
  const files: YamlFile[] = []
  for (const entry of entries) {
    const path = join(folder, entry)
    if (statSync(path).isDirectory()) {
      files.push(...yamlFiles(dir, join(sub, entry), base))
      continue
    }
    if (!/\.ya?ml$/i.test(entry)) continue
    const name = relative(base, path) || path
    const lines = new LineCounter()
    const document = parseDocument(readFileSync(path, 'utf8'), {
      lineCounter: lines,
      prettyErrors: false,
    })
    const problem = document.errors[0]
    if (problem) {
      const line = lines.linePos(problem.pos[0]).line
      throw new RuleError(name, line, undefined, `invalid YAML: ${problem.message.split('\n')[0]}`)
    }
    files.push({ path, name, lines, document })
  }
  return files
}

export function lineOf(file: YamlFile, path: (string | number)[]): number {
  let node: unknown = file.document.getIn(path, true)
  // Walk up until a node with a source range is found.
  while (!(node && typeof node === 'object' && 'range' in node) && path.length > 0) {
    path = path.slice(0, -1)
    node = path.length ? file.document.getIn(path, true) : file.document.contents
  }
  const range = (node as Node | undefined)?.range
  return range ? file.lines.linePos(range[0]).line : 1
}

export function validate<T extends z.ZodType>(
  schema: T,
  value: unknown,
  file: YamlFile,
  path: (string | number)[],
  ruleId: string | undefined,
): z.output<T> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const where = [...path, ...((issue?.path ?? []) as (string | number)[])]
  const field = issue?.path.length ? `${issue.path.join('.')}: ` : ''
  throw new RuleError(
    file.name,
    lineOf(file, where),
    ruleId,
    `${field}${issue?.message ?? 'invalid'}`,
  )
}

/**
 * Loads the list under `key` of every YAML file in `dir/sub`, each item validated with
 * `itemSchema`; `idOf` names an item in errors. Items come back in file, then list order.
 */
export function loadItems<T extends z.ZodType>(
  dir: string,
  sub: string,
  key: string,
  itemSchema: T,
  idOf: (raw: unknown) => string | undefined,
  base: string = process.cwd(),
): (z.output<T> & Located)[] {
  const items: (z.output<T> & Located)[] = []
  for (const file of yamlFiles(dir, sub, base)) {
    const content = file.document.toJS() as Record<string, unknown> | null
    const list = content?.[key]
    if (!Array.isArray(list)) {
      throw new RuleError(file.name, 1, undefined, `expected a list under "${key}"`)
    }
    list.forEach((raw, i) => {
      const item = validate(itemSchema, raw, file, [key, i], idOf(raw))
      items.push({
        ...(item as object),
        file: file.name,
        line: lineOf(file, [key, i]),
      } as z.output<T> & Located)
    })
  }
  return items
}

/** The `id` field of a raw item, if it has one, for error messages. */
export function rawId(raw: unknown): string | undefined {
  const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined
  return typeof id === 'string' ? id : undefined
}

/** Throws a RuleError at the second rule that reuses an id. */
export function refuseDuplicateIds(rules: readonly (Located & { id: string })[]): void {
  const seen = new Map<string, Located>()
  for (const rule of rules) {
    const first = seen.get(rule.id)
    if (first) {
      throw new RuleError(
        rule.file,
        rule.line,
        rule.id,
        `duplicate id (first at ${first.file}:${first.line})`,
      )
    }
    seen.set(rule.id, rule)
  }
}

/** Builds something from a rule's pattern, turning a build error into a RuleError at the pattern. */
export function patternAt<T>(
  file: YamlFile,
  path: (string | number)[],
  id: string | undefined,
  build: () => T,
): T {
  try {
    return build()
  } catch (error) {
    throw new RuleError(
      file.name,
      lineOf(file, [...path, 'pattern']),
      id,
      `pattern: ${(error as Error).message}`,
    )
  }
}

/** A rule's specs with the line each stands on, for `rules test` failures. */
export function specsWithLines<S extends object>(
  file: YamlFile,
  path: (string | number)[],
  specs: readonly S[],
): (S & { line: number })[] {
  return specs.map((spec, s) => ({ ...spec, line: lineOf(file, [...path, 'specs', s]) }))
}
