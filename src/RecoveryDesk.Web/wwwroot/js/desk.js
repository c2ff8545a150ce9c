// Pieces the staff pages share: case rows with their SLA countdown, words for statuses and clocks,
// form handling with problem details, and keeping focus and typed text across a live redraw.

import { ApiError } from './api.js';
import { el, until, when } from './dom.js';
import { serverNow, slaClass } from './time.js';

export const statusWords = {
  New: 'New — in the queue',
  Open: 'Open',
  WaitingOnCustomer: 'Waiting on customer',
  Resolved: 'Resolved',
  Closed: 'Closed',
};

export const clockWords = {
  Own: 'Time to own',
  FirstResponse: 'First response',
  Resolution: 'Resolution',
};

export const channels = [
  ['Phone', 'Phone'],
  ['Email', 'Email'],
  ['Web', 'Web form'],
  ['InPerson', 'In person'],
  ['Survey', 'Survey'],
];

export function priorityBadge(priority) {
  return el('span', { class: `badge ${priority}`, title: `Priority ${priority}` }, priority);
}

export function statusPill(status) {
  return el('span', { class: `pill status-${status}` }, statusWords[status] ?? status);
}

/** "Due in 12 min" / "Overdue by 5 min", kept fresh by tickCountdowns(). */
export function countdown(dueAt, prefix = 'Due') {
  // prefix '' reads "in 12 min" (e.g. in a column headed "Left").
  if (!dueAt) return el('span', { class: 'countdown muted' }, 'No deadline running');
  const node = el('time', { class: 'countdown', datetime: dueAt, dataset: { due: dueAt, prefix } });
  node.title = when(dueAt);
  paintCountdown(node);
  return node;
}

function paintCountdown(node) {
  const due = node.dataset.due;
  const left = Date.parse(due) - serverNow();
  const text = until(due, serverNow());
  const prefix = node.dataset.prefix ? `${node.dataset.prefix} ` : '';
  node.textContent = left >= 0 ? `${prefix}${text}` : `Overdue by ${text.replace(/ ago$/, '')}`;
  node.classList.toggle('overdue', left < 0);
}

/** The SLA words next to a row: not colour alone. */
function slaTag(cls) {
  if (cls === 'breached') return el('span', { class: 'sla-tag breached' }, 'Breached');
  if (cls === 'at-risk') return el('span', { class: 'sla-tag at-risk' }, 'At risk');
  return null;
}

/** Redraws every countdown and SLA class on the page against the server's clock. */
export function tickCountdowns(root = document) {
  for (const node of root.querySelectorAll('time.countdown[data-due]')) paintCountdown(node);
  for (const row of root.querySelectorAll('[data-sla-state]')) {
    const cls = slaClass(row.dataset.slaState, row.dataset.slaDue || null);
    row.classList.toggle('breached', cls === 'breached');
    row.classList.toggle('at-risk', cls === 'at-risk');
    const tag = row.querySelector('.sla-tag');
    const fresh = slaTag(cls);
    if (tag && fresh) tag.replaceWith(fresh);
    else if (tag) tag.remove();
    else if (fresh) row.querySelector('.row-head')?.append(fresh);
  }
}

/**
 * One case as a list row. `extra` adds buttons or lines; `summary` is a CaseSummary (or a queue row
 * of the same shape). The reference links to the case view on the console.
 */
export function caseRow(summary, { href = `/console#case/${summary.id}`, dueAt = summary.nextDueAt, state = summary.slaState, extra = [], meta, foot } = {}) {
  const cls = slaClass(state, dueAt);
  return el('li', { class: `case-row ${cls}`, dataset: { id: summary.id, slaState: state ?? '', slaDue: dueAt ?? '' } },
    el('div', { class: 'row-head' },
      el('a', { class: 'ref', href, dataset: { focusKey: `open:${summary.id}` } }, summary.reference),
      priorityBadge(summary.priority),
      slaTag(cls)),
    el('div', { class: 'subject' }, summary.subject),
    el('div', { class: 'meta' },
      meta ?? [
        el('span', {}, summary.customerName),
        ' · ',
        el('span', {}, summary.ownerName ? `Owner: ${summary.ownerName}` : summary.teamName ?? ''),
        summary.status !== 'New' ? [' · ', statusWords[summary.status] ?? summary.status] : null,
        summary.hasPendingHandoff ? [' · ', el('span', { class: 'handoff-flag' }, 'hand-off pending')] : null,
      ]),
    el('div', { class: 'row-foot' },
      foot ?? (state === 'Paused' ? el('span', { class: 'muted small' }, 'Clock paused — waiting on the customer')
        : state === 'Stopped' ? el('span', { class: 'muted small' }, 'No clock running')
          : countdown(dueAt)),
      extra.length ? el('span', { class: 'row-actions' }, ...extra) : null));
}

export function emptyRow(text) {
  return el('li', { class: 'empty muted' }, text);
}

/** A labelled control with room for a hint and a field error, wired for screen readers. */
export function field(id, label, control, hint) {
  control.id = id;
  const described = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', described);
  return el('div', { class: 'field' },
    el('label', { for: id }, label),
    hint ? el('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    control,
    el('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

/**
 * Runs a form's action with its buttons disabled; a failure is shown in words: field errors next to
 * their fields (controls carry data-field with the JSON name), the rest in the form's .form-error.
 */
export async function submitting(form, action) {
  const buttons = [...form.querySelectorAll('button')];
  const general = form.querySelector('.form-error');
  for (const node of form.querySelectorAll('.field-error')) { node.hidden = true; node.textContent = ''; }
  for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
  if (general) { general.hidden = true; general.textContent = ''; }
  buttons.forEach((b) => { b.disabled = true; });
  try {
    await action();
    return true;
  } catch (failure) {
    showFailure(form, failure);
    return false;
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

export function showFailure(form, failure) {
  const general = form.querySelector('.form-error');
  const leftOver = [];
  let first = null;
  if (failure instanceof ApiError && failure.status === 400) {
    for (const [name, messages] of Object.entries(failure.fieldErrors)) {
      const control = form.querySelector(`[data-field="${CSS.escape(name.toLowerCase())}"]`);
      // An error about a group of fields (e.g. "email or phone") has its own box with the field's name.
      const box = control?.classList.contains('field-error') ? control : control && form.querySelector(`#${CSS.escape(control.id)}-error`);
      if (box) {
        box.textContent = messages.join(' ');
        box.hidden = false;
        if (box !== control) {
          control.setAttribute('aria-invalid', 'true');
          first ??= control;
        }
      } else {
        leftOver.push(...messages);
      }
    }
  }
  const text = leftOver.length ? leftOver.join(' ') : first ? '' : readable(failure);
  if (general && text) {
    general.textContent = text;
    general.hidden = false;
  }
  first?.focus();
}

/** A failure in words a person can act on. */
export function readable(failure) {
  if (!(failure instanceof ApiError)) return 'RecoveryDesk could not be reached. Check the connection and try again.';
  if (failure.status === 400 && Object.keys(failure.fieldErrors).length) {
    return Object.values(failure.fieldErrors).flat().join(' ');
  }
  if (failure.status === 412) return 'Someone changed this case a moment ago. The page has been refreshed; please check and try again.';
  if (failure.status === 429) return 'Too many requests. Wait a minute and try again.';
  return failure.message;
}

export function formError() {
  return el('p', { class: 'form-error error', role: 'alert', hidden: true });
}

/**
 * Redraws `node` with `draw()` but keeps what the person was doing: typed text, open <details>,
 * and the focused control (matched by id or data-focus-key).
 */
export function redrawKeeping(node, draw) {
  const values = new Map();
  for (const control of node.querySelectorAll('input[id], textarea[id], select[id]')) {
    if (control.type === 'radio' || control.type === 'checkbox') values.set(control.id, control.checked);
    else values.set(control.id, control.value);
  }
  const open = new Set([...node.querySelectorAll('details[id][open]')].map((d) => d.id));
  const active = document.activeElement;
  const focusId = active && node.contains(active) ? active.id || null : null;
  const focusKey = active && node.contains(active) ? active.dataset?.focusKey ?? null : null;

  draw();

  for (const [id, value] of values) {
    const control = node.querySelector(`#${CSS.escape(id)}`);
    if (!control) continue;
    if (control.type === 'radio' || control.type === 'checkbox') control.checked = value;
    else if (value !== '' || control.tagName === 'SELECT') control.value = value;
  }
  for (const id of open) node.querySelector(`#${CSS.escape(id)}`)?.setAttribute('open', '');
  const again = (focusId && node.querySelector(`#${CSS.escape(focusId)}`))
    || (focusKey && node.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`));
  again?.focus();
}

/** Calls `fn` once after a burst of calls has settled. */
export function debounce(fn, ms = 120) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

export { when };
