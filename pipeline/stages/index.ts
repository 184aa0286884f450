/**
 * The stages, in the order the processor runs them. Each is a unified plugin with one job; its
 * file name carries its place in the order. Stages still to come slot in by number.
 */
export { type MetadataOptions, metadata } from './01-metadata.js'
export {
  type BoilerplateOptions,
  boilerplate,
  boilerplateKey,
  type LearnedBoilerplate,
} from './02-boilerplate.js'
export { type CashtagsOptions, cashtags } from './03-cashtags.js'
export { type MixedScriptOptions, mixedScript } from './04-mixed-script.js'
export { type LeftoverChineseOptions, leftoverChinese } from './05-leftover-chinese.js'
export { type TermsOptions, terms } from './06-terms.js'
export { type StyleOptions, style } from './07-style.js'
export { type DedupeOptions, dedupe } from './08-dedupe.js'
export { batchDedupe } from './08-dedupe-batch.js'
export { type QaOptions, qa } from './09-qa.js'
export { type FrontMatterOptions, frontMatter, type Ticker } from './10-front-matter.js'
