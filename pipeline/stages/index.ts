/**
 * The stages, in the order the processor runs them. Each is a unified plugin with one job; its
 * file name carries its place in the order. Stages still to come (metadata, boilerplate,
 * cashtags, mixed-script, leftover Chinese, style, dedupe, QA) slot in by number.
 */
export { type TermsOptions, terms } from './06-terms.js'
