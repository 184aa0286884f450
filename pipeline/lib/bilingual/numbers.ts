/**
 * Numbers in a Chinese paragraph and in its English translation, read into comparable values, and
 * the check that every number of the source stands in the target in some correct form.
 *
 * Both extractors claim spans in priority order (tickers, then dates and times, then plain
 * numbers) so that the digits of `09988.HK` or `2023-02-11` are never read a second time as
 * quantities. Offsets are UTF-16 offsets into the text as given.
 */

export type NumberKind =
  | 'quantity'
  | 'year'
  | 'percent'
  | 'ordinal'
  | 'fraction'
  | 'date'
  | 'month'
  | 'day'
  | 'weekday'
  | 'time'
  | 'quarter'
  | 'ticker'

/** Why a source number is not checked: English routinely renders it without a numeral. */
export type UncheckedReason = 'approximate' | 'list-marker' | 'rephrasable' | 'idiom'

export interface NumberMention {
  /** The text as it stands, e.g. `1611.17亿`, `161.117 billion`, `9月4日`. */
  text: string
  start: number
  end: number
  kind: NumberKind
  /**
   * The normalised value: the quantity itself (`1611.17亿` → 161117000000), the percentage
   * (`8%` → 8), the ordinal, the month and day as month * 100 + day for dates, the weekday
   * (Monday = 1), the quarter; for tickers and times, 0 (see `code` and `time`).
   */
  value: number
  /** Other readings: in `12 to 14 million` the 12 also reads as 12 million. */
  alternatives?: number[]
  /** English only: the step of the last written digit times the scale (161.1 billion → 1e8). */
  precision?: number
  month?: number
  day?: number
  /** `hh:mm` or `hh:mm:ss`, hours and minutes without leading zeros removed. */
  time?: string
  /** Ticker code normalised: upper case, leading zeros of the number removed (`9988.HK`). */
  code?: string
  checked: boolean
  uncheckedReason?: UncheckedReason
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

/** Full-width ASCII (digits, %, letters, punctuation) to half-width, keeping every offset. */
export function foldWidth(text: string): string {
  let out = ''
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0)
    else if (code === 0x3000) out += ' '
    else out += char
  }
  return out
}

/** A stable key for a float: drops binary noise such as 0.1 + 0.2. */
function round12(value: number): number {
  return Number(value.toPrecision(12))
}

function sameValue(a: number, b: number): boolean {
  if (a === b) return true
  const scale = Math.max(Math.abs(a), Math.abs(b))
  return Math.abs(a - b) <= scale * 1e-9
}

class SpanClaims {
  private readonly claimed: Uint8Array
  constructor(length: number) {
    this.claimed = new Uint8Array(length)
  }
  isFree(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.claimed[i]) return false
    return true
  }
  claim(start: number, end: number): void {
    this.claimed.fill(1, start, end)
  }
}

function* matchesOf(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  const global = new RegExp(
    pattern.source,
    pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
  )
  for (let match = global.exec(text); match; match = global.exec(text)) {
    if (match[0] === '') {
      global.lastIndex++
      continue
    }
    yield match
  }
}

function parseArabic(digits: string): number {
  return Number(digits.replace(/[,\s\u00a0\u2009\u202f]/g, ''))
}

function decimalsOf(digits: string): number {
  const dot = digits.indexOf('.')
  return dot < 0 ? 0 : digits.length - dot - 1
}

const TICKER =
  /(?<![A-Za-z0-9.])(\d{4,6}|[A-Z]{1,5}(?:-[A-Z]{1,2})?)\.(HK|US|SH|SZ|SS|TW|SG)(?![A-Za-z0-9])/
const ISO_DATE = /(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/
const CLOCK = /(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(?![\d:])/

function normaliseTicker(symbol: string, market: string): string {
  const bare = /^\d+$/.test(symbol) ? String(Number(symbol)) : symbol.toUpperCase()
  return `${bare}.${market.toUpperCase()}`
}

function claimCommon(text: string, claims: SpanClaims, out: NumberMention[]): void {
  for (const match of matchesOf(TICKER, text)) {
    const start = match.index
    const end = start + match[0].length
    if (!claims.isFree(start, end)) continue
    claims.claim(start, end)
    out.push({
      text: match[0],
      start,
      end,
      kind: 'ticker',
      value: 0,
      code: normaliseTicker(match[1] ?? '', match[2] ?? ''),
      checked: true,
    })
  }
  for (const match of matchesOf(ISO_DATE, text)) {
    const start = match.index
    const end = start + match[0].length
    const month = Number(match[2])
    const day = Number(match[3])
    if (month < 1 || month > 12 || day < 1 || day > 31 || !claims.isFree(start, end)) continue
    claims.claim(start, end)
    const yearText = match[1] ?? ''
    out.push({
      text: yearText,
      start,
      end: start + yearText.length,
      kind: 'year',
      value: Number(yearText),
      checked: true,
    })
    out.push({
      text: match[0].slice(yearText.length + 1),
      start: start + yearText.length + 1,
      end,
      kind: 'date',
      value: month * 100 + day,
      month,
      day,
      checked: true,
    })
  }
  for (const match of matchesOf(CLOCK, text)) {
    const start = match.index
    const end = start + match[0].length
    if (!claims.isFree(start, end)) continue
    claims.claim(start, end)
    const parts = [match[1], match[2], match[3]].filter((part) => part !== undefined)
    out.push({
      text: match[0],
      start,
      end,
      kind: 'time',
      value: 0,
      time: parts.map((part) => String(Number(part))).join(':'),
      checked: true,
    })
  }
}

// ---------------------------------------------------------------------------------------------
// Chinese

const ZH_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
}
const ZH_SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }
const ZH_BIG_UNITS: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 }
const ZH_NUMERAL_CHARS = '〇零一二两三四五六七八九十百千万萬亿億'

/**
 * Words whose numeral characters are not numbers in English (place and company names, idioms,
 * adverbs). Claimed before numbers are read.
 */
const ZH_NON_NUMBERS = [
  '十分',
  '十足',
  '十全十美',
  '万一',
  '千万',
  '一一',
  '四川',
  '三亚',
  '九龙',
  '三星',
  '万达',
  '五粮液',
  '九寨沟',
  '千岛湖',
  '四面八方',
  '五湖四海',
  '七上八下',
  '三心二意',
  '乱七八糟',
  '一五一十',
  '三三两两',
  '千方百计',
  '一举两得',
  '两岸',
  '三农',
  '第一时间',
  '百姓',
  '百货',
  '千兆',
  '万物',
  '十字',
  '六一儿童节',
]

/** Measure words and nouns after which a small Chinese numeral is a real count. */
const ZH_COUNTED =
  /^(?:个|名|位|家|项|次|年|月|日|天|周|岁|倍|条|件|种|类|批|只|辆|架|艘|座|栋|所|口|人|国|省|市|县|区|届|场|轮|期|季|篇|份|款|部|台|枚|颗|张|本|套|层|处|起|宗|例|支|队|组|间|段|点|分|秒|小时|分钟|元|美元|港元|欧元|公里|米|吨|成|大|股|票|架次|代|级|亿|万|千|百)/

interface ZhNumeral {
  value: number
  approximate: boolean
  /** Written only with digit characters, such as 二〇二三 (a year read digit by digit). */
  positional: boolean
}

/** Reads a run of Chinese numeral characters; `undefined` when it is no number. */
export function parseChineseNumeral(run: string): ZhNumeral | undefined {
  const chars = [...run]
  if (chars.length === 0) return undefined
  const onlyDigits = chars.every((char) => char in ZH_DIGITS)
  if (onlyDigits) {
    if (chars.length === 1)
      return { value: ZH_DIGITS[chars[0] ?? ''] ?? 0, approximate: false, positional: false }
    const digits = chars.map((char) => ZH_DIGITS[char] ?? 0)
    if (chars.length === 2 && Math.abs((digits[1] ?? 0) - (digits[0] ?? 0)) === 1) {
      // 六七 = "six or seven"
      return { value: digits[0] ?? 0, approximate: true, positional: false }
    }
    if (chars.length >= 3 || chars.some((char) => char === '〇' || char === '零')) {
      return { value: Number(digits.join('')), approximate: false, positional: true }
    }
    return undefined
  }
  let total = 0
  let section = 0
  let digit = 0
  let pendingDigit = false
  let lastUnit = 0
  let sawZero = false
  let approximate = false
  for (const char of chars) {
    if (char in ZH_DIGITS) {
      const value = ZH_DIGITS[char] ?? 0
      if (value === 0) {
        sawZero = true
        continue
      }
      if (pendingDigit) approximate = true
      digit = value
      pendingDigit = true
    } else if (char in ZH_SMALL_UNITS) {
      const unit = ZH_SMALL_UNITS[char] ?? 1
      section += (pendingDigit ? digit : 1) * unit
      digit = 0
      pendingDigit = false
      lastUnit = unit
      sawZero = false
    } else if (char in ZH_BIG_UNITS) {
      const unit = ZH_BIG_UNITS[char] ?? 1
      const head = section + (pendingDigit ? digit : 0)
      if (unit === 1e8) total = (total + head) * unit
      else total += head * unit
      section = 0
      digit = 0
      pendingDigit = false
      lastUnit = unit
      sawZero = false
    }
  }
  let tail = pendingDigit ? digit : 0
  // 三千五 is 3,500 and 一万五 is 15,000: a bare last digit counts in the next lower unit.
  if (pendingDigit && !sawZero && lastUnit >= 100) tail = (digit * lastUnit) / 10
  return { value: total + section + tail, approximate, positional: false }
}

const ARABIC = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`
const ZH_SCALE = '(?:[百千]?[万萬亿億]+|千(?![米克瓦卡兆])|百(?!分))'
const ZH_ATOM = new RegExp(`(${ARABIC})(${ZH_SCALE})?|([${ZH_NUMERAL_CHARS}]+)`, 'g')
const ZH_RANGE_GAP = /^\s*(?:至|到|-|~|～|—|–|－|或)\s*$/

interface ZhAtom {
  text: string
  start: number
  end: number
  value: number
  scale: number
  arabic: boolean
  approximate: boolean
  positional: boolean
  /** A bare numeral character with nothing counted after it. */
  uncounted: boolean
}

function scaleValue(scaleText: string): number {
  let scale = 1
  for (const char of scaleText) scale *= ZH_SMALL_UNITS[char] ?? ZH_BIG_UNITS[char] ?? 1
  return scale
}

function readZhAtoms(text: string, claims: SpanClaims): ZhAtom[] {
  const atoms: ZhAtom[] = []
  for (const match of matchesOf(ZH_ATOM, text)) {
    let start = match.index
    let raw = match[0]
    if (match[1] !== undefined) {
      // Digits glued to Latin letters still count (5G, SSC5), but not when inside a ticker.
      const end = start + raw.length
      if (!claims.isFree(start, end)) continue
      const scaleText = match[2] ?? ''
      const scale = scaleValue(scaleText)
      atoms.push({
        text: raw,
        start,
        end,
        value: round12(parseArabic(match[1]) * scale),
        scale,
        arabic: true,
        approximate: false,
        positional: false,
        uncounted: false,
      })
      continue
    }
    // A Chinese run: bare leading 百/千/万/亿 are words (百姓, 千万, 万物), not numbers.
    const leading = /^[百千万萬亿億]+/.exec(raw)
    if (leading) {
      start += leading[0].length
      raw = raw.slice(leading[0].length)
    }
    if (raw === '') continue
    const end = start + raw.length
    if (!claims.isFree(start, end)) continue
    const parsed = parseChineseNumeral(raw)
    if (!parsed) continue
    const before = text.slice(Math.max(0, start - 1), start)
    const after = text.slice(end, end + 2)
    // 几十, 数百, 十几: "dozens", "hundreds", "a dozen or so" carry no exact number.
    const approximate = parsed.approximate || /[几数]/.test(before) || after.startsWith('几')
    const bigUnits = raw.match(/[万萬亿億]+$/)
    atoms.push({
      text: raw,
      start,
      end,
      value: parsed.value,
      scale: bigUnits ? scaleValue(bigUnits[0]) : 1,
      arabic: false,
      approximate,
      positional: parsed.positional,
      uncounted: parsed.value <= 10 && !ZH_COUNTED.test(after),
    })
  }
  return atoms
}

function zhMention(
  atom: ZhAtom,
  kind: NumberKind,
  value: number,
  extra: Partial<NumberMention> = {},
): NumberMention {
  return { text: atom.text, start: atom.start, end: atom.end, kind, value, checked: true, ...extra }
}

/** Numbers in a Chinese paragraph. */
export function extractZhNumbers(input: string): NumberMention[] {
  const text = foldWidth(input)
  const claims = new SpanClaims(text.length)
  const out: NumberMention[] = []
  for (const word of ZH_NON_NUMBERS) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
      claims.claim(at, at + word.length)
    }
  }
  claimCommon(text, claims, out)

  // Weekdays: 周五, 星期一, 礼拜天 (but 三周 is "three weeks").
  for (const match of matchesOf(/(?:周|星期|礼拜)([一二三四五六日天])(?![次个天倍年])/, text)) {
    const start = match.index
    const end = start + match[0].length
    if (!claims.isFree(start, end)) continue
    claims.claim(start, end)
    const dayChar = match[1] ?? ''
    const value = dayChar === '日' || dayChar === '天' ? 7 : (ZH_DIGITS[dayChar] ?? 0)
    out.push({ text: match[0], start, end, kind: 'weekday', value, checked: true })
  }

  // List markers at the start of a paragraph or after a line break: 1. / 2、/ (3) / 一、
  for (const match of matchesOf(
    /(?:^|\n)\s*(?:[(（]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]|(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[.、．)）](?!\d))/,
    text,
  )) {
    const lead = match[0].length - match[0].trimStart().length
    const start = match.index + lead
    const end = match.index + match[0].length
    if (!claims.isFree(start, end)) continue
    claims.claim(start, end)
    const digits = /\d+|[一二三四五六七八九十]+/.exec(match[0])?.[0] ?? ''
    const value = /\d/.test(digits) ? Number(digits) : (parseChineseNumeral(digits)?.value ?? 0)
    out.push({
      text: text.slice(start, end),
      start,
      end,
      kind: 'ordinal',
      value,
      checked: false,
      uncheckedReason: 'list-marker',
    })
  }

  const atoms = readZhAtoms(text, claims)
  const consumed = new Set<number>()
  // Scraped text often has a space between a number and its unit: `1989 年11 月13 日`, `37 %`.
  const markAt = (offset: number): number =>
    offset + (/^[ \t\u00a0]*/.exec(text.slice(offset))?.[0].length ?? 0)
  for (let i = 0; i < atoms.length; i++) {
    if (consumed.has(i)) continue
    const atom = atoms[i]
    if (!atom) continue
    const next = atoms[i + 1]
    const before = text.slice(Math.max(0, atom.start - 3), atom.start)
    const markStart = markAt(atom.end)
    const after = text.slice(markStart, markStart + 4)
    const integer = Number.isInteger(atom.value)
    const span = (
      start: number,
      end: number,
      kind: NumberKind,
      value: number,
      extra: Partial<NumberMention> = {},
    ): NumberMention => ({
      text: text.slice(start, end),
      start,
      end,
      kind,
      value,
      checked: true,
      ...extra,
    })

    // Dates: 9月4日, 九月, 4日 (after a month or alone), 2023年, 80年代.
    if (
      after.startsWith('月') &&
      integer &&
      atom.value >= 1 &&
      atom.value <= 12 &&
      atom.scale === 1
    ) {
      const dayAtom = next && next.start === markAt(markStart + 1) ? next : undefined
      const dayMarkAt = dayAtom ? markAt(dayAtom.end) : 0
      const dayMark = dayAtom ? text.charAt(dayMarkAt) : ''
      if (
        dayAtom &&
        (dayMark === '日' || dayMark === '号') &&
        Number.isInteger(dayAtom.value) &&
        dayAtom.value >= 1 &&
        dayAtom.value <= 31
      ) {
        consumed.add(i + 1)
        out.push(
          span(atom.start, dayMarkAt + 1, 'date', atom.value * 100 + dayAtom.value, {
            month: atom.value,
            day: dayAtom.value,
          }),
        )
      } else {
        out.push(span(atom.start, markStart + 1, 'month', atom.value, { month: atom.value }))
      }
      continue
    }
    if (
      after.startsWith('日') &&
      !after.startsWith('日本') &&
      integer &&
      atom.value >= 1 &&
      atom.value <= 31 &&
      atom.scale === 1
    ) {
      out.push(span(atom.start, markStart + 1, 'day', atom.value, { day: atom.value }))
      continue
    }
    if (after.startsWith('年代') && integer && atom.value % 10 === 0 && atom.value < 100) {
      out.push(
        span(atom.start, markStart + 2, 'year', 1900 + atom.value, {
          alternatives: [2000 + atom.value, atom.value],
        }),
      )
      continue
    }
    if (
      after.startsWith('年') &&
      integer &&
      atom.value >= 1000 &&
      atom.value <= 2200 &&
      atom.scale === 1
    ) {
      out.push(zhMention(atom, 'year', atom.value))
      continue
    }
    if (after.startsWith('季度') && integer && atom.value >= 1 && atom.value <= 4) {
      const start = before.endsWith('第') ? atom.start - 1 : atom.start
      out.push(span(start, markStart + 2, 'quarter', atom.value))
      continue
    }
    // 百分之八, 8%, 3个百分点, 三成
    if (before.endsWith('百分之')) {
      out.push(span(atom.start - 3, atom.end, 'percent', atom.value))
      continue
    }
    const percentSign = /^(?:%|‰|个百分点)/.exec(after)?.[0]
    if (percentSign) {
      const value = percentSign === '‰' ? round12(atom.value / 10) : atom.value
      out.push(span(atom.start, markStart + percentSign.length, 'percent', value))
      continue
    }
    if (
      !atom.arabic &&
      atom.value <= 10 &&
      after.startsWith('成') &&
      !/^成[为功立长本员果交绩熟]/.test(after)
    ) {
      out.push(span(atom.start, markStart + 1, 'percent', atom.value * 10))
      continue
    }
    // 三分之一
    if (after.startsWith('分之') && next && next.start === markStart + 2 && atom.value > 0) {
      consumed.add(i + 1)
      out.push(
        span(atom.start, next.end, 'fraction', round12(next.value / atom.value), {
          checked: !atom.approximate,
        }),
      )
      continue
    }
    if (before.endsWith('第')) {
      out.push(span(atom.start - 1, atom.end, 'ordinal', atom.value))
      continue
    }

    // A plain quantity; a range such as 1200至1400万 gives its first number the second's scale.
    const mention = zhMention(atom, 'quantity', atom.value)
    const rangeToNext = next !== undefined && ZH_RANGE_GAP.test(text.slice(atom.end, next.start))
    if (next && rangeToNext && next.scale > 1 && atom.scale === 1) {
      mention.alternatives = [round12(atom.value * next.scale)]
    }
    if (
      next &&
      rangeToNext &&
      /^(?:%|个百分点)/.test(text.slice(markAt(next.end), markAt(next.end) + 4))
    ) {
      mention.kind = 'percent'
    }
    if (atom.approximate) {
      mention.checked = false
      mention.uncheckedReason = 'approximate'
    } else if (!atom.arabic && atom.value <= 2 && atom.scale === 1 && !atom.positional) {
      mention.checked = false
      mention.uncheckedReason = 'rephrasable'
    } else if (!atom.arabic && atom.uncounted) {
      mention.checked = false
      mention.uncheckedReason = 'idiom'
    }
    out.push(mention)
  }
  return out.sort((a, b) => a.start - b.start)
}

// ---------------------------------------------------------------------------------------------
// English

const EN_UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
}
const EN_ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
  fortieth: 40,
  fiftieth: 50,
  sixtieth: 60,
  seventieth: 70,
  eightieth: 80,
  ninetieth: 90,
  hundredth: 100,
}
const EN_SCALES: Record<string, number> = {
  hundred: 100,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
  k: 1e3,
  m: 1e6,
  mn: 1e6,
  mln: 1e6,
  b: 1e9,
  bn: 1e9,
  tn: 1e12,
}
/** Words that stand for a number without a numeral. */
const EN_NUMBER_WORDS: Record<string, number> = {
  both: 2,
  twice: 2,
  double: 2,
  pair: 2,
  couple: 2,
  dual: 2,
  twin: 2,
  thrice: 3,
  triple: 3,
  dozen: 12,
  decade: 10,
  century: 100,
  single: 1,
}
const EN_FRACTIONS: Record<string, number> = {
  half: 2,
  halves: 2,
  third: 3,
  thirds: 3,
  quarter: 4,
  quarters: 4,
  fifth: 5,
  fifths: 5,
  tenth: 10,
  tenths: 10,
}
const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
}
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

// Capitalised only: "may" and "march" are also verbs.
const MONTH_RE =
  '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?'
const EN_DATE_MONTH_FIRST = new RegExp(
  `\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?![\\d.,]\\d|\\s*(?:%|percent|million|billion))`,
)
const EN_DATE_DAY_FIRST = new RegExp(
  `(?<![\\d.,])(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}(?![a-z])`,
)
const EN_MONTH = new RegExp(`\\b${MONTH_RE}(?![a-z])`)
const EN_NUMBER = new RegExp(
  String.raw`(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d,.])|\d+(?:\.\d+)?|\.\d+)` +
    '(st|nd|rd|th)?' +
    String.raw`((?:[\s-]*(?:hundred|thousand|million|billion|trillion)\b)+|(?:mn|mln|bn|tn)\b)?` +
    String.raw`(\s*(?:%|percent\b|per\s+cent\b|percentage\s+points?\b|pct\b))?`,
  'i',
)
const WORD_ALTS = Object.keys(EN_UNITS).join('|')
const ORDINAL_ALTS = Object.keys(EN_ORDINALS).join('|')
const EN_WORD_NUMBER = new RegExp(
  String.raw`\b(?:(${WORD_ALTS})(?:-(${ORDINAL_ALTS}|${WORD_ALTS}))?(?![\w])|(an?)(?=\s))` +
    String.raw`((?:[\s-]+(?:and[\s-]+)?(?:hundred|thousand|million|billion|trillion|${WORD_ALTS})\b)*)` +
    String.raw`(\s*(?:%|percent\b|per\s+cent\b|percentage\s+points?\b))?`,
  'i',
)
const EN_RANGE_GAP = /^\s*(?:to|-|–|—|and|or)\s*$/i

function enScale(scaleText: string | undefined): number {
  if (!scaleText) return 1
  let scale = 1
  for (const word of scaleText.toLowerCase().match(/[a-z]+/g) ?? []) scale *= EN_SCALES[word] ?? 1
  return scale
}

function wordsToNumber(words: string[]): number | undefined {
  let total = 0
  let current = 0
  let any = false
  for (const word of words) {
    const lower = word.toLowerCase()
    if (lower === 'and') continue
    if (lower in EN_UNITS) {
      current += EN_UNITS[lower] ?? 0
      any = true
    } else if (lower === 'a' || lower === 'an') {
      current += 1
    } else if (lower === 'hundred') {
      current = (current || 1) * 100
    } else if (lower in EN_SCALES) {
      total += (current || 1) * (EN_SCALES[lower] ?? 1)
      current = 0
      any = true
    }
  }
  return any ? total + current : undefined
}

/** Numbers in an English paragraph. */
export function extractEnNumbers(input: string): NumberMention[] {
  const text = foldWidth(input)
  const claims = new SpanClaims(text.length)
  const out: NumberMention[] = []
  claimCommon(text, claims, out)

  const push = (mention: NumberMention): void => {
    claims.claim(mention.start, mention.end)
    out.push(mention)
  }
  // "September 4" and "4 September": the same date with its groups the other way round.
  const dateForms: [RegExp, number, number][] = [
    [EN_DATE_MONTH_FIRST, 1, 2],
    [EN_DATE_DAY_FIRST, 2, 1],
  ]
  for (const [pattern, monthGroup, dayGroup] of dateForms) {
    for (const match of matchesOf(pattern, text)) {
      const end = match.index + match[0].length
      if (!claims.isFree(match.index, end)) continue
      const month = MONTHS[(match[monthGroup] ?? '').toLowerCase()] ?? 0
      const day = Number(match[dayGroup])
      if (day < 1 || day > 31) continue
      push({
        text: match[0],
        start: match.index,
        end,
        kind: 'date',
        value: month * 100 + day,
        month,
        day,
        checked: true,
      })
    }
  }
  for (const match of matchesOf(EN_MONTH, text)) {
    const end = match.index + match[0].length
    if (!claims.isFree(match.index, end)) continue
    // "May" opening a sentence is more often the verb; a month name elsewhere is a month.
    const month = MONTHS[(match[1] ?? '').toLowerCase()] ?? 0
    push({
      text: match[0],
      start: match.index,
      end,
      kind: 'month',
      value: month,
      month,
      checked: true,
    })
  }
  for (const match of matchesOf(/\b(?:Q([1-4])|([1-4])Q)(?:['’]?\d{2}(?!\d))?\b/, text)) {
    const end = match.index + match[0].length
    if (!claims.isFree(match.index, end)) continue
    push({
      text: match[0],
      start: match.index,
      end,
      kind: 'quarter',
      value: Number(match[1] ?? match[2]),
      checked: true,
    })
  }
  for (const match of matchesOf(
    /\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b/,
    text,
  )) {
    const end = match.index + match[0].length
    if (!claims.isFree(match.index, end)) continue
    push({
      text: match[0],
      start: match.index,
      end,
      kind: 'weekday',
      value: WEEKDAYS.indexOf(match[1] ?? '') + 1,
      checked: true,
    })
  }

  const numbers: NumberMention[] = []
  const scaleOf = new Map<NumberMention, number>()
  for (const match of matchesOf(EN_NUMBER, text)) {
    const end = match.index + match[0].length
    if (!claims.isFree(match.index, end)) continue
    const digits = match[1] ?? ''
    const base = parseArabic(digits)
    const scale = enScale(match[3])
    const ordinalSuffix = match[2]
    const kind: NumberKind = match[4] ? 'percent' : ordinalSuffix ? 'ordinal' : 'quantity'
    const trimmedEnd = end - (match[0].length - match[0].trimEnd().length)
    const mention: NumberMention = {
      text: text.slice(match.index, trimmedEnd),
      start: match.index,
      end: trimmedEnd,
      kind,
      value: round12(base * scale),
      precision: 10 ** -decimalsOf(digits) * scale,
      checked: true,
    }
    if (kind === 'ordinal' && base >= 1 && base <= 31) mention.day = base
    scaleOf.set(mention, scale)
    claims.claim(mention.start, mention.end)
    numbers.push(mention)
  }
  for (const match of matchesOf(EN_WORD_NUMBER, text)) {
    const end = match.index + match[0].length
    const trimmedEnd = end - (match[0].length - match[0].trimEnd().length)
    if (!claims.isFree(match.index, trimmedEnd)) continue
    const article = match[3]
    const tail = (match[4] ?? '').match(/[a-z]+/gi) ?? []
    if (article && !tail.some((word) => word.toLowerCase() in EN_SCALES)) continue
    if (match[2] && match[2].toLowerCase() in EN_ORDINALS) {
      // twenty-first
      const value =
        (EN_UNITS[(match[1] ?? '').toLowerCase()] ?? 0) + (EN_ORDINALS[match[2].toLowerCase()] ?? 0)
      numbers.push({
        text: match[0],
        start: match.index,
        end: trimmedEnd,
        kind: 'ordinal',
        value,
        day: value,
        checked: true,
      })
      claims.claim(match.index, trimmedEnd)
      continue
    }
    const words = [match[1] ?? article ?? '', match[2] ?? '', ...tail].filter(Boolean)
    const value = wordsToNumber(words)
    if (value === undefined && !article) continue
    const scaleWords = tail.filter(
      (word) => word.toLowerCase() in EN_SCALES && word.toLowerCase() !== 'hundred',
    )
    const wordMention: NumberMention = {
      text: text.slice(match.index, trimmedEnd),
      start: match.index,
      end: trimmedEnd,
      kind: match[5] ? 'percent' : 'quantity',
      value: value ?? 1,
      precision: scaleWords.length ? enScale(scaleWords.join(' ')) : 1,
      checked: true,
    }
    scaleOf.set(wordMention, enScale(scaleWords.join(' ')))
    numbers.push(wordMention)
    claims.claim(match.index, trimmedEnd)
  }
  for (const match of matchesOf(new RegExp(`\\b(${ORDINAL_ALTS})\\b`, 'i'), text)) {
    const end = match.index + match[0].length
    if (!claims.isFree(match.index, end)) continue
    const value = EN_ORDINALS[(match[1] ?? '').toLowerCase()] ?? 0
    numbers.push({
      text: match[0],
      start: match.index,
      end,
      kind: 'ordinal',
      value,
      day: value,
      checked: true,
    })
    claims.claim(match.index, end)
  }
  for (const match of matchesOf(
    /\b(one|two|three|four|five|six|seven|eight|nine|ten|a)[\s-]+(halves|half|thirds?|quarters?|fifths?|tenths?)\b/i,
    text,
  )) {
    const end = match.index + match[0].length
    const numerator =
      (match[1] ?? '').toLowerCase() === 'a' ? 1 : (EN_UNITS[(match[1] ?? '').toLowerCase()] ?? 1)
    const denominator = EN_FRACTIONS[(match[2] ?? '').toLowerCase()] ?? 1
    numbers.push({
      text: match[0],
      start: match.index,
      end,
      kind: 'fraction',
      value: round12(numerator / denominator),
      checked: true,
    })
  }
  for (const match of matchesOf(/\bhalf\b|\bhalved\b/i, text)) {
    numbers.push({
      text: match[0],
      start: match.index,
      end: match.index + match[0].length,
      kind: 'fraction',
      value: 0.5,
      checked: true,
    })
  }
  for (const match of matchesOf(
    new RegExp(`\\b(${Object.keys(EN_NUMBER_WORDS).join('|')})s?\\b`, 'i'),
    text,
  )) {
    const end = match.index + match[0].length
    if (!claims.isFree(match.index, end)) continue
    const value = EN_NUMBER_WORDS[(match[1] ?? '').toLowerCase()] ?? 0
    numbers.push({
      text: match[0],
      start: match.index,
      end,
      kind: 'quantity',
      value,
      precision: 1,
      checked: true,
    })
  }
  for (const match of matchesOf(new RegExp(`\\b(${WORD_ALTS})fold\\b`, 'i'), text)) {
    const value = EN_UNITS[(match[1] ?? '').toLowerCase()] ?? 0
    numbers.push({
      text: match[0],
      start: match.index,
      end: match.index + match[0].length,
      kind: 'quantity',
      value,
      precision: 1,
      checked: true,
    })
  }

  // "12 to 14 million": the 12 also reads as 12 million; "6-7%": the 6 also reads as 6%.
  numbers.sort((a, b) => a.start - b.start)
  for (let i = 0; i + 1 < numbers.length; i++) {
    const first = numbers[i]
    const second = numbers[i + 1]
    if (!first || !second || !EN_RANGE_GAP.test(text.slice(first.end, second.start))) continue
    const secondScale = scaleOf.get(second) ?? 1
    if (first.kind === 'quantity' && secondScale > 1 && first.value < secondScale) {
      first.alternatives = [round12(first.value * secondScale)]
    }
    if (first.kind === 'quantity' && second.kind === 'percent') {
      first.alternatives = [...(first.alternatives ?? []), first.value]
      first.kind = 'percent'
    }
  }
  out.push(...numbers)
  return out.sort((a, b) => a.start - b.start)
}

// ---------------------------------------------------------------------------------------------
// Matching

function valuesOf(mention: NumberMention): number[] {
  return [mention.value, ...(mention.alternatives ?? [])]
}

/** True when `target` is `source` or a rounding of it (161.117 billion written 161.1 billion). */
function valueMatches(source: number, target: NumberMention): boolean {
  for (const value of valuesOf(target)) {
    if (sameValue(source, value)) return true
    const step = target.precision ?? 0
    if (
      step > 0 &&
      Math.abs(source) >= step &&
      Math.abs(source - value) <= step / 2 + Math.abs(source) * 1e-9
    ) {
      return true
    }
  }
  return false
}

/** Whether the English mention is a correct rendering of the Chinese one. */
export function numberMatches(source: NumberMention, target: NumberMention): boolean {
  const sourceValues = valuesOf(source)
  const anyValue = (kinds: NumberKind[]): boolean =>
    kinds.includes(target.kind) && sourceValues.some((value) => valueMatches(value, target))
  switch (source.kind) {
    case 'quantity':
    case 'year':
      // "first" is too common a word to stand for a written 1.
      return anyValue(source.value === 1 ? ['quantity', 'year'] : ['quantity', 'ordinal', 'year'])
    case 'ordinal':
      return anyValue(['ordinal', 'quantity'])
    case 'percent':
      return anyValue(['percent'])
    case 'fraction':
      return (
        anyValue(['fraction']) ||
        (target.kind === 'percent' && valueMatches(source.value * 100, target))
      )
    case 'quarter':
      return anyValue(['quarter', 'ordinal', 'quantity'])
    case 'date':
      return target.kind === 'date' && target.month === source.month && target.day === source.day
    case 'month':
      return (target.kind === 'date' || target.kind === 'month') && target.month === source.month
    case 'day':
      return (
        (target.kind === 'date' && target.day === source.day) ||
        (target.kind === 'ordinal' && target.value === source.day) ||
        (target.kind === 'quantity' && target.value === source.day)
      )
    case 'weekday':
      return target.kind === 'weekday' && target.value === source.value
    case 'time':
      return target.kind === 'time' && target.time === source.time
    case 'ticker':
      return (
        (target.kind === 'ticker' && target.code === source.code) ||
        (target.kind === 'quantity' &&
          `${target.value}.${source.code?.split('.')[1]}` === source.code)
      )
  }
}

const SCALE_WORDS: [number, string][] = [
  [1e12, 'trillion'],
  [1e9, 'billion'],
  [1e6, 'million'],
  [1e3, 'thousand'],
]
const SMALL_WORDS = Object.keys(EN_UNITS).slice(0, 21)

function plain(value: number): string {
  return String(round12(value))
}

function grouped(value: number): string {
  const [whole = '', fraction] = plain(value).split('.')
  const withCommas = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return fraction ? `${withCommas}.${fraction}` : withCommas
}

function ordinalSuffix(value: number): string {
  const lastTwo = value % 100
  if (lastTwo >= 11 && lastTwo <= 13) return `${value}th`
  return `${value}${['th', 'st', 'nd', 'rd'][value % 10] ?? 'th'}`
}

function quantityForms(value: number): string[] {
  const scaled: string[] = []
  let natural: string | undefined
  for (const [scale, word] of SCALE_WORDS) {
    const amount = round12(value / scale)
    if (amount < 0.1 || amount >= 1e6 || decimalsOf(plain(amount)) > 4) continue
    const form = `${grouped(amount)} ${word}`
    // The form a news editor writes first: 161.117 billion rather than 161,117 million.
    if (natural === undefined && amount >= 1 && amount < 1000) natural = form
    else scaled.push(form)
  }
  const forms = [...(natural ? [natural] : []), grouped(value), ...scaled]
  if (Number.isInteger(value) && value <= 20) forms.push(SMALL_WORDS[value] ?? '')
  return forms.filter(Boolean)
}

/** English renderings a source number may take, for messages ("tried: ..."). */
export function englishForms(mention: NumberMention): string[] {
  const forms: string[] = []
  for (const value of valuesOf(mention)) {
    switch (mention.kind) {
      case 'quantity':
      case 'year':
        forms.push(...quantityForms(value))
        break
      case 'ordinal':
        forms.push(ordinalSuffix(value), ...quantityForms(value))
        break
      case 'percent':
        forms.push(`${plain(value)}%`, `${plain(value)} percent`)
        if (Number.isInteger(value) && value <= 20) forms.push(`${SMALL_WORDS[value]} percent`)
        break
      case 'fraction':
        forms.push(plain(value), `${plain(round12(value * 100))}%`)
        break
      case 'quarter':
        forms.push(`Q${value}`, `${ordinalSuffix(value)} quarter`)
        break
      case 'date': {
        const name = MONTH_NAMES[(mention.month ?? 1) - 1] ?? ''
        forms.push(
          `${name} ${mention.day}`,
          `${name.slice(0, 3)} ${mention.day}`,
          `${mention.day} ${name}`,
        )
        break
      }
      case 'month': {
        const name = MONTH_NAMES[(mention.month ?? 1) - 1] ?? ''
        forms.push(name, name.slice(0, 3))
        break
      }
      case 'day':
        forms.push(`the ${ordinalSuffix(mention.day ?? 0)}`, `<month> ${mention.day}`)
        break
      case 'weekday':
        forms.push(WEEKDAYS[value - 1] ?? '')
        break
      case 'time':
        forms.push(mention.time ?? '')
        break
      case 'ticker':
        forms.push(mention.code ?? '')
        break
    }
  }
  return [...new Set(forms)]
}

export interface MissingNumber {
  /** The source text of the number, e.g. `1611.17亿`. */
  zh: string
  value: number
  kind: NumberKind
  start: number
  end: number
  /** The English forms that would have matched. */
  triedForms: string[]
  /** Target numbers of a comparable kind that no source number accounts for. */
  candidates: string[]
  /** A target number with the same digits at another magnitude: a 万/亿 scale slip. */
  likelyScaleError?: string
}

export interface NumberComparison {
  missing: MissingNumber[]
  matched: { zh: NumberMention; en: NumberMention }[]
  unchecked: NumberMention[]
  zhNumbers: NumberMention[]
  enNumbers: NumberMention[]
}

const COMPARABLE_KINDS: Record<NumberKind, NumberKind[]> = {
  quantity: ['quantity', 'year', 'ordinal'],
  year: ['quantity', 'year'],
  ordinal: ['ordinal', 'quantity'],
  percent: ['percent'],
  fraction: ['fraction', 'percent'],
  quarter: ['quarter', 'ordinal'],
  date: ['date'],
  month: ['month', 'date'],
  day: ['date', 'ordinal'],
  weekday: ['weekday'],
  time: ['time'],
  ticker: ['ticker'],
}

function isScaleSlip(source: number, target: number): boolean {
  if (source === 0 || target === 0 || sameValue(source, target)) return false
  const exponent = Math.log10(Math.abs(target / source))
  return Math.abs(exponent - Math.round(exponent)) < 1e-9 && Math.abs(Math.round(exponent)) <= 8
}

/**
 * Every checked number of the Chinese text must be matched by a number of the English text.
 * Accepts texts or mentions already extracted (alignment extracts them once for scoring).
 */
export function compareNumbers(
  zh: string | NumberMention[],
  en: string | NumberMention[],
): NumberComparison {
  const zhNumbers = typeof zh === 'string' ? extractZhNumbers(zh) : zh
  const enNumbers = typeof en === 'string' ? extractEnNumbers(en) : en
  const matched: NumberComparison['matched'] = []
  const unchecked: NumberMention[] = []
  const pending: NumberMention[] = []
  const usedTargets = new Set<NumberMention>()
  for (const source of zhNumbers) {
    if (!source.checked) {
      unchecked.push(source)
      continue
    }
    // Prefer an unused target so that a repeated number is matched pairwise where possible.
    const candidates = enNumbers.filter((target) => numberMatches(source, target))
    const target = candidates.find((candidate) => !usedTargets.has(candidate)) ?? candidates[0]
    if (target) {
      usedTargets.add(target)
      matched.push({ zh: source, en: target })
    } else {
      pending.push(source)
    }
  }
  const missing = pending.map((source): MissingNumber => {
    const comparable = enNumbers.filter(
      (target) => !usedTargets.has(target) && COMPARABLE_KINDS[source.kind].includes(target.kind),
    )
    // A scale slip is a written number read at the wrong magnitude, not "two" for 20.
    const slip = comparable.find(
      (target) =>
        (source.kind === 'quantity' || source.kind === 'percent') &&
        /\d/.test(target.text) &&
        Math.max(source.value, target.value) >= 1000 &&
        valuesOf(target).some((value) => isScaleSlip(source.value, value)),
    )
    const result: MissingNumber = {
      zh: source.text,
      value: source.value,
      kind: source.kind,
      start: source.start,
      end: source.end,
      triedForms: englishForms(source),
      candidates: comparable.map((target) => target.text),
    }
    if (slip) result.likelyScaleError = slip.text
    return result
  })
  return { missing, matched, unchecked, zhNumbers, enNumbers }
}
