/**
 * Optional external translator: a command the user configures (a local MT engine, a script around
 * a translation service) that reads Chinese on stdin and writes English on stdout. mt-tidy never
 * ships or calls one by default; what it returns is machine output, marked for review.
 */
import { spawnSync } from 'node:child_process'
import { hanRatio } from './han.js'

export interface TranslatorConfig {
  /** Program and arguments, run without a shell: `['node', 'translate.mjs']`. */
  command: string[]
  /** Time limit per paragraph; the command is killed after it. Default {@link DEFAULT_TIMEOUT_MS}. */
  timeoutMs?: number
}

export const DEFAULT_TIMEOUT_MS = 20_000
/** Output larger than this is not a paragraph's translation (a runaway command). */
const MAX_OUTPUT_BYTES = 1024 * 1024
/** Output whose letters are more Chinese than this was not translated. */
const MAX_HAN_RATIO_IN_OUTPUT = 0.2

export type TranslationResult = { ok: true; text: string } | { ok: false; reason: string }

/** How the command is named in the report: the program and its arguments, as configured. */
export function describeCommand(config: TranslatorConfig): string {
  return config.command.join(' ')
}

/**
 * Translates one paragraph with the configured command. Every failure (command not found, time
 * limit, non-zero exit, empty or still-Chinese output) comes back as `{ok: false, reason}`, so the
 * caller keeps the original text and can say why. The English is returned as one paragraph: line
 * breaks become spaces, since a blank line would split it in the article.
 */
export function translateExternally(chinese: string, config: TranslatorConfig): TranslationResult {
  const [program, ...args] = config.command
  if (program === undefined || program === '') {
    return { ok: false, reason: 'no translator command configured' }
  }
  const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const result = spawnSync(program, args, {
    input: chinese,
    encoding: 'utf8',
    timeout,
    maxBuffer: MAX_OUTPUT_BYTES,
    windowsHide: true,
  })
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code
    if (code === 'ETIMEDOUT')
      return { ok: false, reason: `translator timed out after ${timeout} ms` }
    return { ok: false, reason: `translator could not run: ${result.error.message}` }
  }
  if (result.signal) return { ok: false, reason: `translator was killed by ${result.signal}` }
  if (result.status !== 0) {
    const detail = result.stderr.trim().split('\n')[0] ?? ''
    return {
      ok: false,
      reason: `translator exited with status ${result.status}${detail ? `: ${detail}` : ''}`,
    }
  }
  const english = result.stdout.replace(/\s*(?:\r?\n|\r)\s*/g, ' ').trim()
  if (english === '') return { ok: false, reason: 'translator returned no text' }
  if (hanRatio(english) > MAX_HAN_RATIO_IN_OUTPUT) {
    return { ok: false, reason: 'translator returned Chinese, not English' }
  }
  return { ok: true, text: english }
}
