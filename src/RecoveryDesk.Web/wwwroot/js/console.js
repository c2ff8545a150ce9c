// The agent console: hand-offs offered to me, my team's queue and my own cases, all live; the case
// view with everything an owner does; and the "new case" form for complaints taken at the front line.

import { get, post, ApiError } from './api.js';
import { $, el, replace, when } from './dom.js';
import { connect } from './live.js';
import { startStaffPage, isAgent, isSupervisor, announce } from './shell.js';
import { serverNow, toLocalInput, fromLocalInput } from './time.js';
import {
  caseRow, emptyRow, countdown, priorityBadge, statusPill, statusWords, clockWords, channels, field, submitting,
  formError, redrawKeeping, tickCountdowns, debounce, readable,
} from './desk.js';

const person = await startStaffPage(isAgent);
const myTeamIds = new Set(person.teams.map((t) => t.id));
let directory = { agents: [], teams: [] };
let current = null; // { id, detail, timeline }
let live = null;

const lists = $('#lists');
const pane = $('#detail');
const queueList = $('#queue');
const mineList = $('#mine');
const offersBox = $('#offers');

$('#queue-teams').textContent = person.teams.length ? person.teams.map((t) => t.name).join(', ') : 'no team';
$('#new-case').addEventListener('click', () => { window.location.hash = '#new'; });

// ---------------------------------------------------------------- lists

const QUEUE_ROWS = 100;
let queueRows = [];
let mineRows = [];
let offers = [];
const openDeclines = new Set();
let caseMessage = '';

async function loadLists() {
  const [queue, mine, handoffs] = await Promise.all([get(`/api/queue?limit=${QUEUE_ROWS}`), get('/api/me/cases'), get('/api/me/handoffs')]);
  queueRows = queue;
  mineRows = mine;
  offers = handoffs;
  drawLists();
}

function drawLists() {
  redrawKeeping(lists, () => {
    replace(queueList, ...(queueRows.length
      ? queueRows.map((row) => caseRow(row, {
        href: `#case/${row.id}`,
        extra: [el('button', {
          type: 'button', class: 'primary small-button', dataset: { focusKey: `claim:${row.id}` },
          'aria-label': `Claim ${row.reference}`, onclick: (e) => claim(row, e.currentTarget),
        }, 'Claim')],
      }))
      : [emptyRow('The queue is empty. New complaints appear here as they arrive.')]));
    // The queue shows its oldest QUEUE_ROWS cases; a full page means there may be more behind them.
    $('#queue-count').textContent = queueRows.length >= QUEUE_ROWS ? `${QUEUE_ROWS}+` : String(queueRows.length);

    replace(mineList, ...(mineRows.length
      ? mineRows.map((row) => caseRow(row, {
        href: `#case/${row.id}`,
        meta: [row.customerName, ' · ', statusWords[row.status] ?? row.status,
          row.hasPendingHandoff ? [' · ', el('span', { class: 'handoff-flag' }, 'hand-off pending')] : null],
      }))
      : [emptyRow('You own no open cases.')]));
    $('#mine-count').textContent = String(mineRows.length);

    offersBox.hidden = offers.length === 0;
    replace($('#offer-list'), ...offers.map(offerPrompt));
  });
  markSelected();
}

function markSelected() {
  for (const row of lists.querySelectorAll('.case-row')) {
    const selected = current && row.dataset.id === current.id;
    row.classList.toggle('selected', Boolean(selected));
    row.querySelector('a.ref')?.toggleAttribute('aria-current', Boolean(selected));
  }
}

function teamName(id) {
  return directory.teams.find((t) => t.id === id)?.name ?? person.teams.find((t) => t.id === id)?.name ?? 'a team';
}

function offerPrompt(offer) {
  const to = offer.toAgentId ? 'you' : `your team ${teamName(offer.toTeamId)}`;
  const declineId = `decline-${offer.handoffId}`;
  const decline = el('form', { class: 'decline-form', hidden: !openDeclines.has(offer.handoffId) },
    field(`${declineId}-reason`, 'Why are you declining?', el('textarea', { rows: 2, required: true, dataset: { field: 'reason' } }),
      'The sender keeps the case and sees your reason.'),
    formError(),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', class: 'danger' }, 'Send decline'),
      el('button', { type: 'button', onclick: () => { openDeclines.delete(offer.handoffId); decline.hidden = true; declineButton.focus(); } }, 'Keep it open')));
  decline.addEventListener('submit', async (event) => {
    event.preventDefault();
    const reason = decline.querySelector('textarea').value.trim();
    const ok = await submitting(decline, () => post(`/api/cases/${offer.caseId}/handoffs/${offer.handoffId}/decline`, { reason }));
    if (ok) {
      openDeclines.delete(offer.handoffId);
      announce(`You declined ${offer.reference}; ${offer.fromAgentName} keeps it.`);
      refresh();
    }
  });
  const declineButton = el('button', {
    type: 'button', dataset: { focusKey: `decline:${offer.handoffId}` },
    onclick: () => { openDeclines.add(offer.handoffId); decline.hidden = false; decline.querySelector('textarea').focus(); },
  }, 'Decline…');
  const acceptForm = el('form', { class: 'accept-form' },
    el('div', { class: 'actions' },
      el('button', {
        type: 'button', class: 'primary', dataset: { focusKey: `accept:${offer.handoffId}` },
        onclick: () => acceptOffer(offer, acceptForm),
      }, `Accept ${offer.reference}`),
      declineButton,
      el('a', { href: `#case/${offer.caseId}` }, 'View the case')),
    formError());
  return el('article', { class: 'prompt', dataset: { handoff: offer.handoffId }, 'aria-labelledby': `offer-${offer.handoffId}` },
    el('h3', { id: `offer-${offer.handoffId}` }, `${offer.fromAgentName} offers ${to} ${offer.reference}`),
    el('p', { class: 'prompt-subject' }, priorityBadge(offer.priority), ' ', offer.subject),
    el('figure', { class: 'handoff-note' },
      el('figcaption', { class: 'small muted' }, `${offer.fromAgentName}'s note`),
      el('blockquote', {}, offer.note)),
    el('p', { class: 'small muted' }, `Offered ${when(offer.offeredAt)} · `, countdown(offer.expiresAt, 'Expires')),
    acceptForm,
    decline);
}

async function acceptOffer(offer, form) {
  const ok = await submitting(form, () => post(`/api/cases/${offer.caseId}/handoffs/${offer.handoffId}/accept`));
  if (ok) {
    announce(`You own ${offer.reference} now. ${offer.fromAgentName}'s note is in the timeline.`, 'ok');
    window.location.hash = `#case/${offer.caseId}`;
    refresh();
  }
}

async function claim(row, button) {
  button.disabled = true;
  try {
    await post(`/api/cases/${row.id}/claim`);
    announce(`You own ${row.reference} now.`, 'ok');
    window.location.hash = `#case/${row.id}`;
  } catch (failure) {
    announce(await lostRaceWords(row, failure), 'warn', { sticky: true });
  } finally {
    button.disabled = false;
    refresh();
  }
}

/** A lost claim race in plain words: "Ben Okafor claimed RD-… a moment ago." */
async function lostRaceWords(row, failure) {
  if (!(failure instanceof ApiError) || failure.status !== 409) return readable(failure);
  if (/claimed/i.test(failure.message)) return `${row.reference}: ${failure.message}`;
  try {
    const now = await get(`/api/cases/${row.id}`);
    if (now.ownerName) return `${now.ownerName} claimed ${row.reference} a moment ago; it is no longer in the queue.`;
  } catch {
    // fall through to the server's words
  }
  return `${row.reference}: ${failure.message}`;
}

// ---------------------------------------------------------------- routing

function route() {
  const hash = window.location.hash;
  const caseMatch = /^#case\/([0-9a-f-]{36})$/i.exec(hash);
  document.body.classList.toggle('viewing', Boolean(caseMatch) || hash === '#new');
  if (caseMatch) return showCase(caseMatch[1], { fresh: true });
  current = null;
  markSelected();
  if (hash === '#new') return showNewCase();
  replace(pane, el('div', { class: 'placeholder' },
    el('h2', {}, 'No case open'),
    el('p', { class: 'muted' }, 'Pick a case from the queue or your own cases, or log a new complaint.')));
  return undefined;
}

function backLink() {
  return el('a', { class: 'back-link', href: '#' }, '← Back to the lists');
}

// ---------------------------------------------------------------- the case view

async function showCase(id, { fresh = false } = {}) {
  let detail;
  let timeline;
  try {
    [detail, timeline] = await Promise.all([get(`/api/cases/${id}`), get(`/api/cases/${id}/timeline`)]);
  } catch (failure) {
    if (current?.id === id && !fresh) return; // keep what is shown; the banner explains a lost connection
    current = null;
    replace(pane, backLink(), el('p', { class: 'error', role: 'alert' },
      failure instanceof ApiError && failure.status === 404 ? 'There is no case with that id.' : readable(failure)));
    return;
  }
  const sameCase = current?.id === id;
  if (!sameCase) caseMessage = '';
  current = { id, detail, timeline };
  live?.seen(id, detail.version);
  if (sameCase && !fresh) redrawKeeping(pane, () => drawCase(detail, timeline));
  else {
    drawCase(detail, timeline);
    pane.querySelector('h2')?.focus();
  }
  markSelected();
}

function drawCase(detail, timeline) {
  const mine = detail.ownerId === person.id;
  const supervisor = isSupervisor(person);
  const active = detail.status === 'New' || detail.status === 'Open' || detail.status === 'WaitingOnCustomer';
  const inQueue = detail.status === 'New' && !detail.ownerId;

  replace(pane,
    backLink(),
    el('header', { class: 'case-head' },
      el('h2', { tabindex: -1, id: 'case-title' }, `${detail.reference} · ${detail.subject}`),
      el('p', { class: 'case-facts' },
        statusPill(detail.status), ' ', priorityBadge(detail.priority),
        el('span', {}, ` Team ${detail.teamName}`), ' · ',
        el('span', {}, detail.ownerName ? `Owner: ${detail.ownerName}${mine ? ' (you)' : ''}` : 'Nobody owns it yet'),
        ' · ', el('span', { class: 'muted' }, `Opened ${when(detail.openedAt)}`))),
    el('div', { id: 'case-message', role: 'status', class: `case-message${caseMessage ? ' shown' : ''}` }, caseMessage),
    ownershipNotice(detail, mine, inQueue),
    el('div', { class: 'case-summary' },
      customerCard(detail),
      clocksCard(detail)),
    el('section', { class: 'description', 'aria-labelledby': 'description-title' },
      el('h3', { id: 'description-title' }, 'The complaint'),
      el('p', { class: 'prewrap' }, detail.description),
      detail.resolutionSummary ? el('p', { class: 'prewrap' }, el('strong', {}, 'Resolution: '), detail.resolutionSummary) : null),
    handoffCard(detail, mine),
    promisesCard(detail, mine),
    el('section', { class: 'case-actions', 'aria-labelledby': 'actions-title' },
      el('h3', { id: 'actions-title' }, 'Work on the case'),
      inQueue && myTeamIds.has(detail.teamId)
        ? el('div', { class: 'actions' }, el('button', {
          type: 'button', class: 'primary', id: 'claim-this',
          onclick: (e) => claim({ id: detail.id, reference: detail.reference }, e.currentTarget),
        }, `Claim ${detail.reference}`))
        : null,
      mine && detail.status !== 'Closed' ? replyForm(detail) : null,
      noteForm(detail),
      mine && active && detail.status !== 'New' ? ownerTools(detail) : null,
      (mine || supervisor) && detail.status === 'Resolved' ? closeButton(detail) : null,
      detail.status === 'Resolved' || detail.status === 'Closed' ? reopenForm(detail) : null,
      supervisor && detail.status !== 'Closed' ? reassignForm(detail) : null),
    timelineCard(timeline));
}

function ownershipNotice(detail, mine, inQueue) {
  if (mine || !detail.ownerId) {
    return inQueue ? el('p', { class: 'notice' }, 'This case is in the queue. Claim it to become its owner.') : null;
  }
  return el('p', { class: 'notice' }, `${detail.ownerName} owns this case. You can add internal notes; the owner replies to the customer.`);
}

function customerCard(detail) {
  const c = detail.customer;
  return el('section', { class: 'customer', 'aria-labelledby': 'customer-title' },
    el('h3', { id: 'customer-title' }, 'Customer'),
    el('dl', { class: 'facts' },
      el('dt', {}, 'Name'), el('dd', {}, c.name),
      el('dt', {}, 'Address as'), el('dd', { class: 'address-as' }, c.preferredAddress || c.name),
      c.email ? [el('dt', {}, 'Email'), el('dd', {}, el('a', { href: `mailto:${c.email}` }, c.email))] : null,
      c.phone ? [el('dt', {}, 'Phone'), el('dd', {}, el('a', { href: `tel:${c.phone.replace(/[^0-9+]/g, '')}` }, c.phone))] : null,
      el('dt', {}, 'Came in by'), el('dd', {}, channels.find(([v]) => v === detail.channel)?.[1] ?? detail.channel),
      detail.category ? [el('dt', {}, 'Category'), el('dd', {}, detail.category)] : null));
}

function clocksCard(detail) {
  const rows = detail.clocks.map((clock) => {
    let state;
    if (clock.metAt) state = el('span', { class: 'ok' }, `Met ${when(clock.metAt)}`);
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

function handoffCard(detail, mine) {
  const h = detail.pendingHandoff;
  if (!h) return null;
  const target = h.toAgentId ? (directory.agents.find((a) => a.id === h.toAgentId)?.name ?? 'a colleague') : `team ${teamName(h.toTeamId)}`;
  const forMe = h.toAgentId === person.id || (h.toTeamId && myTeamIds.has(h.toTeamId));
  const fromMe = h.fromAgentId === person.id;
  const form = el('form', { class: 'inline-form' }, formError());
  const buttons = [];
  if (fromMe) {
    buttons.push(el('button', {
      type: 'button', id: 'cancel-handoff',
      onclick: async () => {
        if (await submitting(form, () => post(`/api/cases/${detail.id}/handoffs/${h.id}/cancel`))) {
          say(`You withdrew the hand-off; ${detail.reference} stays with you.`);
          reloadCurrent();
        }
      },
    }, 'Withdraw the offer'));
  } else if (forMe) {
    buttons.push(el('button', {
      type: 'button', class: 'primary', id: 'accept-handoff',
      onclick: async () => {
        if (await submitting(form, () => post(`/api/cases/${detail.id}/handoffs/${h.id}/accept`))) {
          say(`You own ${detail.reference} now.`);
          refresh();
        }
      },
    }, 'Accept'));
  }
  return el('section', { class: 'prompt handoff-pending', 'aria-labelledby': 'handoff-title' },
    el('h3', { id: 'handoff-title' }, fromMe ? `You offered this case to ${target}` : `${h.fromAgentName} offered this case to ${forMe && h.toAgentId ? 'you' : target}`),
    el('blockquote', {}, h.note),
    el('p', { class: 'small muted' }, `Offered ${when(h.offeredAt)} · `, countdown(h.expiresAt, 'Expires')),
    mine && fromMe ? el('p', { class: 'small' }, 'You stay the owner until it is accepted.') : null,
    el('div', { class: 'actions' }, ...buttons),
    form);
}

function promisesCard(detail, mine) {
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
        mine && open ? promiseTools(detail, p) : null);
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
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const newDueAt = fromLocalInput(form.querySelector('input').value);
    const note = form.querySelector('textarea').value.trim();
    if (await submitting(form, () => post(`/api/cases/${detail.id}/promises/${promise.id}/renegotiate`, { newDueAt, note }))) {
      form.reset();
      form.closest('details')?.removeAttribute('open');
      say('The promise has a new due time.');
      reloadCurrent();
    }
  });
  const keptForm = el('form', { class: 'inline' }, formError());
  return el('div', { class: 'promise-tools' },
    el('div', { class: 'actions' },
      el('button', {
        type: 'button', id: `kept-${promise.id}`,
        onclick: async () => {
          if (await submitting(keptForm, () => post(`/api/cases/${detail.id}/promises/${promise.id}/kept`))) {
            say('Promise kept.');
            reloadCurrent();
          }
        },
      }, 'Mark kept'),
      keptForm),
    el('details', { id: `${id}-box` }, el('summary', {}, 'Renegotiate…'), form));
}

function textForm({ id, label, hint, button, primary = false, path, bodyOf, done }) {
  const form = el('form', { class: `compose ${id}` },
    field(id, label, el('textarea', { rows: 3, required: true, dataset: { field: 'text' } }), hint),
    formError(),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: primary ? 'primary' : '' }, button)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = form.querySelector('textarea').value.trim();
    if (await submitting(form, () => post(path, bodyOf(text)))) {
      form.reset();
      say(done);
      reloadCurrent();
    }
  });
  return form;
}

function replyForm(detail) {
  return textForm({
    id: 'reply-text', label: 'Reply to the customer', hint: `The customer sees this on their status page. Address them as ${detail.customer.preferredAddress || detail.customer.name}.`,
    button: 'Send reply', primary: true, path: `/api/cases/${detail.id}/replies`, bodyOf: (text) => ({ text }), done: 'Reply sent to the customer.',
  });
}

function noteForm(detail) {
  return textForm({
    id: 'note-text', label: 'Internal note', hint: 'Only colleagues see notes; the customer never does.',
    button: 'Add note', path: `/api/cases/${detail.id}/notes`, bodyOf: (text) => ({ text }), done: 'Note added.',
  });
}

function ownerTools(detail) {
  const tools = [];
  // Promise
  const promise = el('form', {},
    field('promise-text', 'What you promise', el('input', { type: 'text', required: true, dataset: { field: 'text' } }), 'In words the customer understands, e.g. "I will call you back".'),
    field('promise-due', 'Due by', el('input', { type: 'datetime-local', required: true, dataset: { field: 'dueat' }, value: toLocalInput(serverNow() + 2 * 3600000) }),
      'Your local time. You get a reminder before it is due.'),
    formError(),
    el('button', { type: 'submit', class: 'primary' }, 'Record promise'));
  promise.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('#promise-text').value.trim();
    const dueAt = fromLocalInput($('#promise-due').value);
    if (await submitting(promise, () => post(`/api/cases/${detail.id}/promises`, { text, dueAt }))) {
      promise.reset();
      promise.closest('details')?.removeAttribute('open');
      say('Promise recorded; the customer sees it with its due time.');
      reloadCurrent();
    }
  });
  tools.push(el('details', { id: 'promise-box' }, el('summary', {}, 'Make a promise…'), promise));

  // Hand-off
  if (!detail.pendingHandoff) {
    const select = el('select', { required: true, dataset: { field: 'toagentid' } },
      el('option', { value: '' }, 'Choose a colleague or a team'),
      el('optgroup', { label: 'Colleagues' }, ...directory.agents
        .filter((a) => a.isActive && a.id !== person.id && (a.roles.includes('Agent') || a.roles.includes('Supervisor')))
        .map((a) => el('option', { value: `agent:${a.id}` }, a.name))),
      el('optgroup', { label: 'Teams' }, ...directory.teams.map((t) => el('option', { value: `team:${t.id}` }, `Team ${t.name}`))));
    const handoff = el('form', {},
      field('handoff-to', 'Offer to', select),
      field('handoff-note', 'Hand-off note', el('textarea', { rows: 3, required: true, dataset: { field: 'note' } }),
        'What the customer was told, what was tried, what is promised. You stay the owner until it is accepted.'),
      formError(),
      el('button', { type: 'submit', class: 'primary' }, 'Offer hand-off'));
    handoff.addEventListener('submit', async (event) => {
      event.preventDefault();
      const [kind, target] = select.value.split(':');
      const note = $('#handoff-note').value.trim();
      const body = { toAgentId: kind === 'agent' ? target : null, toTeamId: kind === 'team' ? target : null, note };
      if (await submitting(handoff, () => post(`/api/cases/${detail.id}/handoffs`, body))) {
        handoff.reset();
        handoff.closest('details')?.removeAttribute('open');
        say(`Hand-off offered to ${select.selectedOptions[0]?.textContent ?? 'your colleague'}. You own the case until they accept.`);
        reloadCurrent();
      }
    });
    tools.push(el('details', { id: 'handoff-box' }, el('summary', {}, 'Hand off…'), handoff));
  }

  // Resolve
  const resolve = el('form', {},
    field('resolve-summary', 'How it was put right', el('textarea', { rows: 3, required: true, dataset: { field: 'summary' } }),
      'The customer sees this summary.'),
    formError(),
    el('button', { type: 'submit', class: 'primary' }, 'Resolve case'));
  resolve.addEventListener('submit', async (event) => {
    event.preventDefault();
    const summary = $('#resolve-summary').value.trim();
    if (await submitting(resolve, () => post(`/api/cases/${detail.id}/resolve`, { summary }))) {
      resolve.reset();
      resolve.closest('details')?.removeAttribute('open');
      say(`${detail.reference} is resolved. The customer is asked how we did.`);
      reloadCurrent();
    }
  });
  tools.push(el('details', { id: 'resolve-box' }, el('summary', {}, 'Resolve…'), resolve));

  // Wait on customer / resume
  const pauseForm = el('form', { class: 'inline' }, formError());
  const waiting = detail.status === 'WaitingOnCustomer';
  tools.push(el('div', { class: 'actions' },
    el('button', {
      type: 'button', id: waiting ? 'resume' : 'wait-on-customer',
      onclick: async () => {
        const path = `/api/cases/${detail.id}/${waiting ? 'resume' : 'wait-on-customer'}`;
        if (await submitting(pauseForm, () => post(path))) {
          say(waiting ? 'Work resumed; the SLA clock runs again.' : 'Waiting on the customer; the SLA clock is paused.');
          reloadCurrent();
        }
      },
    }, waiting ? 'Resume work' : 'Wait on customer'),
    el('span', { class: 'small muted' }, waiting ? 'The SLA clock is paused.' : 'Pauses the SLA clock until they answer.'),
    pauseForm));
  return el('div', { class: 'owner-tools' }, ...tools);
}

function closeButton(detail) {
  const form = el('form', { class: 'inline' }, formError());
  return el('div', { class: 'actions' },
    el('button', {
      type: 'button', id: 'close-case',
      onclick: async () => {
        if (await submitting(form, () => post(`/api/cases/${detail.id}/close`))) {
          say(`${detail.reference} is closed.`);
          reloadCurrent();
        }
      },
    }, 'Close case'),
    form);
}

function reopenForm(detail) {
  const form = el('form', {},
    field('reopen-reason', 'Why reopen it?', el('textarea', { rows: 2, required: true, dataset: { field: 'reason' } })),
    formError(),
    el('button', { type: 'submit' }, 'Reopen case'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const reason = $('#reopen-reason').value.trim();
    if (await submitting(form, () => post(`/api/cases/${detail.id}/reopen`, { reason }))) {
      form.reset();
      form.closest('details')?.removeAttribute('open');
      say(`${detail.reference} is open again.`);
      reloadCurrent();
    }
  });
  return el('details', { id: 'reopen-box' }, el('summary', {}, 'Reopen…'), form);
}

function reassignForm(detail) {
  const select = el('select', { required: true, dataset: { field: 'toagentid' } },
    el('option', { value: '' }, 'Choose a colleague'),
    ...directory.agents
      .filter((a) => a.isActive && a.id !== detail.ownerId && a.roles.some((r) => r === 'Agent' || r === 'Supervisor'))
      .map((a) => el('option', { value: a.id }, a.name)));
  const form = el('form', {},
    field('reassign-to', 'New owner', select),
    field('reassign-reason', 'Reason', el('textarea', { rows: 2, required: true, dataset: { field: 'reason' } }), 'For example: the owner is away today.'),
    formError(),
    el('button', { type: 'submit' }, 'Reassign'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { toAgentId: select.value || null, reason: $('#reassign-reason').value.trim() };
    if (await submitting(form, () => post(`/api/cases/${detail.id}/reassign`, body))) {
      form.reset();
      form.closest('details')?.removeAttribute('open');
      say(`${detail.reference} now belongs to ${directory.agents.find((a) => a.id === body.toAgentId)?.name ?? 'your colleague'}.`);
      reloadCurrent();
    }
  });
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
  FeedbackReceived: 'Feedback', FollowUpOpened: 'Follow-up opened',
};

function timelineCard(timeline) {
  const items = [...timeline].reverse().map((entry) => {
    const fromCustomer = entry.actorKind === 'Customer';
    const cls = `${entry.isPublic ? 'public' : 'internal'}${fromCustomer ? ' from-customer' : ''} kind-${entry.kind}`;
    return el('li', { class: cls },
      el('div', { class: 'entry-head' },
        el('span', { class: 'who' }, entry.actorName),
        el('span', { class: 'kind' }, kindWords[entry.kind] ?? entry.kind),
        el('span', { class: `tag ${entry.isPublic ? 'tag-public' : 'tag-internal'}` }, entry.isPublic ? 'Customer sees this' : 'Internal only'),
        el('time', { class: 'muted small', datetime: entry.at }, when(entry.at))),
      el('div', { class: 'entry-text' }, entry.text));
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

async function reloadCurrent() {
  if (current) await showCase(current.id);
  refresh();
}

// ---------------------------------------------------------------- new case

function showNewCase() {
  const teams = person.teams.length ? person.teams : directory.teams;
  const key = crypto.randomUUID();
  const control = el;
  const form = el('form', { id: 'new-case-form', novalidate: true },
    el('fieldset', {},
      el('legend', {}, 'The customer'),
      field('nc-name', 'Name', control('input', { type: 'text', required: true, autocomplete: 'off', dataset: { field: 'customer.name' } })),
      field('nc-address', 'How they wish to be addressed', control('input', { type: 'text', dataset: { field: 'customer.preferredaddress' } }),
        'Title and surname until they say otherwise, e.g. "Mrs Hill".'),
      el('div', { class: 'two' },
        field('nc-email', 'Email', control('input', { type: 'email', autocomplete: 'off', dataset: { field: 'customer.email' } })),
        field('nc-phone', 'Phone', control('input', { type: 'tel', autocomplete: 'off', dataset: { field: 'customer.phone' } }))),
      el('p', { class: 'hint', id: 'nc-contact-hint' }, 'An email address or a phone number, so we can get back to them.'),
      el('p', { class: 'field-error', id: 'nc-contact-error', role: 'alert', hidden: true, dataset: { field: 'customer' } })),
    el('fieldset', {},
      el('legend', {}, 'The complaint'),
      field('nc-subject', 'Subject', control('input', { type: 'text', required: true, dataset: { field: 'subject' } })),
      field('nc-description', 'What happened', control('textarea', { rows: 4, required: true, dataset: { field: 'description' } })),
      el('div', { class: 'three' },
        field('nc-channel', 'Came in by', control('select', { dataset: { field: 'channel' } }, ...channels.map(([v, t]) => el('option', { value: v, selected: v === 'Phone' }, t)))),
        field('nc-priority', 'Priority', control('select', { dataset: { field: 'priority' } },
          el('option', { value: 'P1' }, 'P1 — urgent'), el('option', { value: 'P2' }, 'P2 — high'),
          el('option', { value: 'P3', selected: true }, 'P3 — normal'), el('option', { value: 'P4' }, 'P4 — low'))),
        field('nc-team', 'Team queue', control('select', { dataset: { field: 'teamid' } }, ...teams.map((t) => el('option', { value: t.id }, t.name))))),
      field('nc-category', 'Category (optional)', control('input', { type: 'text', dataset: { field: 'category' } }))),
    formError(),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Open case')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (id) => $(`#${id}`).value.trim();
    const body = {
      customer: { name: value('nc-name'), email: value('nc-email') || null, phone: value('nc-phone') || null, preferredAddress: value('nc-address') || null },
      subject: value('nc-subject'),
      description: value('nc-description'),
      channel: value('nc-channel'),
      category: value('nc-category') || null,
      priority: value('nc-priority'),
      teamId: value('nc-team'),
    };
    let created;
    const contactError = $('#nc-contact-error');
    const ok = await submitting(form, async () => {
      created = await post('/api/cases', body, { 'Idempotency-Key': key });
    });
    if (!ok && !contactError.hidden) $('#nc-email').setAttribute('aria-invalid', 'true');
    if (ok) showCreated(created, body);
  });

  replace(pane,
    backLink(),
    el('h2', { tabindex: -1 }, 'New case'),
    el('p', { class: 'muted' }, 'Log a complaint taken by phone, email or in person. It goes to the team queue, and the customer gets a link to follow it.'),
    form);
  pane.querySelector('h2').focus();
}

function showCreated(created, body) {
  const copyButton = (text, label) => el('button', {
    type: 'button',
    onclick: async (event) => {
      const button = event.currentTarget;
      const ok = await copy(text);
      button.textContent = ok ? 'Copied' : 'Select and copy it';
      setTimeout(() => { button.textContent = label; }, 2500);
    },
  }, label);
  replace(pane,
    backLink(),
    el('h2', { tabindex: -1 }, `Case ${created.reference} opened`),
    el('p', {}, `${body.customer.name}'s complaint is in the queue. Give them the reference and the status link now:`),
    el('p', { class: 'notice' }, 'The access code is shown only this once. It cannot be read again later.'),
    el('dl', { class: 'facts created' },
      el('dt', {}, 'Reference'), el('dd', {}, el('strong', { class: 'reference' }, created.reference), ' ', copyButton(created.reference, 'Copy reference')),
      el('dt', {}, 'Access code'), el('dd', {}, el('code', { id: 'access-code' }, created.accessCode), ' ', copyButton(created.accessCode, 'Copy code'))),
    el('label', { for: 'status-link' }, 'Status link for the customer'),
    el('div', { class: 'copy-row' },
      el('input', { id: 'status-link', type: 'text', readonly: true, value: created.statusUrl }),
      copyButton(created.statusUrl, 'Copy link')),
    el('div', { class: 'actions' },
      el('a', { class: 'button primary', href: `#case/${created.id}` }, `Go to ${created.reference}`),
      el('a', { class: 'button', href: '#new', onclick: () => { if (window.location.hash === '#new') showNewCase(); } }, 'Log another complaint')));
  pane.querySelector('h2').focus();
  refresh();
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const input = $('#status-link');
    input?.select();
    return false;
  }
}

// ---------------------------------------------------------------- live

const refreshLists = debounce(() => loadLists().catch(() => {}), 100);
const refreshCase = debounce(() => { if (current) showCase(current.id).catch(() => {}); }, 100);
function refresh() { refreshLists(); }

function onMessage(message) {
  const row = message.row;
  // Gone from the queue at once when someone else takes it; the re-read below confirms.
  if (row && row.status !== 'New') {
    const before = queueRows.length;
    queueRows = queueRows.filter((r) => r.id !== message.caseId);
    if (queueRows.length !== before) drawLists();
  }
  tellAbout(message);
  refreshLists();
  if (current && message.caseId === current.id) refreshCase();
}

function tellAbout(message) {
  const h = message.handoff;
  const ref = message.row?.reference ?? 'A case';
  switch (message.event) {
    case 'HandoffOffered':
      if (h && h.fromAgentId !== person.id && (h.toAgentId === person.id || myTeamIds.has(h.toTeamId))) {
        announce(`${h.fromAgentName} offers you ${ref}. Accept or decline it at the top of the page.`, 'info');
      }
      break;
    case 'HandoffAccepted':
      if (h && h.fromAgentId === person.id) announce(`${h.answeredByName ?? 'Your colleague'} accepted ${ref}; it is theirs now.`, 'ok');
      break;
    case 'HandoffDeclined':
      if (h && h.fromAgentId === person.id) announce(`${h.answeredByName ?? 'Your colleague'} declined ${ref}: ${h.declineReason ?? ''}. You still own it.`, 'warn', { sticky: true });
      break;
    case 'HandoffExpired':
      if (h && h.fromAgentId === person.id) announce(`Nobody accepted ${ref} in time. You still own it.`, 'warn', { sticky: true });
      break;
    case 'CaseReassigned':
      if (message.row?.ownerId === person.id) announce(`${ref} was reassigned to you.`, 'info');
      break;
    case 'CustomerMessageReceived':
      if (message.row?.ownerId === person.id) announce(`The customer wrote on ${ref}.`, 'info');
      break;
    case 'SlaBreached':
      if (message.row?.ownerId === person.id) announce(`${ref} has breached its SLA.`, 'warn');
      break;
    default:
      break;
  }
}

function onResync() {
  loadLists().catch(() => {});
  if (current) showCase(current.id).catch(() => {});
}

// ---------------------------------------------------------------- start

try {
  directory = await get('/api/staff');
} catch {
  // Hand-off targets stay empty; the rest of the console works.
}
window.addEventListener('hashchange', () => route());
await loadLists().catch((failure) => announce(readable(failure), 'error', { sticky: true }));
await route();
live = connect('/hubs/desk', { onMessage, onResync });
setInterval(() => tickCountdowns(), 15000);
