/**
 * An article written to break out of the review page: markup, event handlers, `javascript:` links
 * and raw-text terminators, in the text and in every report field that reaches the page.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type BuiltReport, locate, makeReport } from './make-report.js'

export const HOSTILE_PATH = fileURLToPath(
  new URL('../fixtures/review/hostile-article.txt', import.meta.url),
)

export function hostileReport(): BuiltReport {
  const text = readFileSync(HOSTILE_PATH, 'utf8')
  const [scriptStart, scriptEnd] = locate(text, "<script>window.__pwned = 'headline'</script>")
  const [imgStart, imgEnd] = locate(
    text,
    '<img src=x onerror="window.__pwned = \'img\'; alert(1)">',
  )
  const [closeStart, closeEnd] = locate(
    text,
    "</textarea><script>window.__pwned = 'textarea'</script>",
  )
  const [paywallStart, paywallEnd] = locate(
    text,
    'Please use your Futubull account to access the feature.',
  )
  const [linkStart, linkEnd] = locate(text, '[here](javascript:alert(document.domain))')
  return makeReport(
    text,
    [
      {
        start: scriptStart,
        end: scriptEnd,
        after: '</script><script>window.__pwned = "after"</script>',
        rule: '"><img src=x onerror=alert(1)>',
        reason: '<script>window.__pwned = "reason"</script>',
        evidence: {
          '<b onmouseover=alert(1)>': '</textarea><script>alert(1)</script>',
          similarity: 0.5,
        },
      },
      { start: imgStart, end: imgEnd, after: '', rule: 'markup/html-tag' },
      {
        start: closeStart,
        end: closeEnd,
        after: '<!--',
        rule: 'markup/raw',
        reason: '</style><style>*{}',
      },
      { start: paywallStart, end: paywallEnd, after: '', rule: 'chrome/paywall-prompt' },
    ],
    [
      {
        start: linkStart,
        end: linkEnd,
        rule: 'markup/<a href="javascript:alert(1)">x</a>',
        reason: '<img src=x onerror="window.__pwned=\'finding\'">',
        expected: ['javascript:alert(1)', '</script>'],
        severity: 'major',
        id: 'f"><script>alert(1)</script>',
      },
    ],
    'input/<script>alert(1)</script>.txt',
  )
}
