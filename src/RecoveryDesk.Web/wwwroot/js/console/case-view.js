// The case view: one case in full with everything the caller may do with it now. The buttons come
// from the case's allowedActions, so the page restates none of the server's rules. A live message
// about the open case re-reads it (the timeline is not in the message); nothing else does. Who else
// has it open is js/console/presence.js; a reply says which version its draft began from, and the
// server holds it back when the case moved on since in a way that matters (docs/live.md).

import { get, post, ApiError } from '../api.js';
import { $, el, replace, when as writtenIn } from '../dom.js';
import { serverNow, toLocalInput, fromLocalInput } from '../time.js';
import {
  countdown, priorityBadge, statusPill, clockWords, channels, field, submitting, formError, redrawKeeping, debounce, readable,
} from '../desk.js';
import { claim } from './queue.js';
import { select } from './case-list.js';
import { mountSavedReplies } from './saved-replies.js';
import { offerHeadline } from './offer-words.js';
import { mountPresence, leavePresence, typingReply, stoppedTyping } from './presence.js';
import { nameWithAvailability } from '../availability.js';
import { fileField, uploadPicked, fileList } from '../attachments.js';

const pane = $('#detail');
let person = null;
let directory = { agents: [], teams: [] };
let teamName = () => 'a team';
let current = null; // { id, detail }
let caseMessage = '';
let draftSeenVersion = null; // the version shown when the reply being written began
let heldReply = ''; // why the server held the reply back, shown with "Send anyway" until it is sent
let lastReplyVersion = 0; // the version my last reply made, which a re-read may not show yet
let caseZone; // the open case's team calendar zone: its times are written in it
const when = (iso) => writtenIn(iso, caseZone);

/** Sets who is reading and where names come from; call once before showing a case. */
export function startCaseView(options) {
  ({ person, directory, teamName } = options);
}

/** Nothing open: the placeholder. */
export function showNothing() {
  current = null;
  leavePresence();
  select(null);
  replace(pane, el('div', { class: 'placeholder' },
    el('h2', {}, 'No case open'),
    el('p', { class: 'muted' }, 'Pick a case from the queue or your own cases, or log a new complaint.')));
}

export function backLink() {
  return el('a', { class: 'back-link', href: '#' }, '← Back to the lists');
}

/** Reads and draws a case; `fresh` when the person opened it (focus moves to its title). */
/** In place of a case that cannot be shown: why, in words. */
export function showMissing(text) {
  current = null;
  leavePresence();
  replace(pane, backLink(), el('p', { class: 'error', role: 'alert' }, text));
}

export async function showCase(id, { fresh = false } = {}) {
  let detail;
  let timeline;
  let mail;
  let history;
  try {
    [detail, timeline, mail, history] = await Promise.all([
      get(`/api/cases/${id}`), get(`/api/cases/${id}/timeline`), get(`/api/cases/${id}/mail`), get(`/api/cases/${id}/customer-history`)]);
  } catch (failure) {
    if (current?.id === id && !fresh) return; // keep what is shown; the banner explains a lost connection
    showMissing(failure instanceof ApiError && failure.status === 404 ? 'There is no case with that id.' : readable(failure));
    return;
  }
  if (!fresh && current?.id !== id) return; // the person moved on while this was read
  const sameCase = current?.id === id;
  if (!sameCase) {
    caseMessage = '';
    draftSeenVersion = null;
    heldReply = '';
  }
  current = { id, detail };
  if (sameCase && !fresh) redrawKeeping(pane, () => drawCase(detail, timeline, mail, history));
  else {
    drawCase(detail, timeline, mail, history);
    pane.querySelector('h2')?.focus();
  }
  mountPresence(id, $('#presence'));
  select(id);
}

const reread = debounce(() => { if (current) showCase(current.id).catch(() => {}); }, 100);

/** A live message: the open case is re-read when the message is newer than what is shown. */
export function applyToCase(message) {
  if (current && message.caseId === current.id && message.version > current.detail.version) reread();
}

/** A mail to a customer was sent or failed: the open case shows its mail, so it is read again. */
export function applyMailToCase(update) {
  if (current && update.caseId === current.id) reread();
}

/** After a reconnect: whatever is open is read again. */
export function rereadCase() {
  if (current) reread();
}

function reload() {
  if (current) showCase(current.id).catch(() => {});
}

/**
 * The one way the case view sends a change: `send()` posts it, with failures shown in `form`; on
 * success the form is cleared and folded away, `words` are said and the case is read again. `words`
 * may be a function: it is read before the form is cleared, since it may name what was chosen.
 * `send()` answering false means the server held it back and the form stays as it is.
 */
async function sendFrom(form, send, words) {
  const said = typeof words === 'function' ? words() : words;
  let held = false;
  if (!(await submitting(form, async () => { held = (await send()) === false; })) || held) return;
  form.reset();
  form.closest('details')?.removeAttribute('open');
  say(said);
  reload();
}

function onSubmit(form, send, words) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    sendFrom(form, send, words);
  });
  return form;
}

function drawCase(detail, timeline, mail, history) {
  caseZone = detail.timeZone;
  const allowed = new Set(detail.allowedActions);
  const allows = (action) => allowed.has(action);
  const mine = detail.ownerId === person.id;

  replace(pane,
    backLink(),
    el('header', { class: 'case-head' },
      el('h2', { tabindex: -1, id: 'case-title' }, `${detail.reference} · ${detail.subject}`),
      el('p', { class: 'case-facts' },
        statusPill(detail.status), ' ', priorityBadge(detail.priority),
        el('span', {}, ` Team ${detail.teamName}`), ' · ',
        el('span', {}, detail.ownerName ? `Owner: ${detail.ownerName}${mine ? ' (you)' : ''}` : 'Nobody owns it yet'),
        ' · ', el('span', { class: 'muted' }, `Opened ${when(detail.openedAt)}`)),
      el('p', { id: 'presence', class: 'presence small', role: 'status', hidden: true })),
    el('div', { id: 'case-message', role: 'status', class: `case-message${caseMessage ? ' shown' : ''}` }, caseMessage),
    ownershipNotice(detail, mine, allows),
    unsentNotice(detail, mail),
    el('div', { class: 'case-summary' },
      customerCard(detail),
      clocksCard(detail)),
    historyCard(history),
    el('section', { class: 'description', 'aria-labelledby': 'description-title' },
      el('h3', { id: 'description-title' }, 'The complaint'),
      el('p', { class: 'prewrap' }, detail.description),
      detail.resolutionSummary ? el('p', { class: 'prewrap' }, el('strong', {}, 'Resolution: '), detail.resolutionSummary) : null),
    handoffCard(detail, allows),
    promisesCard(detail),
    el('section', { class: 'case-actions', 'aria-labelledby': 'actions-title' },
      el('h3', { id: 'actions-title' }, 'Work on the case'),
      allows('Claim')
        ? el('div', { class: 'actions' }, el('button', {
          type: 'button', class: 'primary', id: 'claim-this',
          onclick: (e) => claim({ id: detail.id, reference: detail.reference }, e.currentTarget),
        }, `Claim ${detail.reference}`))
        : null,
      allows('Reply') ? replyForm(detail) : null,
      allows('Note') ? noteForm(detail) : null,
      ownerTools(detail, allows),
      allows('Close') ? closeButton(detail) : null,
      allows('NewAccessCode') ? newAccessCodeForm(detail) : null,
      allows('Reopen') ? reopenForm(detail) : null,
      allows('Reassign') ? reassignForm(detail) : null),
    timelineCard(timeline, detail, mail));
}

/** Mail that failed for good: the customer has not been told what the mail said. */
function unsentNotice(detail, mail) {
  const failed = mail.filter((m) => m.state === 'Failed');
  if (!failed.length) return null;
  const who = detail.customer.preferredAddress || detail.customer.name;
  return el('div', { id: 'mail-failed', class: 'error', role: 'alert' },
    el('strong', {}, `${who} has not been told. `),
    failed.map((m) => el('span', { class: 'block' }, `“${m.subject}” could not be delivered: ${m.failure ?? 'refused'}. `)),
    detail.customer.phone ? `Call them on ${detail.customer.phone}.` : 'Check the address with them.');
}

function ownershipNotice(detail, mine, allows) {
  if (!detail.ownerId) {
    return allows('Claim') ? el('p', { class: 'notice' }, 'This case is in the queue. Claim it to become its owner.') : null;
  }
  if (mine) return null;
  return el('p', { class: 'notice' }, `${detail.ownerName} owns this case. You can add internal notes; the owner replies to the customer.`);
}

function customerCard(detail) {
  const c = detail.customer;
  return el('section', { class: 'customer', 'aria-labelledby': 'customer-title' },
    el('h3', { id: 'customer-title' }, 'Customer'),
    el('dl', { class: 'facts' },
      el('dt', {}, 'Name'), el('dd', {}, c.name),
      el('dt', {}, 'Address as'), el('dd', { class: 'address-as' }, c.preferredAddress || c.name),
      c.email ? [el('dt', {}, 'Email'), el('dd', {}, el('a', { href: `mailto:${c.email}` }, c.email),
        c.updateMail ? null : el('span', { class: 'muted small block', id: 'no-update-mail' }, 'Asked for no update mail; replies and questions still go.'))]
        : [el('dt', {}, 'Email'), el('dd', { class: 'muted', id: 'no-email' }, 'None: nothing is mailed. Tell them by phone.')],
      c.phone ? [el('dt', {}, 'Phone'), el('dd', {}, el('a', { href: `tel:${c.phone.replace(/[^0-9+]/g, '')}` }, c.phone))] : null,
      el('dt', {}, 'Came in by'), el('dd', {}, channels.find(([v]) => v === detail.channel)?.[1] ?? detail.channel),
      detail.category ? [el('dt', {}, 'Category'), el('dd', {}, detail.category)] : null));
}

const buyAgainWords = { Yes: 'would buy again', NotSure: 'not sure about buying again', No: 'would not buy again' };

/** The customer's other cases (same email or phone), with how each ended for them. */
function historyCard(history) {
  if (!history.length) return null;
  return el('section', { class: 'history', 'aria-labelledby': 'history-title' },
    el('h3', { id: 'history-title' }, `Their other cases (${history.length})`),
    el('ul', { class: 'plain', id: 'customer-history' }, history.map((c) => el('li', {},
      el('a', { href: `#case/${c.id}` }, c.reference), ` · ${c.subject} · `, statusPill(c.status),
      el('span', { class: 'muted' }, ` ${c.teamName}, opened ${when(c.openedAt)}`),
      c.loyalty ? el('span', { class: 'block small' },
        `Said: satisfaction ${c.loyalty.satisfaction}/5, ${buyAgainWords[c.loyalty.buyAgain] ?? c.loyalty.buyAgain}, recommend ${c.loyalty.recommend}/10`)
        : null))));
}

function clocksCard(detail) {
  const rows = detail.clocks.map((clock) => {
    let state;
    if (clock.metAt && clock.metLate) state = [el('span', { class: 'sla-tag breached' }, 'Breached'), ` met late, ${when(clock.metAt)}`];
    else if (clock.metAt) state = el('span', { class: 'ok' }, `Met ${when(clock.metAt)}`);
    else if (clock.paused) state = el('span', { class: 'muted' }, 'Paused while waiting on the customer');
    else if (clock.breachedAt || Date.parse(clock.dueAt) <= serverNow()) state = el('span', { class: 'sla-tag breached' }, 'Breached');
    else if (clock.warnedAt) state = el('span', { class: 'sla-tag at-risk' }, 'At risk');
    else state = el('span', { class: 'ok' }, 'On track');
    return el('tr', {},
      el('th', { scope: 'row' }, clockWords[clock.kind] ?? clock.kind),
      el('td', {}, when(clock.dueAt)),
      el('td', {}, clock.metAt || clock.paused ? '' : countdown(clock.dueAt, '')),
      el('td', {}, state, clock.escalationLevel > 0 ? el('span', { class: 'small muted' }, ` escalated (level ${clock.escalationLevel})`) : null));
  });
  return el('section', { class: 'clocks', 'aria-labelledby': 'clocks-title' },
    el('h3', { id: 'clocks-title' }, 'SLA'),
    rows.length
      ? el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Clock'), el('th', { scope: 'col' }, 'Due'), el('th', { scope: 'col' }, 'Left'), el('th', { scope: 'col' }, 'State'))),
        el('tbody', {}, ...rows))
      : el('p', { class: 'muted' }, 'No SLA clocks.'));
}

function handoffCard(detail, allows) {
  const h = detail.pendingHandoff;
  if (!h) return null;
  const target = h.toAgentId ? (directory.agents.find((a) => a.id === h.toAgentId)?.name ?? 'a colleague') : `team ${teamName(h.toTeamId)}`;
  const form = el('form', { class: 'inline-form' }, formError());
  const buttons = [];
  if (allows('Cancel')) {
    buttons.push(el('button', {
      type: 'button', id: 'cancel-handoff',
      onclick: () => sendFrom(form, () => post(`/api/cases/${detail.id}/handoffs/${h.id}/cancel`), `You withdrew the hand-off; ${detail.reference} stays with you.`),
    }, 'Withdraw the offer'));
  }
  if (allows('Accept')) {
    buttons.push(el('button', {
      type: 'button', class: 'primary', id: 'accept-handoff',
      onclick: () => sendFrom(form, () => post(`/api/cases/${detail.id}/handoffs/${h.id}/accept`), `You own ${detail.reference} now.`),
    }, 'Accept'));
  }
  return el('section', { class: 'prompt handoff-pending', 'aria-labelledby': 'handoff-title' },
    el('h3', { id: 'handoff-title' }, offerHeadline(h, person, target)),
    el('blockquote', { class: 'prewrap' }, h.note),
    el('p', { class: 'small muted' }, `Offered ${when(h.offeredAt)} · `, countdown(h.expiresAt, 'Expires')),
    allows('Cancel') ? el('p', { class: 'small' }, 'You stay the owner until it is accepted.') : null,
    el('div', { class: 'actions' }, ...buttons),
    form);
}

function promisesCard(detail) {
  if (!detail.promises.length) return null;
  const words = { Open: 'Open', Kept: 'Kept', Broken: 'Broken', Renegotiated: 'Renegotiated' };
  return el('section', { class: 'promises', 'aria-labelledby': 'promises-title' },
    el('h3', { id: 'promises-title' }, 'Promises to the customer'),
    el('ul', { class: 'rows' }, ...detail.promises.map((p) => {
      const open = p.status === 'Open' || p.status === 'Renegotiated';
      const late = open && Date.parse(p.dueAt) <= serverNow();
      return el('li', { class: `promise ${late ? 'breached' : ''} status-${p.status}` },
        el('div', { class: 'row-head' }, el('span', { class: 'prewrap' }, p.text)),
        el('div', { class: 'meta' },
          `${words[p.status] ?? p.status} · due ${when(p.dueAt)}`,
          p.dueAt !== p.originalDueAt ? ` (first promised for ${when(p.originalDueAt)})` : '',
          open ? [' · ', countdown(p.dueAt)] : null),
        p.allowedActions.length ? promiseTools(detail, p) : null);
    })));
}

function promiseTools(detail, promise) {
  const id = `reneg-${promise.id}`;
  const form = el('form', { class: 'inline-form' },
    field(`${id}-due`, 'New due time', el('input', { type: 'datetime-local', required: true, dataset: { field: 'newdueat' }, value: toLocalInput(Date.parse(promise.dueAt) + 86400000) })),
    field(`${id}-note`, 'What you told the customer', el('textarea', { rows: 2, required: true, dataset: { field: 'note' } }),
      'Say why, before it is due. The customer sees the new time.'),
    formError(),
    el('button', { type: 'submit' }, 'Save the new time'));
  onSubmit(form, () => post(`/api/cases/${detail.id}/promises/${promise.id}/renegotiate`, {
    newDueAt: fromLocalInput(form.querySelector('input').value), note: form.querySelector('textarea').value.trim(),
  }), 'The promise has a new due time.');
  const keptForm = el('form', { class: 'inline' }, formError());
  return el('div', { class: 'promise-tools' },
    promise.allowedActions.includes('Keep') ? el('div', { class: 'actions' },
      el('button', {
        type: 'button', id: `kept-${promise.id}`,
        onclick: () => sendFrom(keptForm, () => post(`/api/cases/${detail.id}/promises/${promise.id}/kept`), 'Promise kept.'),
      }, 'Mark kept'),
      keptForm) : null,
    promise.allowedActions.includes('Renegotiate') ? el('details', { id: `${id}-box` }, el('summary', {}, 'Renegotiate…'), form) : null);
}

function textForm({ id, label, hint, button, primary = false, path, bodyOf, done, caseId }) {
  const files = fileField(`${id}-files`);
  const form = el('form', { class: `compose ${id}` },
    field(id, label, el('textarea', { rows: 3, required: true, dataset: { field: 'text' } }), hint),
    files,
    formError(),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: primary ? 'primary' : '' }, button)));
  const sent = attachedFiles(form, caseId);
  return onSubmit(form, async () => post(path, bodyOf(form.querySelector('textarea').value.trim(), await sent.ids())), done);
}

/**
 * The files picked in a form, uploaded once when it is sent: a send held back or refused keeps them
 * uploaded for the next try, until other files are picked or the form is sent.
 */
function attachedFiles(form, caseId) {
  const input = form.querySelector('input[type=file]');
  let uploaded = null;
  input.addEventListener('change', () => { uploaded = null; });
  form.addEventListener('reset', () => { uploaded = null; });
  return {
    ids: async () => {
      uploaded ??= await uploadPicked(input, (file) => post(`/api/cases/${caseId}/attachments`, file));
      return uploaded;
    },
  };
}

/**
 * The reply says which version of the case its draft began from. When the case moved on since in a way
 * that matters (a reply, the customer, owner, hand-off, status), the server answers 409 with what
 * changed and sends nothing: the draft stays, with "Send anyway".
 */
function replyForm(detail) {
  const textarea = el('textarea', { rows: 3, required: true, dataset: { field: 'text' } });
  const held = el('div', { id: 'reply-held', class: 'notice reply-held', role: 'alert', hidden: !heldReply });
  const form = el('form', { class: 'compose reply-text' },
    field('reply-text', 'Reply to the customer', textarea,
      `The customer sees this on their status page. Address them as ${detail.customer.preferredAddress || detail.customer.name}.`),
    fileField('reply-files'),
    held,
    formError(),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Send reply')));
  const files = attachedFiles(form, detail.id);
  textarea.addEventListener('input', () => {
    if (!textarea.value.trim()) {
      draftSeenVersion = null;
      heldReply = '';
      held.hidden = true;
      stoppedTyping();
      return;
    }
    draftSeenVersion ??= Math.max(current?.detail.version ?? 0, lastReplyVersion);
    typingReply();
  });
  const send = (confirm) => sendFrom(form, async () => {
    try {
      const written = await post(`/api/cases/${detail.id}/replies`, {
        text: textarea.value.trim(), seenVersion: draftSeenVersion ?? detail.version, confirm, attachmentIds: await files.ids(),
      });
      lastReplyVersion = written.version;
      draftSeenVersion = null;
      heldReply = '';
      stoppedTyping();
      return true;
    } catch (failure) {
      if (!(failure instanceof ApiError) || failure.status !== 409 || !failure.problem.changes) throw failure;
      // What they have now read counts as seen; "Send anyway" sends it whatever came since.
      draftSeenVersion = failure.problem.version;
      heldReply = failure.problem.detail;
      drawHeld();
      return false;
    }
  }, 'Reply sent to the customer.');
  function drawHeld() {
    replace(held, el('p', {}, heldReply),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'primary', id: 'send-anyway', onclick: () => send(true) }, 'Send anyway'),
        el('span', { class: 'small' }, 'or change your reply first: the timeline below shows what happened.')));
    held.hidden = false;
  }
  if (heldReply) drawHeld();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send(false);
  });
  mountSavedReplies(form, detail);
  return form;
}

function noteForm(detail) {
  return textForm({
    id: 'note-text', label: 'Internal note', hint: 'Only colleagues see notes (and their files); the customer never does.',
    button: 'Add note', path: `/api/cases/${detail.id}/notes`, bodyOf: (text, attachmentIds) => ({ text, attachmentIds }), done: 'Note added.', caseId: detail.id,
  });
}

function ownerTools(detail, allows) {
  const tools = [];
  if (allows('Promise')) tools.push(promiseForm(detail));
  if (allows('Offer')) tools.push(handoffForm(detail));
  if (allows('Resolve')) tools.push(resolveForm(detail));
  if (allows('WaitOnCustomer') || allows('Resume')) tools.push(pauseTools(detail, allows('Resume')));
  return tools.length ? el('div', { class: 'owner-tools' }, ...tools) : null;
}

function promiseForm(detail) {
  const promise = el('form', {},
    field('promise-text', 'What you promise', el('input', { type: 'text', required: true, dataset: { field: 'text' } }), 'In words the customer understands, e.g. "I will call you back".'),
    field('promise-due', 'Due by', el('input', { type: 'datetime-local', required: true, dataset: { field: 'dueat' }, value: toLocalInput(serverNow() + 2 * 3600000) }),
      'Your local time. You get a reminder before it is due.'),
    formError(),
    el('button', { type: 'submit', class: 'primary' }, 'Record promise'));
  onSubmit(promise, () => post(`/api/cases/${detail.id}/promises`, {
    text: $('#promise-text').value.trim(), dueAt: fromLocalInput($('#promise-due').value),
  }), 'Promise recorded; the customer sees it with its due time.');
  return el('details', { id: 'promise-box' }, el('summary', {}, 'Make a promise…'), promise);
}

function handoffForm(detail) {
  const select = el('select', { required: true, dataset: { field: 'toagentid' } },
    el('option', { value: '' }, 'Choose a colleague or a team'),
    el('optgroup', { label: 'Colleagues' }, ...directory.agents
      .filter((a) => a.canOwnCases && a.id !== person.id)
      .map((a) => el('option', { value: `agent:${a.id}` }, nameWithAvailability(a)))),
    el('optgroup', { label: 'Teams' }, ...directory.teams.map((t) => el('option', { value: `team:${t.id}` }, `Team ${t.name}`))));
  const handoff = el('form', {},
    field('handoff-to', 'Offer to', select),
    field('handoff-note', 'Hand-off note', el('textarea', { rows: 3, required: true, dataset: { field: 'note' } }),
      'What the customer was told, what was tried, what is promised. You stay the owner until it is accepted.'),
    formError(),
    el('button', { type: 'submit', class: 'primary' }, 'Offer hand-off'));
  onSubmit(handoff, () => {
    const [kind, target] = select.value.split(':');
    const note = $('#handoff-note').value.trim();
    return post(`/api/cases/${detail.id}/handoffs`, { toAgentId: kind === 'agent' ? target : null, toTeamId: kind === 'team' ? target : null, note });
  }, () => `Hand-off offered to ${select.selectedOptions[0]?.textContent ?? 'your colleague'}. You own the case until they accept.`);
  return el('details', { id: 'handoff-box' }, el('summary', {}, 'Hand off…'), handoff);
}

function resolveForm(detail) {
  const owed = detail.promises.filter((p) => p.allowedActions.includes('Keep'));
  const outcomes = owed.map((p, i) => promiseOutcome(p, i));
  const resolve = el('form', {},
    field('resolve-summary', 'How it was put right', el('textarea', { rows: 3, required: true, dataset: { field: 'summary' } }),
      'The customer sees this summary.'),
    ...outcomes.map((o) => o.node),
    formError(),
    el('button', { type: 'submit', class: 'primary' }, 'Resolve case'));
  onSubmit(resolve, () => post(`/api/cases/${detail.id}/resolve`, {
    summary: $('#resolve-summary').value.trim(),
    promises: outcomes.map((o) => o.value()).filter(Boolean),
  }), `${detail.reference} is resolved. The customer is asked how we did.`);
  return el('details', { id: 'resolve-box' }, el('summary', {}, 'Resolve…'), resolve);
}

/** What became of one promise still owed, asked when resolving: kept, or not kept with what the customer is told. */
function promiseOutcome(promise, index) {
  const id = `outcome-${promise.id}`;
  const note = el('textarea', { rows: 2, dataset: { field: `promises[${index}].note` } });
  const choice = (value, label) => el('label', { class: 'chip' },
    el('input', { type: 'radio', name: id, value, id: `${id}-${value}` }),
    el('span', {}, label));
  // The note shows once "Not kept" is chosen (desk.css), so a redraw that keeps the choice keeps it shown.
  const node = el('fieldset', { class: 'promise-outcome', id },
    el('legend', {}, `Promise: ${promise.text}`),
    el('div', { class: 'chips' }, choice('kept', 'Kept'), choice('broken', 'Not kept')),
    field(`${id}-note`, 'What we tell the customer', note, 'Why it was not kept. They read this on their page and in the resolution mail.'));
  const value = () => {
    const chosen = node.querySelector('input:checked')?.value;
    if (!chosen) return null;
    return chosen === 'kept' ? { promiseId: promise.id, kept: true } : { promiseId: promise.id, kept: false, note: note.value.trim() };
  };
  return { node, value };
}

function pauseTools(detail, waiting) {
  const pauseForm = el('form', { class: 'inline' }, formError());
  return el('div', { class: 'actions' },
    el('button', {
      type: 'button', id: waiting ? 'resume' : 'wait-on-customer',
      onclick: () => sendFrom(pauseForm, () => post(`/api/cases/${detail.id}/${waiting ? 'resume' : 'wait-on-customer'}`),
        waiting ? 'Work resumed; the SLA clock runs again.' : 'Waiting on the customer; the SLA clock is paused.'),
    }, waiting ? 'Resume work' : 'Wait on customer'),
    el('span', { class: 'small muted' }, waiting ? 'The SLA clock is paused.' : 'Pauses the SLA clock until they answer.'),
    pauseForm);
}

function closeButton(detail) {
  const form = el('form', { class: 'inline' }, formError());
  return el('div', { class: 'actions' },
    el('button', {
      type: 'button', id: 'close-case',
      onclick: () => sendFrom(form, () => post(`/api/cases/${detail.id}/close`), `${detail.reference} is closed.`),
    }, 'Close case'),
    form);
}

/** The customer lost the link: a new code, shown here once; the old one stops working at once. */
function newAccessCodeForm(detail) {
  let issued = null;
  const form = el('form', {},
    el('p', { class: 'muted' }, 'The old code and link stop working at once. The new link is mailed to the customer when they gave an email address.'),
    formError(),
    el('button', { type: 'submit', id: 'new-access-code' }, 'Issue a new access code'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!(await submitting(form, async () => { issued = await post(`/api/cases/${detail.id}/access-code`); }))) return;
    form.closest('details')?.removeAttribute('open');
    say(`New access code for ${detail.reference}: ${issued.accessCode}. The old one no longer opens the page. `
      + (issued.mailedTo ? `The new link is mailed to ${issued.mailedTo}.` : 'Read it out to the customer.'));
    reload();
  });
  return el('details', { class: 'access-code' }, el('summary', {}, 'Customer lost the link?'), form);
}

function reopenForm(detail) {
  const form = el('form', {},
    field('reopen-reason', 'Why reopen it?', el('textarea', { rows: 2, required: true, dataset: { field: 'reason' } })),
    formError(),
    el('button', { type: 'submit' }, 'Reopen case'));
  onSubmit(form, () => post(`/api/cases/${detail.id}/reopen`, { reason: $('#reopen-reason').value.trim() }), `${detail.reference} is open again.`);
  return el('details', { id: 'reopen-box' }, el('summary', {}, 'Reopen…'), form);
}

function reassignForm(detail) {
  const select = el('select', { required: true, dataset: { field: 'toagentid' } },
    el('option', { value: '' }, 'Choose a colleague'),
    ...directory.agents
      .filter((a) => a.canOwnCases && a.id !== detail.ownerId)
      .map((a) => el('option', { value: a.id }, nameWithAvailability(a))));
  const form = el('form', {},
    field('reassign-to', 'New owner', select),
    field('reassign-reason', 'Reason', el('textarea', { rows: 2, required: true, dataset: { field: 'reason' } }), 'For example: the owner is away today.'),
    formError(),
    el('button', { type: 'submit' }, 'Reassign'));
  onSubmit(form, () => post(`/api/cases/${detail.id}/reassign`, { toAgentId: select.value || null, reason: $('#reassign-reason').value.trim() }),
    () => `${detail.reference} now belongs to ${select.selectedOptions[0]?.textContent ?? 'your colleague'}.`);
  return el('details', { id: 'reassign-box' }, el('summary', {}, 'Reassign (supervisor)…'), form);
}

const kindWords = {
  Opened: 'Opened', Claimed: 'Claimed', HandoffOffered: 'Hand-off offered', HandoffAccepted: 'Hand-off accepted',
  HandoffDeclined: 'Hand-off declined', HandoffCancelled: 'Hand-off withdrawn', HandoffExpired: 'Hand-off expired',
  Reassigned: 'Reassigned', Reply: 'Reply', Note: 'Note', PromiseMade: 'Promise made', PromiseKept: 'Promise kept',
  PromiseRenegotiated: 'Promise renegotiated', PromiseBroken: 'Promise broken', WaitingOnCustomer: 'Waiting on customer',
  Resumed: 'Resumed', Resolved: 'Resolved', Reopened: 'Reopened', Closed: 'Closed', PriorityChanged: 'Priority changed',
  SlaReevaluated: 'SLA re-evaluated', SlaWarning: 'SLA warning', SlaBreached: 'SLA breached', SlaEscalated: 'Escalated',
  PromiseAtRisk: 'Promise at risk', CustomerMessage: 'Customer wrote', ResolutionConfirmed: 'Customer confirmed',
  FeedbackReceived: 'Feedback', FollowUpOpened: 'Follow-up opened', MailPreference: 'Mail preference',
};

/** A file of the case as a link that saves it (the sign-in cookie goes with it). */
const fileLink = (detail) => (file) => el('a', { href: `/api/cases/${detail.id}/attachments/${file.id}`, download: file.fileName }, file.fileName);

const mailStateWords = { Queued: 'Being sent', Sent: 'Sent', Failed: 'Not delivered', Received: 'Received' };

/** One mail the customer was sent, with what it said a click away. */
function mailItem(detail, mail) {
  const body = el('pre', { class: 'prewrap mail-text' });
  const open = el('details', {
    ontoggle: async (event) => {
      if (!event.currentTarget.open || body.textContent) return;
      try {
        const whole = await get(`/api/cases/${detail.id}/mail/${mail.id}`);
        body.textContent = whole.text;
        if (whole.attachments.length) {
          body.after(fileList(whole.attachments, fileLink(detail)));
        }
      } catch (failure) {
        body.textContent = readable(failure);
      }
    },
  }, el('summary', {}, mail.direction === 'In' ? 'The whole message' : 'What the customer got'), body);
  const state = mail.state === 'Queued' && mail.attempts > 0 ? `Retrying ${when(mail.nextAttemptAt)}` : mailStateWords[mail.state];
  return el('li', { class: `mail mail-${mail.state}` },
    el('div', { class: 'entry-head' },
      el('span', { class: 'who' }, mail.direction === 'In' ? 'Mail from the customer' : 'Mail to the customer'),
      el('span', { class: 'kind' }, mail.subject),
      el('span', { class: `tag ${mail.state === 'Failed' ? 'tag-internal' : 'tag-public'}` }, state),
      el('time', { class: 'muted small', datetime: mail.at }, when(mail.at))),
    el('div', { class: 'entry-text small' }, mail.direction === 'In' ? `From ${mail.from}` : `To ${mail.to}`, mail.failure ? el('span', { class: 'block breach-text' }, mail.failure) : null),
    open);
}

function timelineCard(timeline, detail, mail) {
  // Mail sits beside the change that wrote it: the timeline is in version order, mail in time order.
  const merged = [...timeline.map((entry) => ({ at: entry.at, entry })), ...mail.map((m) => ({ at: m.at, mail: m }))]
    .map((item, index) => ({ ...item, index }))
    .sort((a, b) => (Date.parse(a.at) - Date.parse(b.at)) || (a.index - b.index));
  const items = merged.reverse().map(({ entry, mail: sent }) => {
    if (sent) return mailItem(detail, sent);
    const fromCustomer = entry.actorKind === 'Customer';
    const cls = `${entry.isPublic ? 'public' : 'internal'}${fromCustomer ? ' from-customer' : ''} kind-${entry.kind}`;
    return el('li', { class: cls },
      el('div', { class: 'entry-head' },
        el('span', { class: 'who' }, entry.actorName),
        el('span', { class: 'kind' }, kindWords[entry.kind] ?? entry.kind),
        el('span', { class: `tag ${entry.isPublic ? 'tag-public' : 'tag-internal'}` }, entry.isPublic ? 'Customer sees this' : 'Internal only'),
        el('time', { class: 'muted small', datetime: entry.at }, when(entry.at))),
      el('div', { class: 'entry-text' }, entry.text),
      fileList(entry.attachments, fileLink(detail)));
  });
  return el('section', { class: 'timeline-box', 'aria-labelledby': 'timeline-title' },
    el('h3', { id: 'timeline-title' }, 'Timeline ', el('span', { class: 'muted small' }, '(newest first)')),
    el('ol', { class: 'timeline', reversed: true }, ...items));
}

function say(text) {
  caseMessage = text;
  const box = $('#case-message');
  if (box) {
    box.textContent = text;
    box.classList.add('shown');
  }
}
