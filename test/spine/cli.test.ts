/** The command-line contract, run as a user runs it: a real process, real files, exit codes. */
import { spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { sha256 } from '../../pipeline/core/report.js'
import { REFERENCE_PATH, ROOT, reference, tempDir } from '../helpers.js'

const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href

/**
 * Runs the CLI in a child process. Asynchronous on purpose: a synchronous spawn would block the
 * test worker's event loop for seconds, and vitest's worker RPC times out under load.
 */
function cli(
  args: string[],
  options: { cwd?: string; input?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', TSX, join(ROOT, 'pipeline/cli/main.ts'), ...args],
      {
        cwd: options.cwd ?? ROOT,
        env: { ...process.env, NO_COLOR: '1' },
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(options.input ?? '')
  })
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort()
}

describe('command line', { timeout: 60_000 }, () => {
  it('with no arguments cleans input/ into output/ and reports/', async () => {
    const cwd = tempDir()
    mkdirSync(join(cwd, 'input', 'nested'), { recursive: true })
    writeFileSync(join(cwd, 'input', 'ref.txt'), reference())
    writeFileSync(join(cwd, 'input', 'nested', 'b.md'), 'The small program is new.\n')
    const { code, stderr } = await cli([], { cwd })
    expect(stderr).toMatch(/2 of 2 article/)
    expect(code).toBe(0)
    expect(filesUnder(join(cwd, 'output'))).toEqual(['nested/b.md', 'ref.md'])
    expect(filesUnder(join(cwd, 'reports'))).toEqual([
      'index.html',
      'nested/b.html',
      'nested/b.json',
      'ref.html',
      'ref.json',
      'summary.json',
    ])
    const report = JSON.parse(readFileSync(join(cwd, 'reports', 'ref.json'), 'utf8'))
    expect(report).toMatchObject({ schema: 1, file: 'ref.txt', inputSha256: sha256(reference()) })
    expect(readFileSync(join(cwd, 'output', 'ref.md'), 'utf8')).not.toMatch(/internet plus-related/)
  })

  it('reads - from stdin and writes the cleaned article to stdout', async () => {
    const reports = tempDir()
    const { code, stdout } = await cli(['run', '-', '--reports', reports], {
      input: 'A "internet plus-related" trend.\n',
    })
    expect(code).toBe(0)
    expect(stdout).toBe('A "interconnection" trend.\n')
    expect(existsSync(join(reports, 'stdin.json'))).toBe(true)
  })

  it('check prints findings and sets the exit code by --fail-on', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'a.md'), 'They cut leeks and the internet plus-related push.\n')
    const stylish = await cli(['check', dir])
    expect(stylish.code).toBe(1)
    expect(stylish.stdout).toMatch(/a\.md/)
    expect(stylish.stdout).toMatch(/1:\d+/)
    expect(stylish.stdout).toMatch(/interconnection/)
    const json = await cli(['check', dir, '--format', 'json', '--fail-on', 'critical'])
    expect(json.code).toBe(0)
    const parsed = JSON.parse(json.stdout)
    expect(parsed.files[0].edits[0]).toMatchObject({
      before: 'internet plus-related',
      after: 'interconnection',
    })
    expect(existsSync(join(dir, 'a.json'))).toBe(false)
    const sarif = await cli(['check', dir, '--format', 'sarif'])
    expect(sarif.code).toBe(1)
    const log = JSON.parse(sarif.stdout)
    expect(log.version).toBe('2.1.0')
    const results = log.runs[0].results
    expect(results.length).toBe(parsed.files[0].edits.length + parsed.files[0].findings.length)
    expect(results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('a.md')
  })

  it('exits 2 for bad usage, bad config and bad rules, naming the problem', async () => {
    expect((await cli(['run', '--jobs', 'zero'])).code).toBe(2)
    expect((await cli(['check'])).code).toBe(2)
    const dir = tempDir()
    writeFileSync(join(dir, 'config.yml'), 'failOn: sometimes\n')
    const config = await cli(['check', REFERENCE_PATH, '--config', join(dir, 'config.yml')])
    expect(config.code).toBe(2)
    expect(config.stderr).toMatch(/config\.yml: failOn/)
    mkdirSync(join(dir, 'rules', 'terms'), { recursive: true })
    writeFileSync(
      join(dir, 'rules', 'terms', 'bad.yml'),
      'rules:\n  - id: bad\n    pattern: x\n    replace: y\n    severity: huge\n    specs: [{from: x, to: y}]\n',
    )
    const rules = await cli(['check', REFERENCE_PATH, '--rules', join(dir, 'rules')])
    expect(rules.code).toBe(2)
    expect(rules.stderr).toMatch(/bad\.yml:5 \(rule bad\): severity/)
  })

  it('with an empty rules folder changes nothing, even in a batch that repeats a footer', async () => {
    const dir = tempDir()
    const footer =
      'Follow Acme Markets on WeChat for more exclusive market news and data every day.'
    const texts = Array.from(
      { length: 8 },
      (_, i) => `Story ${i}: the internet plus-related $BABA-W (09988.HK)$ rose.\n\n${footer}\n`,
    )
    for (const [i, text] of texts.entries()) writeFileSync(join(dir, `a${i}.txt`), text)
    const out = tempDir()
    expect((await cli(['run', dir, '--rules', tempDir(), '--out', out])).code).toBe(0)
    for (const [i, text] of texts.entries())
      expect(readFileSync(join(out, `a${i}.md`), 'utf8')).toBe(text)
  })

  it('--help and --version work on every command', async () => {
    for (const args of [
      ['--help'],
      ['run', '--help'],
      ['check', '--help'],
      ['rules', 'test', '--help'],
      ['--version'],
    ]) {
      const { code, stdout } = await cli(args)
      expect(code).toBe(0)
      expect(stdout.length).toBeGreaterThan(0)
    }
  })

  it('rules test passes on the shipped rules and fails with file:line on a broken spec', async () => {
    const shipped = await cli(['rules', 'test'])
    expect(shipped.code).toBe(0)
    expect(shipped.stdout).toMatch(/^\d+ passed, 0 failed/m)
    const dir = tempDir()
    mkdirSync(join(dir, 'terms'))
    writeFileSync(
      join(dir, 'terms', 'a.yml'),
      'rules:\n  - id: a\n    pattern: small program\n    replace: mini program\n    specs:\n      - {from: a small program, to: a small program}\n',
    )
    const broken = await cli(['rules', 'test', dir])
    expect(broken.code).toBe(1)
    expect(broken.stdout).toMatch(/terms\/a\.yml:6: a: rule gave "a mini program"/)
  })

  it('rules test reads the lexicon and refuses a malformed line with file:line, exit 2', async () => {
    const shipped = await cli(['rules', 'test'])
    expect(shipped.stdout).toMatch(/; lexicon: \d{6} headwords$/m)
    const dir = tempDir()
    mkdirSync(join(dir, 'lexicon'))
    writeFileSync(join(dir, 'lexicon', 'names.tsv'), '腾讯\tTencent\nWeChat 微信\n')
    const broken = await cli(['rules', 'test', dir], { cwd: dir })
    expect(broken.code).toBe(2)
    expect(broken.stderr).toMatch(
      /lexicon\/names\.tsv:2: expected a Chinese headword, a tab and its English words/,
    )
  })

  it('reports each bad file clearly, processes the rest, never touches inputs, exits 2', async () => {
    const dir = tempDir()
    const files: Record<string, Buffer> = {
      'good.md': Buffer.from('The internet plus-related era.\n'),
      'binary.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
      'latin1.txt': Buffer.from('caf\xe9 cr\xe8me\n', 'latin1'),
      'gbk.txt': Buffer.from([0xbb, 0xa5, 0xc1, 0xaa, 0xbb, 0xa5, 0xcd, 0xa8, 0x0a]), // 互联互通 in GBK
      'huge.md': Buffer.alloc(20 * 1024 * 1024, 'word '),
      'locked.md': Buffer.from('secret\n'),
    }
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes)
    chmodSync(join(dir, 'locked.md'), 0o000)
    const before = Object.fromEntries(
      Object.keys(files).map((name) => [name, readFileSync(join(dir, name)).toString('base64')]),
    )
    const out = tempDir()
    const reports = tempDir()
    const { code, stderr } = await cli([
      'run',
      dir,
      join(dir, 'missing.md'),
      '--out',
      out,
      '--reports',
      reports,
    ])
    expect(code).toBe(2)
    expect(stderr).toMatch(/binary\.md:1: binary file/)
    expect(stderr).toMatch(/latin1\.txt:1: invalid UTF-8 at byte offset 3/)
    expect(stderr).toMatch(/gbk\.txt:1: not UTF-8: it looks like GB18030\/GBK/)
    expect(stderr).toMatch(/huge\.md: too large \(20\.0 MiB/)
    expect(stderr).toMatch(/missing\.md: no such file/)
    if (process.getuid?.() !== 0) expect(stderr).toMatch(/locked\.md: permission denied/)
    expect(readFileSync(join(out, 'good.md'), 'utf8')).toBe('The interconnection era.\n')
    const summary = JSON.parse(readFileSync(join(reports, 'summary.json'), 'utf8'))
    expect(summary.totals.failed).toBeGreaterThanOrEqual(5)
    chmodSync(join(dir, 'locked.md'), 0o644)
    for (const name of Object.keys(files))
      expect(readFileSync(join(dir, name)).toString('base64')).toBe(before[name])
    // Atomic writes leave no temporary files behind.
    expect(filesUnder(out).filter((name) => name.includes('.tmp-'))).toEqual([])
  })

  it('decodes GB18030 when asked, and refuses to write over an input', async () => {
    const dir = tempDir()
    writeFileSync(
      join(dir, 'gbk.txt'),
      Buffer.from([0xbb, 0xa5, 0xc1, 0xaa, 0xbb, 0xa5, 0xcd, 0xa8, 0x0a]),
    )
    const out = tempDir()
    expect((await cli(['run', dir, '--out', out, '--encoding', 'gb18030'])).code).toBe(0)
    expect(readFileSync(join(out, 'gbk.md'), 'utf8')).toBe('互联互通\n')
    writeFileSync(join(dir, 'a.md'), 'text\n')
    const clash = await cli(['run', join(dir, 'a.md'), '--out', dir])
    expect(clash.code).toBe(2)
    expect(clash.stderr).toMatch(/refusing to overwrite an input file/)
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('text\n')
  })

  it('apply keeps only accepted edits and remembers rejections for the next run', async () => {
    const cwd = tempDir()
    mkdirSync(join(cwd, 'input'))
    writeFileSync(join(cwd, 'input', 'ref.txt'), reference())
    expect((await cli([], { cwd })).code).toBe(0)
    const report = JSON.parse(readFileSync(join(cwd, 'reports', 'ref.json'), 'utf8'))
    const terms = report.edits.filter(
      (e: { rule: string }) => e.rule === 'connectivity/internet-plus-related',
    )
    expect(terms).toHaveLength(3)
    const decisions = {
      schema: 1,
      file: report.file,
      inputSha256: report.inputSha256,
      decisions: terms.map((e: { id: string; rule: string; before: string; after: string }) => ({
        id: e.id,
        rule: e.rule,
        before: e.before,
        after: e.after,
        decision: 'reject',
      })),
    }
    writeFileSync(join(cwd, 'decisions.json'), JSON.stringify(decisions))
    const applied = await cli(
      ['apply', 'reports/ref.json', 'decisions.json', '--out', 'reviewed.md'],
      {
        cwd,
      },
    )
    expect(applied.code).toBe(0)
    expect(applied.stderr).toMatch(/3 rejected/)
    const reviewed = readFileSync(join(cwd, 'reviewed.md'), 'utf8')
    expect(reviewed.match(/internet plus-related/g)).toHaveLength(3)
    expect(reviewed).not.toMatch(/Futubull/)
    const suppressions = JSON.parse(readFileSync(join(cwd, 'mt-tidy.suppressions.json'), 'utf8'))
    expect(suppressions.suppressions).toHaveLength(1)
    // The next run reads the suppression file and no longer proposes the rejected edit.
    expect((await cli([], { cwd })).code).toBe(0)
    const rerun = JSON.parse(readFileSync(join(cwd, 'reports', 'ref.json'), 'utf8'))
    expect(
      rerun.edits.some((e: { rule: string }) => e.rule === 'connectivity/internet-plus-related'),
    ).toBe(false)
    expect(rerun.stats.suppressed).toBe(3)
    // A decisions file for another input is refused, exit 2.
    writeFileSync(join(cwd, 'input', 'ref.txt'), `${reference()}\nchanged`)
    const stale = await cli(['apply', 'reports/ref.json', 'decisions.json'], { cwd })
    expect(stale.code).toBe(2)
    expect(stale.stderr).toMatch(/not the one the report/)
  })
})
