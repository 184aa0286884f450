import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findSource, jsonlArticles } from '../../pipeline/io/bilingual.js'
import { collectInputs } from '../../pipeline/io/read.js'
import { tempDir } from '../helpers.js'

describe('bilingual input forms', () => {
  it('finds story.zh.txt beside story.txt, and does not treat it as an article', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'story.txt'), 'Tencent revenue rose 8%.\n')
    writeFileSync(join(dir, 'story.zh.txt'), '腾讯收入增长8%。\n\n第二段。\n')
    const { articles } = await collectInputs([dir])
    expect(articles.map((a) => a.relative)).toEqual(['story.txt'])
    const source = await findSource(
      join(dir, 'story.txt'),
      'Tencent revenue rose 8%.\n',
      'story.txt',
    )
    expect(source).toEqual({
      paragraphs: ['腾讯收入增长8%。', '第二段。'],
      origin: join(dir, 'story.zh.txt'),
    })
  })

  it('follows a source: path in front matter, and refuses one that cannot be read', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'zh'))
    writeFileSync(join(dir, 'zh', 'original.txt'), '淘宝接入微信支付。\n')
    const text = '---\nsource: zh/original.txt\n---\n\nTaobao added WeChat Pay.\n'
    expect(await findSource(join(dir, 'a.md'), text, 'a.md')).toEqual({
      paragraphs: ['淘宝接入微信支付。'],
      origin: 'zh/original.txt',
    })
    // A byline source ("Breakings") is not a path.
    expect(
      await findSource(join(dir, 'b.md'), '---\nsource: Breakings\n---\n\nText.\n', 'b.md'),
    ).toBeUndefined()
    await expect(
      findSource(join(dir, 'c.md'), '---\nsource: zh/missing.txt\n---\n', 'c.md'),
    ).rejects.toThrow(/c\.md: front matter names source zh\/missing\.txt/)
  })

  it('turns each JSONL record into an article named after its id, and reports bad lines', () => {
    const text = [
      JSON.stringify({ id: 'doc 1', zh: ['腾讯收入增长8%。'], en: ['Tencent revenue rose 8%.'] }),
      'not json',
      JSON.stringify({ doc: 'doc 1', zh: '第一段。\n\n第二段。', en: 'One.\n\nTwo.' }),
    ].join('\n')
    const { articles, errors } = jsonlArticles(text, 'batch/pairs.jsonl')
    expect(articles.map((a) => [a.relative, a.text, a.source.paragraphs])).toEqual([
      ['batch/pairs/doc-1.md', 'Tencent revenue rose 8%.\n', ['腾讯收入增长8%。']],
      ['batch/pairs/doc-1-2.md', 'One.\n\nTwo.\n', ['第一段。', '第二段。']],
    ])
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^batch\/pairs\.jsonl:2: not JSON/),
    ])
  })
})
