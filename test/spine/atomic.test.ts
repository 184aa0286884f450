/** A run killed half-way leaves no half-written output or report: each file is whole or absent. */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runBatch } from '../../pipeline/batch.js'
import { shippedRules } from '../../pipeline/clean.js'
import { DEFAULT_BATCH_DEDUPE } from '../../pipeline/dedupe-batch.js'
import { DEFAULT_LEARNING } from '../../pipeline/stages/02-boilerplate.js'
import { ROOT, tempDir } from '../helpers.js'
import { devDocuments } from '../lib/dev-data.js'

const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href

describe('atomic writes', { timeout: 120_000 }, () => {
  it('a run killed with SIGKILL mid-batch leaves only complete files', async () => {
    const dir = tempDir()
    const input = join(dir, 'input')
    mkdirSync(input)
    // Real MT articles, each written several times over so that the run takes a while.
    for (const [i, document] of devDocuments().entries()) {
      const text = `${document.en.join('\n\n')}\n`
      for (let copy = 0; copy < 4; copy++) {
        writeFileSync(
          join(input, `d${String(i).padStart(3, '0')}-${copy}.txt`),
          `${text}\nCopy ${copy}.\n`,
        )
      }
    }
    const total = readdirSync(input).length
    // What a complete run writes, for comparison.
    const complete = join(dir, 'complete')
    await runBatch({
      inputs: [input],
      rules: shippedRules(),
      out: complete,
      learnBoilerplate: DEFAULT_LEARNING,
      batchDedupe: DEFAULT_BATCH_DEDUPE,
    })
    const out = join(dir, 'out')
    const child = spawn(process.execPath, [
      '--import',
      TSX,
      join(ROOT, 'pipeline/cli/main.ts'),
      'run',
      input,
      '--out',
      out,
    ])
    const closed = new Promise((resolve) => child.on('close', resolve))
    // Kill as soon as the first outputs appear, while most are still to be written.
    let poll: NodeJS.Timeout | undefined
    await Promise.race([
      closed,
      new Promise<void>((resolve) => {
        poll = setInterval(() => {
          if (existsSync(out) && readdirSync(out).length >= 3) {
            child.kill('SIGKILL')
            resolve()
          }
        }, 2)
      }),
    ])
    clearInterval(poll)
    await closed
    const written = readdirSync(out).filter((name) => !name.includes('.tmp-'))
    expect(written.length).toBeGreaterThan(0)
    expect(written.length).toBeLessThan(total)
    for (const name of written) {
      expect(readFileSync(join(out, name), 'utf8')).toBe(readFileSync(join(complete, name), 'utf8'))
    }
  })
})
