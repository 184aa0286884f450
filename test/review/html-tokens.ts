/**
 * A small HTML tokenizer for tests: start tags with their attributes (quoted values honoured) and
 * the text of raw-text elements, so a test can list exactly which elements a page contains.
 */
export interface StartTag {
  name: string
  attributes: Map<string, string>
  /** Text up to the closing tag, for `script` and `style`. */
  rawText?: string
}

const RAW_TEXT = new Set(['script', 'style'])

export function startTags(html: string): StartTag[] {
  const tags: StartTag[] = []
  let position = 0
  while (position < html.length) {
    const open = html.indexOf('<', position)
    if (open === -1) break
    const nameMatch = /^<([a-zA-Z][a-zA-Z0-9-]*)/.exec(html.slice(open, open + 64))
    if (!nameMatch?.[1]) {
      position = open + 1
      continue
    }
    const name = nameMatch[1].toLowerCase()
    const attributes = new Map<string, string>()
    let cursor = open + nameMatch[0].length
    const attribute = /\s*([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?|\s*\/?>/y
    for (;;) {
      attribute.lastIndex = cursor
      const match = attribute.exec(html)
      if (!match) throw new Error(`cannot tokenize <${name} at ${open}`)
      cursor = attribute.lastIndex
      if (match[1] === undefined) break
      attributes.set(match[1].toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '')
    }
    const tag: StartTag = { name, attributes }
    if (RAW_TEXT.has(name)) {
      const close = html.indexOf(`</${name}`, cursor)
      tag.rawText = html.slice(cursor, close === -1 ? html.length : close)
      cursor = close === -1 ? html.length : close
    }
    tags.push(tag)
    position = cursor
  }
  return tags
}

export function decodeAttribute(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16)),
    )
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}
