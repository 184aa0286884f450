/**
 * The forms bilingual input comes in: JSONL records with `zh` and `en` fields, and a pair of
 * text files (`name.zh.txt` beside `name.txt`) split into paragraphs at blank lines.
 */

export interface BilingualDocument {
  /** `id`, `doc` or `name` of the record, else its line number. */
  id: string
  zh: string[]
  en: string[]
}

export interface JsonlError {
  line: number
  message: string
}

/** Paragraphs of a plain text: separated by blank lines, trimmed, empty ones dropped. */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u3000]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
}

function paragraphsOf(value: unknown): string[] | undefined {
  if (typeof value === 'string') return splitParagraphs(value)
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value.map((item: string) => item.trim())
  }
  return undefined
}

/**
 * Reads JSONL: one object per line with `zh` and `en`, each a string (split at blank lines) or
 * an array of paragraphs. Bad lines are reported with their number, not thrown.
 */
export function parseBilingualJsonl(text: string): {
  documents: BilingualDocument[]
  errors: JsonlError[]
} {
  const documents: BilingualDocument[] = []
  const errors: JsonlError[] = []
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = index + 1
      if (raw.trim() === '') return
      let record: unknown
      try {
        record = JSON.parse(raw)
      } catch (error) {
        errors.push({ line, message: `not JSON: ${(error as Error).message}` })
        return
      }
      if (typeof record !== 'object' || record === null || Array.isArray(record)) {
        errors.push({ line, message: 'not a JSON object' })
        return
      }
      const fields = record as Record<string, unknown>
      const zh = paragraphsOf(fields.zh)
      const en = paragraphsOf(fields.en)
      if (!zh || !en) {
        const missing = [!zh && 'zh', !en && 'en'].filter(Boolean).join(' and ')
        errors.push({ line, message: `${missing}: expected a string or an array of strings` })
        return
      }
      const name = [fields.id, fields.doc, fields.name].find((value) => typeof value === 'string')
      documents.push({ id: typeof name === 'string' ? name : `line ${line}`, zh, en })
    })
  return { documents, errors }
}

/** The source file that goes with a translation: `story.txt` → `story.zh.txt`. */
export function sourcePathFor(targetPath: string): string {
  const dot = targetPath.lastIndexOf('.')
  const slash = Math.max(targetPath.lastIndexOf('/'), targetPath.lastIndexOf('\\'))
  return dot > slash ? `${targetPath.slice(0, dot)}.zh${targetPath.slice(dot)}` : `${targetPath}.zh`
}

/** Whether a path names a source file (`*.zh.txt`) rather than a translation. */
export function isSourcePath(path: string): boolean {
  return /\.zh(?:\.[^./\\]+)?$/.test(path)
}

/** A document from a source text and its translation. */
export function parseTextPair(zhText: string, enText: string, id = 'text'): BilingualDocument {
  return { id, zh: splitParagraphs(zhText), en: splitParagraphs(enText) }
}
