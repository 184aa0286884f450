/**
 * Reading articles safely. Bytes are decoded strictly: a binary file, invalid UTF-8 or a
 * GB18030/GBK file is refused with a clear error (GB18030 is decoded only when asked), so that
 * mojibake is never written silently. A BOM is kept, so output bytes match input bytes.
 */
import { readdir, stat } from 'node:fs/promises'
import { extname, join, relative, resolve } from 'node:path'

export const ARTICLE_EXTENSIONS = ['.txt', '.md', '.jsonl']

/** `story.zh.txt` is the Chinese original of `story.txt`, not an article of its own. */
const SOURCE_FILE = /\.zh\.(?:txt|md)$/i
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024

export type Encoding = 'utf8' | 'gb18030'

export class InputError extends Error {
  readonly file: string
  readonly line: number | undefined

  constructor(file: string, reason: string, line?: number) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`)
    this.name = 'InputError'
    this.file = file
    this.line = line
  }
}

export interface InputArticle {
  /** Absolute path, or `-` for standard input. */
  source: string
  /** Path relative to the input root given on the command line: names the output and report. */
  relative: string
}

/** Expands files and folders (recursively, `.txt` and `.md`) into articles, sorted by path. */
export async function collectInputs(
  paths: readonly string[],
): Promise<{ articles: InputArticle[]; errors: InputError[] }> {
  const articles: InputArticle[] = []
  const errors: InputError[] = []
  for (const given of paths) {
    if (given === '-') {
      articles.push({ source: '-', relative: 'stdin.md' })
      continue
    }
    const root = resolve(given)
    let info: Awaited<ReturnType<typeof stat>>
    try {
      info = await stat(root)
    } catch (error) {
      errors.push(new InputError(given, describeFsError(error)))
      continue
    }
    if (info.isDirectory()) {
      for (const file of await walk(root))
        articles.push({ source: file, relative: relative(root, file) })
    } else {
      articles.push({ source: root, relative: relative(resolve(given, '..'), root) })
    }
  }
  articles.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0))
  return { articles, errors }
}

async function walk(dir: string): Promise<string[]> {
  const found: string[] = []
  const entries = await readdir(dir, { withFileTypes: true })
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) found.push(...(await walk(path)))
    else if (
      ARTICLE_EXTENSIONS.includes(extname(entry.name).toLowerCase()) &&
      !SOURCE_FILE.test(entry.name)
    ) {
      found.push(path)
    }
  }
  return found.sort()
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file or directory'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EISDIR') return 'is a directory'
  return (error as Error).message
}

export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Decodes an article's bytes, or throws an InputError saying what is wrong and where. */
export function decodeArticle(
  bytes: Uint8Array,
  name: string,
  options: { encoding?: Encoding; maxBytes?: number } = {},
): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  if (bytes.length > maxBytes) {
    throw new InputError(
      name,
      `too large (${formatBytes(bytes.length)}; the limit is ${formatBytes(maxBytes)}, set with --max-size)`,
    )
  }
  const nul = bytes.indexOf(0)
  if (nul >= 0) {
    throw new InputError(
      name,
      `binary file (NUL byte at offset ${nul}), not a text article`,
      lineAt(bytes, nul),
    )
  }
  if (options.encoding === 'gb18030')
    return new TextDecoder('gb18030', { fatal: true }).decode(bytes)
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    const bad = firstInvalidUtf8(bytes)
    if (looksLikeGb18030(bytes)) {
      throw new InputError(
        name,
        `not UTF-8: it looks like GB18030/GBK-encoded Chinese (first non-UTF-8 byte at offset ${bad}); convert it (iconv -f GB18030 -t UTF-8) or pass --encoding gb18030`,
        lineAt(bytes, bad),
      )
    }
    throw new InputError(name, `invalid UTF-8 at byte offset ${bad}`, lineAt(bytes, bad))
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${bytes} bytes`
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++
  return line
}

function looksLikeGb18030(bytes: Uint8Array): boolean {
  try {
    const text = new TextDecoder('gb18030', { fatal: true }).decode(bytes)
    const han = text.match(/\p{Script=Han}/gu)?.length ?? 0
    const nonAscii = [...text].filter((c) => c > '\u007f').length
    return han > 0 && han >= nonAscii * 0.6
  } catch {
    return false
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const lead = bytes[i] as number
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0
    if (length === 0 || i + length > bytes.length) return i
    // The second byte's range depends on the lead (no overlongs, surrogates or > U+10FFFF).
    const second = bytes[i + 1] as number
    const min = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80
    const max = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf
    if (length > 1 && (second < min || second > max)) return i
    for (let k = 2; k < length; k++) {
      const next = bytes[i + k] as number
      if (next < 0x80 || next > 0xbf) return i
    }
    i += length
  }
  return -1
}
