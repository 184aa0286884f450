import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { clean } from '../../pipeline/clean.js'
import { expectLossless, reference } from '../helpers.js'

describe('front matter', () => {
  it('opens the cleaned reference article with the metadata, and a second run changes nothing', () => {
    const input = reference()
    const first = clean(input, { path: 'seed/reference.txt' })
    const match = /^---\n([\s\S]*?)\n---\n\n# /.exec(first.output)
    expect(match).not.toBeNull()
    const front = parse(match?.[1] ?? '') as Record<string, unknown>
    expect(front).toMatchObject({
      title: expect.stringMatching(/^The internet giants have broken down the walls!/),
      published: 'Sep 4 21:01',
      machine_translated: true,
      platform: 'Futu',
      original: { file: 'seed/reference.txt', sha256: first.report.inputSha256 },
    })
    expectLossless(input, first.output, first.report.edits)
    const second = clean(first.output, { path: 'seed/reference.md' })
    expect(second.output).toBe(first.output)
    expect(second.report.edits).toEqual([])
  })

  it('merges into existing mt-tidy front matter without losing what it recorded', () => {
    const input =
      '---\ntitle: Kept\nmachine_translated: true\n---\n\n# Kept\n\nBody.\n\nThe translation is provided by third-party software.\n'
    const { output } = clean(input, { path: 'a.md' })
    expect(output).toBe(
      '---\ntitle: Kept\nmachine_translated: true\nplatform: Futu\n---\n\n# Kept\n\nBody.\n',
    )
  })

  it('adds nothing to an article no stage learned anything about', () => {
    const input = 'A plain paragraph about markets.\n'
    expect(clean(input, { path: 'a.txt' }).output).toBe(input)
  })
})
