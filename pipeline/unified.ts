/**
 * The unified parser and compiler of mt-tidy. `articleParse` parses once and opens the article's
 * Draft; stages edit through the Draft; `articleStringify` emits the Draft's text, so bytes no
 * stage touched come out exactly as they went in.
 */
import type { Root } from 'mdast'
import type { Plugin } from 'unified'
import { articleOf } from './core/article.js'
import { disabledRanges } from './core/structure.js'
import { type Format, parseArticle } from './parse/index.js'

export interface ParseOptions {
  /** `md` or `txt`; by default from the file's extension (`.txt` is plain text, all else markdown). */
  format?: Format
}

export const articleParse: Plugin<[ParseOptions?], string, Root> = function (options = {}) {
  this.parser = (document, file) => {
    const state = articleOf(file)
    if (options.format) state.format = options.format
    const tree = parseArticle(document, state.format)
    state.draft.disable(disabledRanges(tree, document.length))
    return tree
  }
}

export const articleStringify: Plugin<[], Root, string> = function () {
  this.compiler = (_tree, file) => articleOf(file).draft.text
}
