/**
 * OpenCC conversion throughput: the project's conversion (opencc-js, pipeline/lib/opencc.ts)
 * against Debian's native `opencc` command (apt package `opencc`) on the same text.
 *
 * The text is the real Chinese news paragraphs of test/fixtures/zh-en-news-dev repeated to
 * about 4 MB, one paragraph per line, in Simplified for the s2* configurations and converted to the
 * matching Traditional form for the *2s ones. The project converts line by line, as a pipeline
 * stage does; the native command gets the whole file. The native time includes starting the
 * process and loading its dictionaries, reported separately as its time on a one-line file.
 *
 * Run alone: `npx tsx bench/opencc.ts`.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { convertConfig, type OpenccConfig, toSimplified } from '../pipeline/lib/opencc.js'

const TARGET_BYTES = 4 * 2 ** 20
/** Configurations both opencc-js and the native command have, and the input each expects. */
const COMPARED: Array<{ config: OpenccConfig; input: 'cn' | OpenccConfig }> = [
  { config: 's2t', input: 'cn' },
  { config: 's2tw', input: 'cn' },
  { config: 's2twp', input: 'cn' },
  { config: 's2hk', input: 'cn' },
  { config: 't2s', input: 's2t' },
  { config: 'tw2s', input: 's2tw' },
  { config: 'hk2s', input: 's2hk' },
]

function newsLines(): string[] {
  const file = fileURLToPath(
    new URL('../test/fixtures/zh-en-news-dev/pairs.jsonl', import.meta.url),
  )
  const paragraphs = new Set<string>()
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue
    for (const zh of (JSON.parse(line) as { zh: string[] }).zh) {
      const oneLine = zh.replace(/\s+/g, ' ').trim()
      if (oneLine !== '') paragraphs.add(oneLine)
    }
  }
  const unique = [...paragraphs]
  const lines: string[] = []
  let bytes = 0
  for (let i = 0; bytes < TARGET_BYTES; i += 1) {
    const line = unique[i % unique.length] as string
    lines.push(line)
    bytes += Buffer.byteLength(line) + 1
  }
  return lines
}

function nativeAvailable(): boolean {
  const probe = spawnSync('opencc', ['--version'], { encoding: 'utf8' })
  return probe.error === undefined
}

function timeNative(config: string, inputFile: string, outputFile: string): number {
  const started = performance.now()
  const run = spawnSync('opencc', [
    '--noflush',
    '1',
    '-c',
    `${config}.json`,
    '-i',
    inputFile,
    '-o',
    outputFile,
  ])
  if (run.status !== 0) throw new Error(`opencc -c ${config}.json failed: ${run.stderr}`)
  return (performance.now() - started) / 1000
}

export async function benchOpencc(): Promise<void> {
  const simplified = newsLines()
  const text = simplified.join('\n')
  const megabytes = Buffer.byteLength(text) / 2 ** 20
  console.log(
    `OpenCC throughput on ${megabytes.toFixed(1)} MB of Chinese news (${simplified.length} lines)`,
  )
  const hasNative = nativeAvailable()
  if (!hasNative) {
    console.log(
      'The native `opencc` command is missing, so only the project is measured. ' +
        'Install it with: apt-get install -y opencc (Debian/Ubuntu), brew install opencc (macOS).',
    )
  }
  const directory = mkdtempSync(join(tmpdir(), 'mt-tidy-opencc-'))
  try {
    const rows: Array<Record<string, string>> = []
    for (const { config, input } of COMPARED) {
      const buildStarted = performance.now()
      convertConfig('汉', config)
      const buildSeconds = (performance.now() - buildStarted) / 1000
      const lines =
        input === 'cn' ? simplified : simplified.map((line) => convertConfig(line, input))
      const started = performance.now()
      const converted = lines.map((line) => convertConfig(line, config))
      const projectSeconds = (performance.now() - started) / 1000
      const row: Record<string, string> = {
        config,
        'project build s': buildSeconds.toFixed(2),
        'project MB/s': (megabytes / projectSeconds).toFixed(1),
      }
      if (hasNative) {
        const inputFile = join(directory, `${config}.in.txt`)
        const outputFile = join(directory, `${config}.out.txt`)
        const tinyFile = join(directory, `${config}.tiny.txt`)
        writeFileSync(inputFile, `${lines.join('\n')}\n`)
        writeFileSync(tinyFile, `${lines[0]}\n`)
        const startupSeconds = timeNative(config, tinyFile, outputFile)
        const nativeSeconds = timeNative(config, inputFile, outputFile)
        const nativeLines = readFileSync(outputFile, 'utf8').split('\n')
        const differing = converted.filter((line, i) => line !== nativeLines[i]).length
        row['native startup s'] = startupSeconds.toFixed(2)
        row['native MB/s'] = (megabytes / nativeSeconds).toFixed(1)
        row['project / native'] = (nativeSeconds / projectSeconds).toFixed(2)
        row['lines differing'] = String(differing)
      }
      rows.push(row)
    }
    const started = performance.now()
    for (const line of simplified) toSimplified(line)
    const seconds = (performance.now() - started) / 1000
    rows.push({
      config: 'toSimplified (hk2t+tw2s)',
      'project build s': '-',
      'project MB/s': (megabytes / seconds).toFixed(1),
    })
    console.table(rows)
    console.log('project / native > 1 means the project is faster; MB are UTF-8 input bytes.')
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchOpencc()
}
