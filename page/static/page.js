// nabij in the browser. The checking is the WebAssembly module's (nabij.wasm, built from the
// same library and rules as the command line, see page/src/lib.rs); this script passes the
// two texts and the choices to it as JSON, and shows what comes back. Nothing leaves the page.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const DEBOUNCE_MS = 150;
  const STATE = { present: 'aanwezig', missing: 'ontbreekt', 'not-needed': 'niet nodig' };
  const DIMENSIONS = [['empathy', 'Empathie'], ['ownership', 'Eigenaarschap'], ['follow_up', 'Vervolg']];
  const SEVERITY = { error: 'fout', warning: 'waarschuwing', info: 'info' };
  const RANK = { error: 3, warning: 2, info: 1 };
  const PERSONAL = 'persoonsgegevens-gedeeld';
  const PRIVACY_RULE = 'burger-deelde-persoonsgegevens';

  let exports = null; // the module's exports
  let setup = null; // what nabij_setup wrote: defaults, signal meanings, problems
  let shown = []; // the findings marked in the draft, with UTF-16 positions
  let timer = 0;
  // For tests and for whoever embeds the page: the last result and how many checks ran.
  const api = { last: null, checks: 0, lastMs: 0, readyMs: 0, check: null };
  window.nabij = api;

  // ---- the module -----------------------------------------------------------------------

  async function start() {
    const begun = performance.now();
    try {
      const [wasm, team] = await Promise.all(['nabij.wasm', 'team.json'].map(async (name) => {
        const response = await fetch(name);
        if (!response.ok) throw new Error(`${name}: ${response.status} ${response.statusText}`);
        return response.arrayBuffer();
      }));
      const { instance } = await WebAssembly.instantiate(wasm, {});
      exports = instance.exports;
      setup = JSON.parse(output(pass(exports.nabij_setup, new Uint8Array(team))));
    } catch (e) {
      const local = location.protocol === 'file:'
        ? ' Open de pagina via een webserver (http://…), niet als los bestand: een browser laadt de regels niet van schijf.'
        : '';
      status(`nabij kon niet starten: ${e.message}.${local}`, 'error');
      return;
    }
    api.check = (request) => JSON.parse(run(request).text);
    applyDefaults();
    showSetupErrors();
    fromHash();
    api.readyMs = Math.round(performance.now() - begun);
    const team = setup.config ? `, waarvan ${setup.team_rules} van het team (${setup.config})` : '';
    $('rules-info').textContent = `${setup.rules} regels${team}.`;
    status('Klaar.');
    document.documentElement.dataset.state = 'ready';
    check();
  }

  // The text the module wrote last, `len` bytes.
  function output(len) {
    return decoder.decode(new Uint8Array(exports.memory.buffer, exports.nabij_output(), len));
  }

  // Call `f` with `bytes` copied into the module's memory (it frees them); what it returns.
  function pass(f, bytes) {
    const ptr = exports.nabij_alloc(bytes.length);
    new Uint8Array(exports.memory.buffer, ptr, bytes.length).set(bytes);
    return f(ptr, bytes.length);
  }

  // Check one request; the module's JSON text and how long it took.
  function run(request) {
    const begun = performance.now();
    const len = pass(exports.nabij_check, encoder.encode(JSON.stringify(request)));
    return { text: output(len), ms: performance.now() - begun };
  }

  function request() {
    const voice = document.querySelector('input[name="voice"]:checked');
    return {
      concept: $('concept').value,
      bericht: $('bericht').value,
      platform: $('platform').value,
      automatic: $('automatic').checked,
      voice: voice ? voice.value : '',
    };
  }

  function check() {
    if (!exports) return;
    let result;
    try {
      const { text, ms } = run(request());
      result = JSON.parse(text);
      if (result.error) throw new Error(result.error);
      api.lastMs = ms;
      status(`Gecontroleerd in ${Math.max(1, Math.round(ms))} ms.`);
    } catch (e) {
      status(`Interne fout bij het controleren: ${e.message}. Herlaad de pagina.`, 'error');
      return;
    }
    api.last = result;
    render(result);
    api.checks += 1;
    document.documentElement.dataset.checks = String(api.checks);
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, DEBOUNCE_MS);
  }

  // ---- positions ------------------------------------------------------------------------

  // For each UTF-8 byte offset of `text` (the module's spans), its UTF-16 index (the
  // browser's string positions).
  function byteToIndex(text) {
    const map = new Uint32Array(encoder.encode(text).length + 1);
    let byte = 0;
    let index = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0);
      const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      for (let k = 0; k < bytes; k++) map[byte + k] = index;
      byte += bytes;
      index += ch.length;
    }
    map[byte] = index;
    return (offset) => map[Math.min(offset, byte)];
  }

  // ---- rendering ------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c != null) node.append(c);
    return node;
  }

  function status(text, kind) {
    const s = $('status');
    s.textContent = text;
    s.className = kind || '';
  }

  // The text of `area` in its backdrop, with `marks` ({start, end, cls, ids}: UTF-16
  // positions) as <mark>s; overlapping marks are cut at every boundary.
  function paint(backdrop, text, marks) {
    const cuts = new Set([0, text.length]);
    for (const m of marks) { cuts.add(m.start); cuts.add(m.end); }
    const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
    backdrop.replaceChildren();
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const over = marks.filter((m) => m.start <= a && m.end >= b && m.end > m.start);
      const piece = text.slice(a, b);
      if (over.length === 0) {
        backdrop.append(piece);
      } else {
        const top = over.reduce((x, y) => (y.rank > x.rank ? y : x));
        backdrop.append(el('mark', { class: top.cls, 'data-ids': over.map((m) => m.id).join(' ') }, piece));
      }
    }
    // A final line break needs something after it to take up its line.
    backdrop.append('\u200b');
  }

  function render(result) {
    const file = (result.files || [])[0] || { replies: [], errors: [] };
    const replies = file.replies || [];
    const reply = replies[0] || { dimensions: {}, signals: [], findings: [] };
    const draft = $('concept').value;
    const message = $('bericht').value;
    const empty = draft.trim() === '';
    const findings = replies.flatMap((r) => r.findings);
    const escalation = findings.find((f) => f.rule === setup.escalation_rule);
    // The escalation notice stands at the top, not among the draft's marks.
    const listed = empty ? [] : findings.filter((f) => f !== escalation);

    const inDraft = byteToIndex(draft);
    shown = listed.map((f, i) => ({
      finding: f,
      id: i,
      start: inDraft(f.span.start),
      end: inDraft(f.span.end),
      cls: f.severity,
      rank: RANK[f.severity] || 0,
    }));
    paint($('concept-backdrop'), draft, shown);
    grow($('concept'));
    grow($('bericht'));
    renderEscalation(escalation);
    renderSignals(reply.signals || [], message, findings);
    renderProfile(reply.dimensions || {}, empty);
    renderFindings(shown, [...(file.errors || []), ...(result.errors || [])], empty);
    $('count').textContent = `${[...draft].length} tekens`;
    atCursor();
  }

  function renderEscalation(finding) {
    const box = $('escalation');
    box.hidden = !finding;
    if (!finding) return;
    $('escalation-message').textContent = finding.message;
    $('escalation-contacts').replaceChildren(...finding.suggestions.map((s) => el('li', { text: s })));
  }

  function renderSignals(signals, message, findings) {
    const list = $('signals');
    const inMessage = byteToIndex(message);
    const marks = signals.map((s, i) => ({
      start: inMessage(s.span.start),
      end: inMessage(s.span.end),
      cls: s.signal === PERSONAL ? 'personal' : 'signal',
      rank: s.signal === PERSONAL ? 2 : 1,
      id: i,
    }));
    paint($('bericht-backdrop'), message, marks);
    if (signals.length === 0) {
      list.replaceChildren(el('li', { class: 'none', text: message.trim() ? 'Geen bijzondere signalen.' : 'Nog geen bericht.' }));
    } else {
      list.replaceChildren(...signals.map((s, i) => {
        // Personal data is not repeated: the module masks it, the page shows only where.
        const words = s.signal === PERSONAL ? null : el('q', { text: message.slice(marks[i].start, marks[i].end) });
        return el('li', { class: marks[i].cls, 'data-signal': s.signal },
          el('strong', { text: s.signal.replace(/-/g, ' ') }), ' ', words, ' ',
          el('span', { class: 'meaning', text: setup.signals[s.signal] || '' }));
      }));
    }
    const personal = signals.some((s) => s.signal === PERSONAL);
    $('privacy').hidden = !personal;
    if (personal) {
      const advice = findings.find((f) => f.rule === PRIVACY_RULE);
      $('privacy-advice').textContent = advice
        ? `${advice.message}. ${advice.suggestions[0] || ''}`
        : 'De burger deelde zelf persoonsgegevens (gemarkeerd). Herhaal ze niet in je antwoord en ga verder in een privékanaal, zoals een DM.';
    }
  }

  function renderProfile(dimensions, empty) {
    $('profile').replaceChildren(...DIMENSIONS.map(([key, name]) => {
      const state = empty ? 'open' : dimensions[key] || 'open';
      const word = STATE[state] || 'nog niet bekend';
      return el('li', { class: `state-${state}`, 'data-dimension': key, 'data-state': state },
        el('span', { class: 'icon', 'aria-hidden': 'true', text: { present: '✓', missing: '✗', 'not-needed': '–' }[state] || '·' }),
        el('span', { text: `${name}: ` }), el('strong', { text: word }));
    }));
  }

  function renderFindings(marks, errors, empty) {
    const list = $('findings');
    const items = errors.map((e) => el('li', { class: 'error problem' }, el('strong', { text: 'fout: ' }), e.message));
    for (const m of marks) items.push(findingItem(m));
    if (items.length === 0) {
      items.push(el('li', { class: 'none', text: empty ? 'Nog geen antwoord.' : 'Geen bevindingen: dit antwoord kan zo weg.' }));
    }
    list.replaceChildren(...items);
  }

  function findingItem(m) {
    const f = m.finding;
    const draft = $('concept').value;
    const words = draft.slice(m.start, m.end);
    const locate = el('button', { type: 'button', class: 'locate', 'aria-label': `Toon in je antwoord: ${words}` },
      `${SEVERITY[f.severity] || f.severity}: `, el('q', { text: words.length > 60 ? `${words.slice(0, 57)}…` : words }));
    locate.addEventListener('click', () => select(m));
    const item = el('li', { class: `finding ${f.severity}`, 'data-rule': f.rule, 'data-id': String(m.id) },
      locate,
      el('p', { class: 'message', text: f.message }),
      f.detail ? el('p', { class: 'detail', text: f.detail }) : null,
      el('details', {}, el('summary', { text: 'Waarom' }), el('p', { text: f.why })));
    if (f.suggestions.length) {
      item.append(el('p', { class: 'better', text: 'Beter:' }),
        el('ul', { class: 'suggestions' }, ...f.suggestions.map((s) => el('li', { text: s }))));
    }
    if (f.fix) {
      const fix = el('button', { type: 'button', class: 'fix' }, 'Vervang door ', el('q', { text: f.fix.replacement }));
      fix.addEventListener('click', () => replace(m, f.fix.replacement));
      item.append(fix);
    }
    if (f.related.length) {
      item.append(el('p', { class: 'related', text: `Ook: ${f.related.map((r) => r.rule).join(', ')}` }));
    }
    item.append(el('code', { class: 'rule', text: f.rule }));
    return item;
  }

  // ---- the draft: selection, hover, caret -----------------------------------------------

  function select(m) {
    const area = $('concept');
    area.focus();
    area.setSelectionRange(m.start, m.end);
    atCursor();
  }

  function replace(m, text) {
    const area = $('concept');
    area.focus();
    area.setSelectionRange(m.start, m.end);
    // insertText keeps the change in the browser's undo history; setRangeText where it is gone.
    if (!document.execCommand || !document.execCommand('insertText', false, text)) {
      area.setRangeText(text, m.start, m.end, 'end');
    }
    check();
  }

  function describe(marks) {
    return marks.map((m) => {
      const f = m.finding;
      const better = f.suggestions.length ? ` Beter: ${f.suggestions[0]}` : '';
      return `${SEVERITY[f.severity]}: ${f.message}.${better}`;
    });
  }

  function atCursor() {
    const area = $('concept');
    const box = $('at-cursor');
    if (document.activeElement !== area) { box.replaceChildren(); return; }
    const [a, b] = [area.selectionStart, area.selectionEnd];
    const here = shown.filter((m) => m.start <= b && m.end >= a && !(m.end === a && a === b && m.start < a));
    box.replaceChildren(...describe(here).map((t) => el('p', { text: t })));
  }

  function hover(event) {
    const tip = $('tooltip');
    const over = [];
    for (const mark of $('concept-backdrop').querySelectorAll('mark')) {
      for (const r of mark.getClientRects()) {
        if (event.clientX >= r.left && event.clientX <= r.right && event.clientY >= r.top && event.clientY <= r.bottom) {
          for (const id of mark.dataset.ids.split(' ')) over.push(shown[Number(id)]);
        }
      }
    }
    const unique = [...new Set(over)].filter(Boolean);
    if (unique.length === 0) { tip.hidden = true; return; }
    tip.replaceChildren(...unique.map((m) => el('div', {},
      el('strong', { text: `${SEVERITY[m.finding.severity]}: ${m.finding.message}` }),
      el('p', { text: m.finding.why }),
      m.finding.suggestions.length ? el('p', { text: `Beter: ${m.finding.suggestions[0]}` }) : null)));
    tip.hidden = false;
    const width = Math.min(420, window.innerWidth - 16);
    tip.style.maxWidth = `${width}px`;
    tip.style.left = `${Math.max(8, Math.min(event.clientX + 12, window.innerWidth - width - 8)) + window.scrollX}px`;
    tip.style.top = `${event.clientY + 18 + window.scrollY}px`;
  }

  // A text area as tall as its text: it never scrolls, so its copy underneath lines up.
  function grow(area) {
    area.style.height = 'auto';
    area.style.height = `${area.scrollHeight + area.offsetHeight - area.clientHeight}px`;
  }

  // The backdrop follows the text area's scrolling (when its height is capped).
  function follow(area, backdrop) {
    area.addEventListener('scroll', () => { backdrop.scrollTop = area.scrollTop; });
  }

  // ---- the choices, the link, copying ---------------------------------------------------

  function applyDefaults() {
    // The selects start at "standaard van het team"; say what that is.
    const platform = $('platform').querySelector('option[value=""]');
    if (setup.platform) platform.textContent = `standaard van het team (${setup.platform})`;
    const voice = document.querySelector('input[name="voice"][value=""]');
    const names = { u: 'u', je: 'je', mirror: 'volg de burger' };
    if (setup.voice) voice.parentElement.lastChild.textContent = ` standaard (${names[setup.voice]})`;
  }

  function showSetupErrors() {
    const box = $('setup-errors');
    box.hidden = setup.errors.length === 0;
    $('setup-error-list').replaceChildren(...setup.errors.map((e) => el('li', { text: e })));
  }

  // `#concept=...&bericht=...&platform=x&automatisch=1&aanspreekvorm=je` fills the page.
  function fromHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    if (params.has('concept')) $('concept').value = params.get('concept');
    if (params.has('bericht')) $('bericht').value = params.get('bericht');
    if (params.has('platform')) $('platform').value = params.get('platform');
    if (params.has('automatisch')) $('automatic').checked = /^(1|ja|true)$/.test(params.get('automatisch'));
    if (params.has('aanspreekvorm')) {
      const voice = document.querySelector(`input[name="voice"][value="${CSS.escape(params.get('aanspreekvorm'))}"]`);
      if (voice) voice.checked = true;
    }
  }

  async function copy() {
    const text = $('concept').value;
    let done = false;
    try {
      await navigator.clipboard.writeText(text);
      done = true;
    } catch (_) {
      const area = $('concept');
      area.focus();
      area.select();
      done = document.execCommand && document.execCommand('copy');
    }
    $('copied').textContent = done ? 'Gekopieerd.' : 'Kopiëren lukte niet: selecteer de tekst en kopieer met Ctrl+C.';
    setTimeout(() => { $('copied').textContent = ''; }, 4000);
  }

  function wire() {
    const draft = $('concept');
    for (const id of ['concept', 'bericht']) {
      $(id).addEventListener('input', () => { grow($(id)); later(); });
    }
    for (const id of ['platform', 'automatic']) $(id).addEventListener('change', check);
    for (const radio of document.querySelectorAll('input[name="voice"]')) radio.addEventListener('change', check);
    for (const ev of ['keyup', 'click', 'select', 'focus', 'blur']) draft.addEventListener(ev, atCursor);
    draft.addEventListener('mousemove', hover);
    draft.addEventListener('mouseleave', () => { $('tooltip').hidden = true; });
    follow(draft, $('concept-backdrop'));
    follow($('bericht'), $('bericht-backdrop'));
    $('copy').addEventListener('click', copy);
    $('settings').addEventListener('submit', (e) => e.preventDefault());
    window.addEventListener('hashchange', () => { fromHash(); check(); });
    // A narrower window wraps the text on more lines: the fields grow with it.
    window.addEventListener('resize', () => { grow($('concept')); grow($('bericht')); });
  }

  wire();
  start();
})();
