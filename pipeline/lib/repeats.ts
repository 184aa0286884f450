/**
 * Runs of one to four words said twice or more in a row (`the the`, `in the in the`), as MT
 * loops and typing slips leave them. Case is ignored; the words must be separated by whitespace.
 */

/**
 * group 1: the run (its words separated by spaces or tabs); group 2: its repetitions. The
 * backreference makes this slow, so `repeatedRuns` tries it only where words repeat.
 */
export const REPEAT =
  /(?<![\p{L}\p{N}'’-])(\p{L}[\p{L}'’-]*(?:[ \t]+\p{L}[\p{L}'’-]*){0,3})((?:\s+\1(?![\p{L}\p{N}'’-]))+)/giu

/**
 * Whether some run of one to four words comes twice in a row, comparing words alone: a cheap
 * necessary condition for REPEAT to match.
 */
function mayRepeat(text: string): boolean {
  // Upper then lower case: every pair of letters the `iu` flags equate ends up equal.
  const words = (text.match(/[\p{L}\p{N}'’-]+/gu) ?? []).map((word) =>
    word.toUpperCase().toLowerCase(),
  )
  for (let at = 0; at < words.length; at++) {
    for (let length = 1; length <= 4 && at + 2 * length <= words.length; length++) {
      let same = true
      for (let k = 0; k < length && same; k++) same = words[at + k] === words[at + length + k]
      if (same) return true
    }
  }
  return false
}

/** REPEAT's matches in a text, in order. */
export function repeatedRuns(text: string): RegExpExecArray[] {
  return mayRepeat(text) ? [...text.matchAll(REPEAT)] : []
}
