/**
 * The stages, in the order the processor runs them. Each is a unified plugin with one job; its
 * file name carries its place in the order. Stages still to come (cashtags,
 * mixed-script, leftover Chinese, style, dedupe, QA) slot in by number.
 */
export { type MetadataOptions, metadata } from './01-metadata.js'
export {
  type BoilerplateOptions,
  boilerplate,
  boilerplateKey,
  type LearnedBoilerplate,
} from './02-boilerplate.js'
export { type TermsOptions, terms } from './06-terms.js'
export { type FrontMatterOptions, frontMatter, type Ticker } from './10-front-matter.js'
