/** Shared test helpers: the reference article, temporary folders, lossless-report checks. */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { rebuildInput, rebuildOutput } from '../pipeline/core/report.js'
import type { Edit } from '../pipeline/core/types.js'

export const ROOT = join(import.meta.dirname, '..')
export const REFERENCE_PATH = join(ROOT, 'input', '000_d23a17e316fadb1a.txt')
export const reference = (): string => readFileSync(REFERENCE_PATH, 'utf8')

export function tempDir(prefix = 'mt-tidy-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** The report invariants: exact slices, sorted and non-overlapping, rebuildable both ways. */
export function expectLossless(input: string, output: string, edits: readonly Edit[]): void {
  let previousEnd = 0
  for (const edit of edits) {
    expect(edit.input[0]).toBeGreaterThanOrEqual(previousEnd)
    expect(input.slice(...edit.input)).toBe(edit.before)
    expect(output.slice(...edit.output)).toBe(edit.after)
    expect(edit.before).not.toBe(edit.after)
    previousEnd = edit.input[1]
  }
  expect(rebuildOutput(input, edits)).toBe(output)
  expect(rebuildInput(output, edits)).toBe(input)
}
