/**
 * The static style and scripts of the review pages. They are constants on purpose: the page's
 * Content-Security-Policy allows exactly these texts by hash, and no article content ever goes
 * into them (the article script reads its data from a JSON data block).
 */

export const REVIEW_STYLE = `
:root {
  color-scheme: light;
  --fg: #1c2128; --muted: #5a6472; --bg: #f6f7f9; --panel: #fff; --line: #dde1e7;
  --del-bg: #fde4e2; --del-fg: #8a1c17; --ins-bg: #d8f1de; --ins-fg: #0d4f20;
  --accent: #2457d6; --mark: #fff3bf;
  --critical: #a3001a; --major: #b93c06; --minor: #8a6200; --info: #4b5563;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--fg); background: var(--bg);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC",
    "PingFang SC", "Microsoft YaHei", sans-serif;
}
a { color: var(--accent); }
code { font: .85em/1.3 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.page-head { background: var(--panel); border-bottom: 1px solid var(--line); padding: 1.1rem 2rem .9rem; }
.page-head h1 { font-size: 1.3rem; line-height: 1.3; margin: 0 0 .3rem; }
.page-head .meta { margin: 0; color: var(--muted); font-size: .84rem; }
.page-head .meta span + span::before { content: "·"; margin: 0 .45rem; }
main { padding: 0 2rem 4rem; }
h2 { font-size: 1rem; margin: 1.4rem 0 .6rem; }
.overview { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1rem; }
.stat { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: .55rem .9rem; min-width: 8.5rem; }
.stat b { display: block; font-size: 1.45rem; line-height: 1.2; font-variant-numeric: tabular-nums; }
.stat span { color: var(--muted); font-size: .8rem; }
.breakdowns { display: flex; flex-wrap: wrap; gap: 1rem; margin-top: 1rem; align-items: flex-start; }
table.counts { border-collapse: collapse; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; font-size: .82rem; }
table.counts caption { text-align: left; font-weight: 600; padding: 0 0 .3rem; font-size: .82rem; }
table.counts th, table.counts td { padding: .25rem .7rem; border-bottom: 1px solid var(--line); text-align: left; }
table.counts td.n, table.counts th.n { text-align: right; font-variant-numeric: tabular-nums; }
table.counts tr:last-child td { border-bottom: 0; }
.zero { color: #a0a7b1; }
.badge { display: inline-block; white-space: nowrap; border: 1px solid currentColor; border-radius: 999px; padding: 0 .45rem; font-size: .74rem; font-weight: 600; line-height: 1.45; background: var(--panel); }
.sev-critical { --sev: var(--critical); }
.sev-major { --sev: var(--major); }
.sev-minor { --sev: var(--minor); }
.sev-info { --sev: var(--info); }
.badge[class*="sev-"] { color: var(--sev); }
.findings-list { list-style: none; margin: 0; padding: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; }
.findings-list li { display: flex; flex-wrap: wrap; gap: .25rem .6rem; align-items: baseline; padding: .45rem .8rem; border-bottom: 1px solid var(--line); font-size: .86rem; }
.findings-list li:last-child { border-bottom: 0; }
.findings-list .where { margin-left: auto; white-space: nowrap; }
.none { color: var(--muted); font-style: italic; }
.toolbar {
  position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center;
  margin: 1.4rem -2rem 0; padding: .55rem 2rem; background: rgba(255,255,255,.97); border-bottom: 1px solid var(--line);
  border-top: 1px solid var(--line); box-shadow: 0 2px 6px rgba(20,30,50,.06);
}
.toolbar .group { display: inline-flex; gap: 0; }
.toolbar .group button { border-radius: 0; }
.toolbar .group button:first-child { border-radius: 6px 0 0 6px; }
.toolbar .group button:last-child { border-radius: 0 6px 6px 0; margin-left: -1px; }
.toolbar output { font-size: .84rem; color: var(--muted); }
.keys { margin-left: auto; white-space: nowrap; font-size: .78rem; color: var(--muted); }
kbd { font: .75rem ui-monospace, monospace; border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 .3rem; background: var(--panel); color: var(--fg); }
button {
  font: inherit; font-size: .82rem; color: var(--fg); background: var(--panel); border: 1px solid #c4cad3;
  border-radius: 6px; padding: .2rem .6rem; cursor: pointer;
}
button:hover { background: #eef2f8; }
button[aria-pressed="true"] { background: #1f3f8f; border-color: #1f3f8f; color: #fff; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 600; }
button:focus-visible, .card:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible {
  outline: 3px solid var(--accent); outline-offset: 2px;
}
.article { margin-top: .5rem; }
.row {
  display: grid; grid-template-columns: 2.6rem minmax(0, 1fr) minmax(0, 1fr) minmax(15rem, 21rem);
  gap: 0 1.4rem; padding: .65rem 0; border-bottom: 1px solid var(--line);
}
.view-inline .row { grid-template-columns: 2.6rem minmax(0, 52rem) minmax(16rem, 24rem); }
.view-inline .clean { display: none; }
.row.head { background: var(--bg); font-size: .78rem; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; padding: .4rem 0; }
.view-inline .row.head .orig-head { visibility: hidden; }
.view-inline .row.head .orig-head::after { content: "Changes in place"; visibility: visible; display: block; margin-top: -1.2em; }
.pnum { color: #98a1ad; font-size: .78rem; text-decoration: none; text-align: right; padding-top: .15rem; font-variant-numeric: tabular-nums; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; min-width: 0; }
.clean { border-left: 1px dashed var(--line); padding-left: 1.2rem; }
.notes { min-width: 0; }
.row:target, .row.has-current { background: #eef3ff; }
del, ins { border-radius: 2px; padding: 0 1px; }
del { background: var(--del-bg); color: var(--del-fg); text-decoration: line-through; text-decoration-thickness: 1.5px; }
ins { background: var(--ins-bg); color: var(--ins-fg); text-decoration: underline; text-decoration-thickness: 1.5px; text-underline-offset: 2px; }
del::before, ins::before { display: inline-block; font-size: .72em; font-weight: 700; margin-right: .1em; text-decoration: none; }
del::before { content: "\\2212"; }
ins::before { content: "+"; }
del.ws, ins.ws { font-size: .8em; }
.view-split .orig ins { display: none; }
.clean del { display: none; }
del.is-rejected { background: none; color: inherit; text-decoration: underline dotted #8b95a3; }
del.is-rejected::before { content: none; }
.clean del.is-rejected { display: inline; }
ins.is-rejected, .row-flag.is-rejected, .gone.is-rejected { display: none !important; }
.keep.is-current, del.is-current, ins.is-current { outline: 2px solid var(--accent); outline-offset: 1px; }
.row-flag, .gone { display: block; width: fit-content; font-size: .74rem; font-weight: 600; border-radius: 4px; padding: 0 .4rem; margin-bottom: .25rem; }
.row-flag { color: var(--del-fg); border: 1px solid var(--del-fg); }
.gone { color: var(--muted); border: 1px dashed #9aa3ae; }
.row.removed .orig { opacity: .92; }
mark.finding { background: var(--mark); color: inherit; text-decoration: underline wavy var(--sev); text-decoration-thickness: 1px; text-underline-offset: 3px; }
.card {
  background: var(--panel); border: 1px solid var(--line); border-left: 4px solid var(--sev, var(--info)); border-radius: 6px;
  padding: .45rem .6rem .5rem; margin-bottom: .5rem; font-size: .8rem; line-height: 1.4; scroll-margin-top: 6rem;
}
.card:target { box-shadow: 0 0 0 3px #b9cdfb; }
.card.is-current { box-shadow: 0 0 0 3px var(--accent); }
.card .line { display: flex; flex-wrap: wrap; gap: .3rem .4rem; align-items: center; }
.card .kind { font-weight: 700; }
.card .kind.removed { color: var(--del-fg); }
.card .kind.inserted { color: var(--ins-fg); }
.card .kind.finding { color: var(--sev); }
.card .category { color: var(--muted); }
.card .reason { margin: .3rem 0 0; }
.card .change { margin: .3rem 0 0; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 7.5em; overflow: auto; }
.card dl { display: grid; grid-template-columns: auto 1fr; gap: .05rem .5rem; margin: .3rem 0 0; color: var(--muted); }
.card dt { font-weight: 600; }
.card dd { margin: 0; overflow-wrap: anywhere; }
.card .actions { display: flex; gap: .35rem; align-items: center; margin-top: .45rem; }
.card .decision { margin-left: auto; font-weight: 600; color: var(--muted); }
.card.is-accepted { border-left-color: var(--ins-fg); }
.card.is-accepted .decision { color: var(--ins-fg); }
.card.is-rejected { border-left-color: #7b8491; background: #f3f4f6; }
.card.is-rejected .decision { color: var(--del-fg); }
button[data-action="accept"][aria-pressed="true"] { background: var(--ins-fg); border-color: var(--ins-fg); }
button[data-action="reject"][aria-pressed="true"] { background: var(--del-fg); border-color: var(--del-fg); }
.card.finding-card { border-style: dashed; border-left-style: solid; background: #fffdf3; }
.filters { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: center; margin: 1.2rem 0 .6rem; font-size: .86rem; }
.filters input, .filters select { font: inherit; padding: .25rem .5rem; border: 1px solid #c4cad3; border-radius: 6px; background: var(--panel); }
table.articles { width: 100%; border-collapse: collapse; background: var(--panel); border: 1px solid var(--line); font-size: .86rem; }
table.articles th, table.articles td { padding: .4rem .6rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
table.articles th { position: sticky; top: 0; background: #eef1f5; z-index: 2; white-space: nowrap; }
table.articles th button { border: 0; background: none; padding: 0; font-weight: 700; color: var(--fg); }
table.articles th[aria-sort="ascending"] button::after { content: " \\25B2"; font-size: .7em; }
table.articles th[aria-sort="descending"] button::after { content: " \\25BC"; font-size: .7em; }
table.articles .n, table.articles th.n { text-align: right; font-variant-numeric: tabular-nums; }
table.articles tr.has-error td { background: #fff4f2; }
table.articles .error { color: var(--critical); }
table.articles tbody tr:hover td { background: #f3f6fc; }
table.articles td.file a { font-weight: 600; }
@media (max-width: 60rem) {
  main { padding: 0 1rem 3rem; }
  .page-head { padding: 1rem; }
  .toolbar { margin: 1rem -1rem 0; padding: .5rem 1rem; }
  .row, .view-inline .row { grid-template-columns: 2.2rem minmax(0, 1fr); }
  .row .clean, .row .notes { grid-column: 2; }
  .clean { border-left: 0; padding-left: 0; border-top: 1px dashed var(--line); margin-top: .4rem; padding-top: .4rem; }
  .row.head { display: none; }
}
@media print {
  body { background: #fff; font-size: 10pt; }
  .toolbar, .card .actions button, .keys, .filters { display: none !important; }
  .row.head { position: static; }
  .row { break-inside: auto; grid-template-columns: 2rem minmax(0, 1fr) minmax(0, 1fr) 13rem; }
  .view-inline .row { grid-template-columns: 2rem minmax(0, 1fr) 13rem; }
  .card, .findings-list li, table.counts { break-inside: avoid; }
  del, ins, mark, .badge, .card, .row-flag { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  table.articles th { position: static; }
}
`

export const ARTICLE_SCRIPT = `
(() => {
  'use strict'
  const dataElement = document.getElementById('review-data')
  if (!dataElement) return
  const data = JSON.parse(dataElement.textContent || '{}')
  const edits = Array.isArray(data.edits) ? data.edits : []
  const decisions = edits.map(() => null)
  const marks = edits.map(() => [])
  for (const element of document.querySelectorAll('[data-edit]')) {
    const list = marks[Number(element.getAttribute('data-edit'))]
    if (list) list.push(element)
  }
  const cards = []
  function control(action, text) {
    const button = document.createElement('button')
    button.type = 'button'
    button.setAttribute('data-action', action)
    button.setAttribute('aria-pressed', 'false')
    button.textContent = text
    return button
  }
  for (const card of document.querySelectorAll('[data-card]')) {
    cards[Number(card.getAttribute('data-card'))] = card
    const actions = document.createElement('div')
    actions.className = 'actions'
    const label = document.createElement('span')
    label.className = 'decision'
    actions.append(control('accept', '\u2713 Accept'), control('reject', '\u2717 Reject'), label)
    card.append(actions)
  }
  const status = document.getElementById('review-status')
  const storageKey = 'mt-tidy:decisions:' + data.inputSha256 + ':' + data.file
  const labels = { accept: '\\u2713 accepted', reject: '\\u2717 rejected' }
  let current = -1

  function show(index) {
    const decision = decisions[index]
    for (const element of marks[index]) {
      element.classList.toggle('is-accepted', decision === 'accept')
      element.classList.toggle('is-rejected', decision === 'reject')
    }
    const card = cards[index]
    if (!card) return
    card.classList.toggle('is-accepted', decision === 'accept')
    card.classList.toggle('is-rejected', decision === 'reject')
    const label = card.querySelector('.decision')
    if (label) label.textContent = decision ? labels[decision] : '\\u2022 pending'
    for (const button of card.querySelectorAll('button[data-action]')) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-action') === decision))
    }
  }

  function summarise() {
    let accepted = 0
    let rejected = 0
    for (const decision of decisions) {
      if (decision === 'accept') accepted++
      else if (decision === 'reject') rejected++
    }
    const pending = edits.length - accepted - rejected
    if (status) {
      status.textContent = edits.length + ' edits: ' + accepted + ' accepted, ' + rejected +
        ' rejected, ' + pending + ' pending'
    }
  }

  function save() {
    try {
      const saved = []
      decisions.forEach((decision, index) => {
        if (decision) saved.push({ id: edits[index].id, rule: edits[index].rule, before: edits[index].before, decision })
      })
      localStorage.setItem(storageKey, JSON.stringify(saved))
    } catch {
      // Storage may be unavailable (private mode, file:// policy); decisions still live in the page.
    }
  }

  function restore() {
    let saved = []
    try {
      saved = JSON.parse(localStorage.getItem(storageKey) || '[]')
    } catch {
      return
    }
    if (!Array.isArray(saved)) return
    const byId = new Map()
    edits.forEach((edit, index) => byId.set(edit.id, index))
    for (const entry of saved) {
      const index = byId.get(entry && entry.id)
      if (index === undefined) continue
      const edit = edits[index]
      if (edit.rule !== entry.rule || edit.before !== entry.before) continue
      if (entry.decision === 'accept' || entry.decision === 'reject') decisions[index] = entry.decision
    }
  }

  function decide(index, decision) {
    if (index < 0 || index >= edits.length) return
    decisions[index] = decision
    show(index)
    summarise()
    save()
  }

  function visible(element) {
    return element.getClientRects().length > 0
  }

  function select(index) {
    if (index < 0 || index >= edits.length) return
    if (current >= 0) {
      for (const element of marks[current]) element.classList.remove('is-current')
      if (cards[current]) {
        cards[current].classList.remove('is-current')
        const row = cards[current].closest('.row')
        if (row) row.classList.remove('has-current')
      }
    }
    current = index
    for (const element of marks[index]) element.classList.add('is-current')
    const card = cards[index]
    if (!card) return
    card.classList.add('is-current')
    const row = card.closest('.row')
    if (row) row.classList.add('has-current')
    card.focus({ preventScroll: true })
    const target = marks[index].find(visible) || card
    target.scrollIntoView({ block: 'center' })
  }

  function move(step) {
    if (edits.length === 0) return
    if (current < 0) select(step > 0 ? 0 : edits.length - 1)
    else select(Math.min(edits.length - 1, Math.max(0, current + step)))
  }

  function setView(view) {
    document.body.classList.toggle('view-split', view === 'split')
    document.body.classList.toggle('view-inline', view === 'inline')
    for (const button of document.querySelectorAll('button[data-view]')) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-view') === view))
    }
    if (current >= 0) {
      const target = marks[current].find(visible) || cards[current]
      if (target) target.scrollIntoView({ block: 'center' })
    }
  }

  function exportDecisions() {
    const list = []
    decisions.forEach((decision, index) => {
      if (!decision) return
      const edit = edits[index]
      list.push({ id: edit.id, rule: edit.rule, before: edit.before, after: edit.after, decision })
    })
    const payload = { schema: 1, file: data.file, inputSha256: data.inputSha256, decisions: list }
    const blob = new Blob([JSON.stringify(payload, null, 2) + '\\n'], { type: 'application/json' })
    const url = URL.createObjectURL(blob)
    const link = document.createElement('a')
    link.href = url
    link.download = data.downloadName || 'decisions.json'
    document.body.appendChild(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10000)
    if (status) status.textContent = 'Exported ' + list.length + ' decisions to ' + link.download
  }

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null
    if (!target) return
    const actionButton = target.closest('button[data-action]')
    if (actionButton) {
      const card = actionButton.closest('[data-card]')
      const index = card ? Number(card.getAttribute('data-card')) : -1
      const action = actionButton.getAttribute('data-action')
      decide(index, decisions[index] === action ? null : action)
      select(index)
      return
    }
    const viewButton = target.closest('button[data-view]')
    if (viewButton) {
      setView(viewButton.getAttribute('data-view'))
      return
    }
    if (target.closest('#export-decisions')) {
      exportDecisions()
      return
    }
    if (target.closest('#reset-decisions')) {
      decisions.forEach((_, index) => {
        decisions[index] = null
        show(index)
      })
      summarise()
      save()
      return
    }
    if (target.closest('a, button')) return
    const piece = target.closest('[data-edit], [data-card]')
    if (piece) select(Number(piece.getAttribute('data-edit') ?? piece.getAttribute('data-card')))
  })

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return
    const target = event.target instanceof Element ? event.target : null
    if (target && target.closest('input, textarea, select, [contenteditable]')) return
    const key = event.key
    if (key === 'j' || key === 'n') move(1)
    else if (key === 'k' || key === 'p') move(-1)
    else if (key === 'a' || key === 'r' || key === 'u') {
      if (current < 0) {
        move(1)
      } else {
        decide(current, key === 'a' ? 'accept' : key === 'r' ? 'reject' : null)
        if (key !== 'u') move(1)
      }
    } else if (key === 'v') setView(document.body.classList.contains('view-split') ? 'inline' : 'split')
    else return
    event.preventDefault()
  })

  restore()
  edits.forEach((_, index) => show(index))
  summarise()
  document.documentElement.setAttribute('data-review-ready', 'true')
})()
`

export const INDEX_SCRIPT = `
(() => {
  'use strict'
  const table = document.getElementById('articles')
  if (!table) return
  const body = table.tBodies[0]
  const rows = Array.from(body.rows)
  const filterText = document.getElementById('filter-text')
  const filterKind = document.getElementById('filter-kind')
  const status = document.getElementById('filter-status')
  let sortKey = null
  let sortDirection = 1

  function cellValue(row, key) {
    const cell = row.querySelector('[data-key="' + key + '"]')
    return cell ? cell.getAttribute('data-value') || '' : ''
  }

  function applyFilter() {
    const needle = filterText ? filterText.value.trim().toLowerCase() : ''
    const kind = filterKind ? filterKind.value : 'all'
    let shown = 0
    for (const row of rows) {
      const file = (row.getAttribute('data-file') || '').toLowerCase()
      let keep = needle === '' || file.includes(needle)
      if (keep && kind !== 'all') keep = row.getAttribute('data-' + kind) === 'true'
      row.hidden = !keep
      if (keep) shown++
    }
    if (status) status.textContent = 'Showing ' + shown + ' of ' + rows.length + ' articles'
  }

  function sortBy(key, type) {
    sortDirection = sortKey === key ? -sortDirection : type === 'number' ? -1 : 1
    sortKey = key
    const sorted = rows.slice().sort((left, right) => {
      const a = cellValue(left, key)
      const b = cellValue(right, key)
      const order = type === 'number' ? Number(a) - Number(b) : a.localeCompare(b)
      return order * sortDirection || rows.indexOf(left) - rows.indexOf(right)
    })
    for (const row of sorted) body.appendChild(row)
    for (const header of table.querySelectorAll('th[data-key]')) {
      if (header.getAttribute('data-key') === key) {
        header.setAttribute('aria-sort', sortDirection > 0 ? 'ascending' : 'descending')
      } else header.removeAttribute('aria-sort')
    }
  }

  table.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null
    const button = target && target.closest('th[data-key] button')
    if (!button) return
    const header = button.closest('th')
    sortBy(header.getAttribute('data-key'), header.getAttribute('data-type'))
  })
  if (filterText) filterText.addEventListener('input', applyFilter)
  if (filterKind) filterKind.addEventListener('change', applyFilter)
  applyFilter()
  document.documentElement.setAttribute('data-review-ready', 'true')
})()
`
