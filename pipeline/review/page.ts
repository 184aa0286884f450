/**
 * The shell shared by the review pages: a self-contained HTML document whose Content-Security-Policy
 * allows only its own inline style and script, by hash, and which carries page data in an inert
 * JSON block.
 */
import { createHash } from 'node:crypto'
import type { ElementContent, Root } from 'hast'
import { toHtml } from 'hast-util-to-html'
import { h } from 'hastscript'

const hashCache = new Map<string, string>()

/** CSP source expression for an inline style or script text (`'sha256-…'`). */
export function cspHash(text: string): string {
  let hash = hashCache.get(text)
  if (hash === undefined) {
    hash = `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
    hashCache.set(text, hash)
  }
  return hash
}

export function contentSecurityPolicy(style: string, script: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspHash(style)}`,
    `script-src ${cspHash(script)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}

/**
 * JSON that is safe as the text of a `<script type="application/json">`: with `<` escaped no
 * `</script>` or `<!--` can end or confuse the block; U+2028/2029 are escaped for old parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

export interface PageOptions {
  title: string
  style: string
  script: string
  bodyClass?: string
  /** Goes into `<script type="application/json" id="review-data">`. */
  data?: unknown
  body: ElementContent[]
}

export function renderPage(options: PageOptions): string {
  const head = [
    h('meta', { charSet: 'utf-8' }),
    h('meta', {
      httpEquiv: 'Content-Security-Policy',
      content: contentSecurityPolicy(options.style, options.script),
    }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('meta', { name: 'referrer', content: 'no-referrer' }),
    h('title', options.title),
    // An empty data: icon stops the browser asking for /favicon.ico, which the CSP would refuse.
    h('link', { rel: 'icon', href: 'data:,' }),
    h('style', options.style),
  ]
  const body: ElementContent[] = [...options.body]
  if (options.data !== undefined) {
    body.push(
      h('script', { type: 'application/json', id: 'review-data' }, jsonForScript(options.data)),
    )
  }
  body.push(h('script', options.script))
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: 'en' }, [
        h('head', head),
        h('body', { className: options.bodyClass }, body),
      ]),
    ],
  }
  return `${toHtml(tree)}\n`
}
