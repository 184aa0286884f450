/**
 * Leftover-Chinese stage: Chinese the MT engine left in the English article.
 *
 * Runs after 04-mixed-script, which sets glued Chinese sentences apart as their own paragraphs.
 * - A Chinese name or term inside an English sentence that the zh→en glossary covers is
 *   translated (`users of 淘宝 can pay` → `users of Taobao can pay`), longest key first, in any
 *   script (淘寶 = 淘宝), with the glossary entry's file:line in the evidence.
 * - Any other Chinese (a run only partly covered, or a whole Chinese paragraph) is kept and flagged
 *   (Accuracy/Untranslated, major) with word-level glossary hints. The dedupe stage (08) later
 *   removes Chinese paragraphs whose English translation stands in the article; a finding on a
 *   paragraph it removes simply collapses.
 * - Chinese that stays is converted to the configured script (`script`, default `keep`).
 * - With a configured external translator (off by default), whole Chinese paragraphs without an
 *   English twin in the article are sent to it; its English replaces the paragraph as an edit
 *   marked as machine output for review. A failure keeps the paragraph and the finding says why.
 * Code, inline code, URLs and front matter are never read or changed.
 */
import type { Root } from 'mdast'
import type { Plugin } from 'unified'
import { articleOf } from '../core/article.js'
import type { Change, Draft } from '../core/draft.js'
import { type Block, currentBlocks, editableSpans, type Span, within } from '../core/structure.js'
import type { Evidence, RuleInfo } from '../core/types.js'
import { hanRuns } from '../lib/han.js'
import { convertScript, type ScriptTarget, toSimplified } from '../lib/opencc.js'
import { describeCommand, type TranslatorConfig, translateExternally } from '../lib/translator.js'
import type { GlossarySpec, GlossaryTerm } from '../rules/load.js'
import { checkSpecs, type SpecFailure, stageRunner } from '../rules/specs.js'
import {
  type CrossLingualOptions,
  DEFAULT_CROSS_LINGUAL,
  findEnglishTwin,
  findGlossaryTerms,
  type GlossaryMatch,
  glossaryRef,
  isChineseParagraph,
} from './08-dedupe.js'

export const STAGE = 'leftover-chinese'

export interface LeftoverChineseOptions {
  glossary: readonly GlossaryTerm[]
  /** Script of the Chinese kept in the output. Default `keep` (as written). */
  script?: ScriptTarget
  /** External translator for whole Chinese paragraphs. Off when absent. */
  translator?: TranslatorConfig
  /** The twin rule, as the dedupe stage is configured (default: the dedupe default). */
  crossLingual?: CrossLingualOptions
}

const GLOSSARY_INFO: RuleInfo = {
  stage: STAGE,
  rule: 'leftover-chinese/glossary',
  category: 'Accuracy/Untranslated',
  severity: 'minor',
  reason:
    'A Chinese name left untranslated in an English sentence, replaced by its glossary English',
}

const RUN_INFO: RuleInfo = {
  stage: STAGE,
  rule: 'leftover-chinese/untranslated',
  category: 'Accuracy/Untranslated',
  severity: 'major',
  reason:
    'Chinese text left untranslated in an English sentence; the glossary does not cover all of it, so it is kept for an editor',
}

const PARAGRAPH_INFO: RuleInfo = {
  stage: STAGE,
  rule: 'leftover-chinese/paragraph',
  category: 'Accuracy/Untranslated',
  severity: 'major',
  reason:
    'A whole paragraph left in Chinese; kept for an editor to translate (unless the article already has its translation)',
}

const SCRIPT_INFO: Omit<RuleInfo, 'reason'> = {
  stage: STAGE,
  rule: 'leftover-chinese/script',
  category: 'Locale conventions',
  severity: 'info',
}

const MACHINE_INFO: RuleInfo = {
  stage: STAGE,
  rule: 'leftover-chinese/machine-translation',
  category: 'Accuracy/Machine translation',
  severity: 'major',
  reason:
    'The Chinese paragraph was translated by the configured external translator: machine output, to be reviewed before publishing',
}

const SCRIPT_NAMES: Record<ScriptTarget, string> = {
  cn: 'Simplified (Mainland)',
  tw: 'Traditional (Taiwan)',
  twp: 'Traditional (Taiwan, with Taiwan vocabulary)',
  hk: 'Traditional (Hong Kong)',
  keep: 'as written',
}

/** CJK punctuation: a run holding any (besides the Han) is Chinese writing, not a name in English. */
const CJK_PUNCTUATION = /[\u3000-\u303F\uFF00-\uFFEF\uFE30-\uFE4F]/u
const HAN = /\p{Script=Han}/u
const WORD_END = /[\p{L}\p{N}]/u
/** Characters after which an English word needs a space. */
const NEEDS_SPACE_AFTER = /[\p{L}\p{N},;:!?)\]}%]/u
/** Characters before which an English word needs a space. */
const NEEDS_SPACE_BEFORE = /[\p{L}\p{N}(]/u

export interface RunTranslation {
  english: string
  terms: GlossaryMatch[]
}

/**
 * The English of a Chinese run inside an English sentence, when the glossary covers every Han
 * character of it with separate names (`淘宝`, `“淘寶”`, `阿里妈妈UD`), or undefined. Two names glued
 * together (`淘宝天猫`) or a run with Chinese punctuation is Chinese writing, not a name dropped
 * into English: it is left for an editor. `before` and `after` are the characters around the run
 * in the text; spaces are added where the English needs them. A lower-case term starting a
 * sentence is capitalised.
 */
export function translateRun(
  run: string,
  glossary: readonly GlossaryTerm[],
  context: { before?: string; after?: string; sentenceStart?: boolean } = {},
): RunTranslation | undefined {
  const terms = findGlossaryTerms(run, glossary)
  if (terms.length === 0) return undefined
  let residue = ''
  let at = 0
  for (const [i, match] of terms.entries()) {
    if (i > 0 && (terms[i - 1] as GlossaryMatch).end === match.start) return undefined
    residue += run.slice(at, match.start)
    at = match.end
  }
  residue += run.slice(at)
  if (HAN.test(residue) || CJK_PUNCTUATION.test(residue)) return undefined

  let english = ''
  at = 0
  for (const match of terms) {
    english += run.slice(at, match.start)
    let name = match.term.en
    const previous = english.length > 0 ? english.slice(-1) : (context.before ?? '')
    const atSentenceStart = english.trim() === '' && context.sentenceStart === true
    if (atSentenceStart) name = name.charAt(0).toUpperCase() + name.slice(1)
    if (WORD_END.test(name.charAt(0)) && NEEDS_SPACE_AFTER.test(previous)) english += ' '
    english += name
    at = match.end
    const next = at < run.length ? (run[at] as string) : (context.after ?? '')
    if (WORD_END.test(name.slice(-1)) && NEEDS_SPACE_BEFORE.test(next)) english += ' '
  }
  english += run.slice(at)
  return { english, terms }
}

/** Word-level glossary hints for Chinese the stage keeps: each matched name once. */
export function glossaryHints(
  chinese: string,
  glossary: readonly GlossaryTerm[],
): { zh: string; en: string }[] {
  const hints = new Map<string, { zh: string; en: string }>()
  for (const match of findGlossaryTerms(chinese, glossary)) {
    if (!hints.has(match.text)) hints.set(match.text, { zh: match.text, en: match.term.en })
  }
  return [...hints.values()]
}

/** Whether the text before `offset` in its block ends a sentence (or there is none). */
function startsSentence(text: string, blockStart: number, offset: number): boolean {
  const before = text.slice(blockStart, offset).trimEnd()
  return before === '' || /[.!?]["'”’)]*$/.test(before)
}

interface ChineseParagraph extends Block {
  /** Input offset of the start: the key that survives this stage's own edits. */
  key: number
}

function chineseParagraphs(draft: Draft, tree: Root): ChineseParagraph[] {
  return currentBlocks(draft, tree)
    .filter(
      (block) =>
        (block.type === 'paragraph' || block.type === 'heading') && isChineseParagraph(block.text),
    )
    .map((block) => ({ ...block, key: draft.toInput(block.start, 'before') }))
}

function englishParagraphs(draft: Draft, tree: Root): string[] {
  return currentBlocks(draft, tree)
    .filter((block) => block.type === 'paragraph' && !isChineseParagraph(block.text))
    .map((block) => block.text)
}

function inside(spans: readonly Span[], offset: number): boolean {
  return spans.some((span) => span.start <= offset && offset < span.end)
}

/** Front-matter keys that hold Chinese on purpose. */
const CHINESE_KEYS = /^(?:title_zh|[a-z_]*_zh)\s*:/u

/**
 * Chinese in the values of an article's own front matter (a CMS export's `title: 淘宝…`) is
 * flagged like Chinese in the body; keys meant for Chinese (`title_zh`) are left alone.
 */
function flagFrontMatter(draft: Draft, tree: Root, glossary: readonly GlossaryTerm[]): void {
  const first = tree.children[0]
  if (first?.type !== 'yaml' || !first.position) return
  const start = draft.toCurrent(first.position.start.offset ?? 0, 'after')
  const end = draft.toCurrent(first.position.end.offset ?? 0, 'before')
  const block = draft.text.slice(start, end)
  let at = 0
  for (const line of block.split('\n')) {
    if (!CHINESE_KEYS.test(line.trimStart())) {
      for (const run of hanRuns(line)) {
        draft.flag(
          start + at + run.start,
          start + at + run.end,
          { ...RUN_INFO, reason: `${RUN_INFO.reason} (in the front matter)` },
          {
            evidence: { hints: glossaryHints(run.text, glossary) },
          },
        )
      }
    }
    at += line.length + 1
  }
}

export const leftoverChinese: Plugin<[LeftoverChineseOptions], Root> = (options) => {
  const script = options.script ?? 'keep'
  const crossLingual = { ...DEFAULT_CROSS_LINGUAL, ...options.crossLingual }
  return (tree, file) => {
    const { draft } = articleOf(file)
    const text = draft.text
    if (!HAN.test(text)) return
    flagFrontMatter(draft, tree, options.glossary)
    const editable = editableSpans(draft, tree)
    const paragraphs = chineseParagraphs(draft, tree)
    const changes: Change[] = []
    /** What the findings on whole paragraphs add to their evidence, by paragraph key. */
    const notes = new Map<number, Evidence>()
    const translated: Span[] = []

    if (options.translator && paragraphs.length > 0) {
      const english = englishParagraphs(draft, tree)
      for (const paragraph of paragraphs) {
        const twin = findEnglishTwin(paragraph.text, english, options.glossary, crossLingual)
        if (twin) {
          notes.set(paragraph.key, {
            translator: 'not used: an English paragraph of the article already translates it',
          })
          continue
        }
        if (!within(editable, paragraph.start, paragraph.end)) {
          notes.set(paragraph.key, { translator: 'not used: the paragraph holds markup' })
          continue
        }
        const result = translateExternally(paragraph.text, options.translator)
        if (!result.ok) {
          notes.set(paragraph.key, { translator: `failed, original kept: ${result.reason}` })
          continue
        }
        translated.push(paragraph)
        changes.push({
          start: paragraph.start,
          end: paragraph.end,
          after: result.text,
          info: MACHINE_INFO,
          evidence: {
            machineOutput: true,
            review: 'required',
            translator: describeCommand(options.translator),
          },
        })
      }
    }

    const inChineseParagraph = (offset: number) => inside(paragraphs, offset)
    const blocks = currentBlocks(draft, tree)
    const blockStart = (offset: number) =>
      blocks.find((block) => block.start <= offset && offset < block.end)?.start ?? offset
    for (const span of editable) {
      if (inside(translated, span.start)) continue
      const spanText = text.slice(span.start, span.end)
      for (const run of hanRuns(spanText)) {
        const start = span.start + run.start
        let end = span.start + run.end
        if (!inChineseParagraph(start)) {
          end = widenOverKey(text, start, end, span.end, options.glossary)
          const translation = translateRun(text.slice(start, end), options.glossary, {
            before: text[start - 1] ?? '',
            after: text[end] ?? '',
            sentenceStart: startsSentence(text, blockStart(start), start),
          })
          if (translation) {
            changes.push({
              start,
              end,
              after: translation.english,
              info: GLOSSARY_INFO,
              evidence: {
                glossary: translation.terms.map((match) => ({
                  zh: match.text,
                  en: match.term.en,
                  kind: match.term.kind,
                  source: glossaryRef(match.term),
                })),
              },
            })
            continue
          }
        }
        const kept = text.slice(start, end)
        const converted = convertScript(kept, script)
        // A conversion that changes what the text says after normalising is not a script change.
        if (converted !== kept && toSimplified(converted) === toSimplified(kept)) {
          changes.push({
            start,
            end,
            after: converted,
            info: {
              ...SCRIPT_INFO,
              reason: `Chinese kept in the output is written in the configured script: ${SCRIPT_NAMES[script]}`,
            },
          })
        }
      }
    }
    draft.applyAll(changes)

    flagWhatStays(draft, tree, options.glossary, notes)
  }
}

/** Characters a glossary key may reach past the end of a Han run (`互联网+`). */
const MAX_KEY_OVERHANG = 3

/**
 * The end of a run, moved right when a glossary key that starts inside it goes on past it: the
 * `+` of `互联网+` (Internet Plus) is not Chinese, so the run stops before it.
 */
function widenOverKey(
  text: string,
  start: number,
  end: number,
  limit: number,
  glossary: readonly GlossaryTerm[],
): number {
  const ahead = text.slice(start, Math.min(limit, end + MAX_KEY_OVERHANG))
  const length = end - start
  const crossing = findGlossaryTerms(ahead, glossary).find(
    (match) => match.start < length && match.end > length,
  )
  return crossing ? start + crossing.end : end
}

/** Flags every Chinese paragraph and every Chinese run the stage kept, in the current text. */
function flagWhatStays(
  draft: Draft,
  tree: Root,
  glossary: readonly GlossaryTerm[],
  notes: ReadonlyMap<number, Evidence>,
): void {
  const text = draft.text
  const paragraphs = chineseParagraphs(draft, tree)
  for (const paragraph of paragraphs) {
    draft.flag(paragraph.start, paragraph.end, PARAGRAPH_INFO, {
      evidence: { hints: glossaryHints(paragraph.text, glossary), ...notes.get(paragraph.key) },
    })
  }
  for (const span of editableSpans(draft, tree)) {
    for (const run of hanRuns(text.slice(span.start, span.end))) {
      const start = span.start + run.start
      if (inside(paragraphs, start)) continue
      draft.flag(start, span.start + run.end, RUN_INFO, {
        evidence: { hints: glossaryHints(run.text, glossary) },
      })
    }
  }
}

/**
 * Checks the glossary's specs (`specs:` in `rules/glossary/*.yml`: a Chinese name inside English
 * and the expected English) with this stage, alone and again on its output, like every rule spec.
 */
export function runGlossarySpecs(
  glossary: readonly GlossaryTerm[],
  specs: readonly GlossarySpec[],
): SpecFailure[] {
  const runner = stageRunner(leftoverChinese, { glossary })
  const asRules = specs.map((spec, i) => ({
    id: `glossary-spec-${i + 1}`,
    file: spec.file,
    line: spec.line,
    specs: [spec],
  }))
  return checkSpecs(
    asRules,
    () => runner,
    () => runner,
  )
}
