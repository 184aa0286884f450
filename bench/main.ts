/**
 * `npm run bench`: every benchmark, figures printed and compared with the named peer in the same
 * run. Select some with arguments: `npm run bench -- terms pipeline`.
 */
import { benchBilingual } from './bilingual.js'
import { benchMinhash } from './minhash.js'
import { benchOpencc } from './opencc.js'
import { benchPipeline } from './pipeline.js'
import { benchQa } from './qa.js'
import { benchReview } from './review.js'
import { benchTerms } from './terms.js'

const benches: Record<string, () => Promise<void>> = {
  terms: () => benchTerms(),
  pipeline: () => benchPipeline(),
  review: () => benchReview(),
  minhash: () => benchMinhash(),
  opencc: () => benchOpencc(),
  bilingual: () => benchBilingual(),
  qa: () => benchQa(),
}

const chosen = process.argv.slice(2)
const names = chosen.length > 0 ? chosen : Object.keys(benches)
for (const name of names) {
  const bench = benches[name]
  if (!bench) {
    console.error(`unknown benchmark ${name}; choose from ${Object.keys(benches).join(', ')}`)
    process.exit(2)
  }
  await bench()
}
