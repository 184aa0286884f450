import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The folder holding package.json: the repo, or the installed package (dist/ is one level deeper). */
export const PACKAGE_ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }
      if (pkg.name === 'mt-tidy') return dir
    } catch {}
    const parent = dirname(dir)
    if (parent === dir) throw new Error('mt-tidy: package.json not found above the code')
    dir = parent
  }
})()

export const VERSION: string = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version

/** The rules shipped with mt-tidy. */
export const DEFAULT_RULES_DIR = join(PACKAGE_ROOT, 'rules')
