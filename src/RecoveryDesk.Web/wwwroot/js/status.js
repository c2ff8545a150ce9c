// The customer's status page: no account, a reference and an access code. The code arrives in the
// link's fragment (#code=…), which never reaches a server log; it is read once, kept in this tab's
// sessionStorage for reloads, removed from the address bar, and sent only in the X-Access-Code
// header and to the status hub's Watch.

import { ApiError, answerOf } from './api.js';
import { $, el, replace } from './dom.js';
import { connect } from './live.js';
import { formatTime } from './time.js';
import { field, formError, submitting, redrawKeeping, debounce } from './desk.js';
import { fileField, uploadPicked, fileList, saveBlob } from './attachments.js';

const main = $('#main');
const storageKey = (reference) => `recoverydesk:code:${reference.toUpperCase()}`;

function remember(reference, code) {
  try {
    sessionStorage.setItem(storageKey(reference), code);
  } catch {
    // private mode without storage: the page still works until it is reloaded
  }
}

function recall(reference) {
  try {
    return sessionStorage.getItem(storageKey(reference));
  } catch {
    return null;
  }
}

const pathMatch = /^\/status\/([^/]+)\/?$/.exec(window.location.pathname);
const reference = pathMatch ? decodeURIComponent(pathMatch[1]).trim().toUpperCase() : null;
const fromLink = /(?:^#|&)code=([^&]*)/.exec(window.location.hash);
if (reference && fromLink) {
  remember(reference, decodeURIComponent(fromLink[1]));
}
if (window.location.hash) {
  // The code must not stay in the address bar, the history or a bookmark.
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
}
const accessCode = reference ? recall(reference) : null;

let view = null;
let live = null;

// ---------------------------------------------------------------- public API

async function call(method, path, body) {
  const form = body instanceof FormData;
  const response = await fetch(`/api/public/cases/${encodeURIComponent(reference)}${path}`, {
    method,
    headers: {
      Accept: 'application/json',
      'X-Access-Code': accessCode,
      ...(body && !form ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body && !form ? JSON.stringify(body) : body,
    credentials: 'omit',
    cache: 'no-store',
  });
  return answerOf(response);
}

function notFoundWords(failure) {
  if (failure instanceof ApiError && failure.status === 404) {
    return 'We could not find a case with that reference and access code. Check both and try again.';
  }
  if (failure instanceof ApiError && failure.status === 429) return 'Too many attempts. Please wait a minute and try again.';
  if (failure instanceof ApiError) return failure.message;
  return 'We could not reach RecoveryDesk. Check your connection and try again.';
}

// ---------------------------------------------------------------- the look-up form

function showLookup(message) {
  document.title = 'Follow your case · RecoveryDesk';
  const form = el('form', { class: 'card lookup', novalidate: true },
    field('lookup-reference', 'Case reference', el('input', {
      type: 'text', required: true, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false',
      value: reference ?? '', placeholder: 'RD-7K3Q9F',
    }), 'It starts with RD- and is in the message we sent you.'),
    field('lookup-code', 'Access code', el('input', { type: 'text', required: true, autocomplete: 'off', spellcheck: 'false' }),
      'The code that came with your reference.'),
    message ? el('p', { class: 'error', role: 'alert' }, message) : null,
    el('button', { type: 'submit', class: 'primary' }, 'Show my case'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const ref = $('#lookup-reference').value.trim().toUpperCase();
    const code = $('#lookup-code').value.trim();
    if (!ref || !code) {
      replace(form.querySelector('.error') ?? form.insertBefore(el('p', { class: 'error', role: 'alert' }), form.lastElementChild),
        'Enter both the reference and the access code.');
      return;
    }
    remember(ref, code);
    window.location.assign(`/status/${encodeURIComponent(ref)}`);
  });
  replace(main,
    el('h1', {}, 'Follow your complaint'),
    el('p', {}, 'Enter the reference and access code we gave you. You do not need an account.'),
    form);
  (reference ? $('#lookup-code') : $('#lookup-reference')).focus();
}

// ---------------------------------------------------------------- the case

// Times in the team calendar's zone, written as the status words write them.
const at = (iso) => el('time', { datetime: iso }, formatTime(iso, view?.timeZone));

function render(next, { focus = false } = {}) {
  // A read that left before a write came back after it (a live re-read racing the survey) must not
  // put the older page back: never draw a version older than the one shown.
  if (view !== null && next.reference === view.reference && next.version < view.version) return;
  const firstTime = view === null;
  view = next;
  document.title = `${view.reference} · Your case · RecoveryDesk`;
  redrawKeeping(main, () => replace(main, ...caseParts(view)));
  if (focus || firstTime) main.querySelector('h1')?.focus();
}

function caseParts(v) {
  const owner = v.ownerFirstName;
  const resolved = v.status === 'Resolved' || v.status === 'Closed';
  return [
    el('p', { class: 'greeting' }, `Hello ${v.addressAs},`),
    el('h1', { tabindex: -1 }, v.subject),
    el('p', { class: 'muted' }, 'Reference ', el('strong', { class: 'reference' }, v.reference),
      ` · opened ${formatTime(v.openedAt, v.timeZone)}`),
    el('section', { class: `status-card status-${v.status}`, 'aria-labelledby': 'status-title' },
      el('h2', { id: 'status-title', class: 'visually-hidden' }, 'Where your case is'),
      el('p', { class: 'status-text', id: 'status-text', 'aria-live': 'polite' }, v.statusText),
      owner ? el('p', { class: 'owner' }, el('span', { class: 'avatar', 'aria-hidden': 'true' }, owner.slice(0, 1)),
        resolved ? `${owner} looked after your case.` : `${owner} is looking after you.`) : null,
      v.nextStep ? el('div', { class: 'next-step' },
        el('h3', {}, 'What happens next'),
        el('p', {}, v.nextStep.text),
        v.nextStep.dueAt ? el('p', { class: 'due' }, 'By ', at(v.nextStep.dueAt)) : null) : null),
    v.openPromises.length ? el('section', { class: 'promises-public', 'aria-labelledby': 'promises-title' },
      el('h2', { id: 'promises-title' }, 'What we promised you'),
      el('ul', {}, ...v.openPromises.map((p) => el('li', {}, el('span', { class: 'prewrap' }, p.text), el('br'), el('span', { class: 'muted small' }, 'By ', at(p.dueAt)))))) : null,
    followUps(v),
    v.canConfirmResolution ? confirmSection(v) : null,
    v.surveyOpen ? surveySection(v) : null,
    v.feedbackGiven ? el('p', { class: 'thanks' }, 'Thank you for telling us how we did.') : null,
    el('section', { class: 'history', 'aria-labelledby': 'history-title' },
      el('h2', { id: 'history-title' }, 'What has happened so far'),
      el('ol', { class: 'public-timeline' }, ...v.timeline.map((item) => el('li', { class: item.fromYou ? 'from-you' : 'from-us' },
        el('p', { class: 'entry-head' },
          el('span', { class: 'who' }, item.fromYou ? 'You' : item.by ?? 'RecoveryDesk'),
          ' ', el('span', { class: 'muted small' }, at(item.at))),
        el('p', { class: 'entry-text' }, item.text),
        fileList(item.attachments, downloadButton))))),
    messageSection(v, owner, resolved),
    v.mailsYou ? mailSection(v) : null,
  ];
}

/** Update mail can be stopped (and resumed) here, by a POST; answers to the customer still come by mail. */
function mailSection(v) {
  const form = el('form', { class: 'mail-preference' },
    el('h2', { id: 'mail-title' }, 'Email from us'),
    el('p', { class: 'muted' }, v.updateMail
      ? 'We email you when we make or move a promise and when your case is put right or reopened, as well as our answers to you.'
      : 'You asked us to stop update mail. Our answers and questions to you still come by email.'),
    el('button', { type: 'submit', id: 'mail-preference' }, v.updateMail ? 'Stop update mail' : 'Send me update mail again'));
  form.setAttribute('aria-labelledby', 'mail-title');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let next;
    if (await submitting(form, async () => { next = await call('POST', '/mail-preference', { updates: !v.updateMail }); })) render(next);
  });
  return form;
}

function followUps(v) {
  if (!v.linkedReference && !v.followUpReferences.length) return null;
  const link = (ref) => el('a', {
    href: `/status/${encodeURIComponent(ref)}`,
    onclick: () => remember(ref, accessCode), // the same code opens a follow-up
  }, ref);
  return el('section', { class: 'linked', 'aria-label': 'Related cases' },
    v.linkedReference ? el('p', {}, 'This case follows up on ', link(v.linkedReference), '.') : null,
    v.followUpReferences.length ? el('p', {}, 'We opened a new case for you to put this right: ',
      ...v.followUpReferences.flatMap((ref, i) => [i ? ', ' : '', link(ref)]), '. A colleague will be in touch.') : null);
}

function confirmSection(v) {
  const comment = el('form', { class: 'not-solved', hidden: true },
    field('not-solved-text', 'What is still wrong?', el('textarea', { rows: 3, dataset: { field: 'comment' } }), 'Your case is reopened and we carry on.'),
    formError(),
    el('button', { type: 'submit', class: 'primary' }, 'Reopen my case'));
  comment.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('#not-solved-text').value.trim();
    let next;
    if (await submitting(comment, async () => { next = await call('POST', '/confirmation', { resolved: false, comment: text || null }); })) render(next, { focus: true });
  });
  const yes = el('form', { class: 'inline' }, formError());
  return el('section', { class: 'card confirm', 'aria-labelledby': 'confirm-title' },
    el('h2', { id: 'confirm-title' }, 'Is your problem solved?'),
    el('div', { class: 'actions' },
      el('button', {
        type: 'button', class: 'primary', id: 'confirm-yes',
        onclick: async () => {
          let next;
          if (await submitting(yes, async () => { next = await call('POST', '/confirmation', { resolved: true }); })) render(next);
        },
      }, 'Yes, it is solved'),
      el('button', { type: 'button', id: 'confirm-no', onclick: () => { comment.hidden = false; $('#not-solved-text').focus(); } }, 'No, it is not')),
    yes,
    comment);
}

function radios(name, legend, options, hint) {
  return el('fieldset', { id: name, class: `question q-${name}`, 'aria-describedby': hint ? `${name}-hint` : undefined, dataset: { field: name.toLowerCase() } },
    el('legend', {}, legend),
    hint ? el('p', { class: 'hint', id: `${name}-hint` }, hint) : null,
    el('div', { class: 'chips' }, ...options.map(([value, label, words]) => el('label', { class: 'chip' },
      el('input', { type: 'radio', name, value: String(value), id: `${name}-${value}`, required: true }),
      el('span', { 'aria-hidden': words ? 'true' : undefined }, label),
      words ? el('span', { class: 'visually-hidden' }, words) : null))),
    el('p', { class: 'field-error', id: `${name}-error`, hidden: true }));
}

function surveySection() {
  const form = el('form', { class: 'card survey', novalidate: true },
    el('h2', { id: 'survey-title' }, 'How did we do?'),
    el('p', { class: 'muted' }, 'Three short questions. Your answers go to the team that handled your case.'),
    radios('satisfaction', 'Overall, how satisfied are you with how we handled your complaint?',
      [[1, '1', '1, very dissatisfied'], [2, '2', '2, dissatisfied'], [3, '3', '3, neither'], [4, '4', '4, satisfied'], [5, '5', '5, very satisfied']],
      '1 = very dissatisfied, 5 = very satisfied'),
    radios('buyAgain', 'Will you buy from us again?', [['Yes', 'Yes'], ['NotSure', 'Not sure'], ['No', 'No']]),
    radios('recommend', 'How likely are you to recommend us to a friend or colleague?',
      Array.from({ length: 11 }, (_, i) => [i, String(i), i === 0 ? '0, not at all likely' : i === 10 ? '10, extremely likely' : String(i)]),
      '0 = not at all likely, 10 = extremely likely'),
    field('survey-comment', 'Anything you would like to add? (optional)', el('textarea', { rows: 3, dataset: { field: 'comment' } })),
    formError(),
    el('button', { type: 'submit', class: 'primary' }, 'Send my answers'));
  form.setAttribute('aria-labelledby', 'survey-title');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const picked = (name) => form.querySelector(`input[name="${name}"]:checked`)?.value ?? null;
    const missing = ['satisfaction', 'buyAgain', 'recommend'].filter((name) => picked(name) === null);
    for (const name of ['satisfaction', 'buyAgain', 'recommend']) {
      const box = $(`#${name}-error`);
      box.hidden = !missing.includes(name);
      box.textContent = missing.includes(name) ? 'Please choose an answer.' : '';
    }
    if (missing.length) {
      form.querySelector(`input[name="${missing[0]}"]`).focus();
      return;
    }
    const body = {
      satisfaction: Number(picked('satisfaction')),
      buyAgain: picked('buyAgain'),
      recommend: Number(picked('recommend')),
      comment: $('#survey-comment').value.trim() || null,
    };
    let next;
    if (await submitting(form, async () => { next = await call('POST', '/feedback', body); })) render(next, { focus: true });
  });
  return form;
}

function messageSection(v, owner, resolved) {
  const form = el('form', { class: 'card write' },
    field('message-text', owner ? `Write to ${owner}` : 'Write to us', el('textarea', { rows: 4, required: true, dataset: { field: 'text' } }),
      resolved ? 'If something is still wrong, tell us here and we will reopen your case.' : 'We reply on this page.'),
    fileField('message-files'),
    formError(),
    el('button', { type: 'submit', class: 'primary' }, 'Send message'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('#message-text').value.trim();
    if (!text) {
      const box = $('#message-text-error');
      box.textContent = 'Write your message first.';
      box.hidden = false;
      $('#message-text').focus();
      return;
    }
    let next;
    if (await submitting(form, async () => {
      const attachmentIds = await uploadPicked($('#message-files'), (file) => call('POST', '/attachments', file));
      next = await call('POST', '/messages', { text, attachmentIds });
    })) {
      $('#message-text').value = '';
      $('#message-files').value = '';
      if (next.reference !== v.reference) {
        // A message on a long-closed case opened a new one: follow it there.
        remember(next.reference, accessCode);
        window.location.assign(`/status/${encodeURIComponent(next.reference)}`);
        return;
      }
      render(next);
    }
  });
  return form;
}

/** A file on the page: fetched with the access code (a link could not carry it) and saved. */
function downloadButton(file) {
  const button = el('button', { type: 'button', class: 'link-button' }, file.fileName);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const response = await fetch(`/api/public/cases/${encodeURIComponent(reference)}/attachments/${file.id}`, {
        headers: { 'X-Access-Code': accessCode }, credentials: 'omit', cache: 'no-store',
      });
      if (!response.ok) throw new Error(`The file could not be fetched (${response.status}).`);
      saveBlob(await response.blob(), file.fileName);
    } catch (failure) {
      button.after(el('span', { class: 'error small', role: 'alert' }, ` ${failure.message}`));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

// ---------------------------------------------------------------- live

const reread = debounce(async () => {
  try {
    render(await call('GET', ''));
  } catch {
    // the banner or the next message will tell; what is shown stays
  }
}, 400);

function onMessage(message) {
  if (!view || message.version <= view.version) return;
  const changedShape = message.status !== view.status || message.event.startsWith('Promise')
    || ['CaseResolved', 'CaseReopened', 'CaseClosed', 'ResolutionConfirmed', 'FeedbackReceived', 'FollowUpOpened'].includes(message.event);
  const next = {
    ...view,
    version: message.version,
    status: message.status,
    statusText: message.statusText,
    ownerFirstName: message.ownerFirstName,
    nextStep: message.nextStep,
    timeline: message.entry ? [...view.timeline, message.entry] : view.timeline,
  };
  render(next);
  if (changedShape) reread();
}

async function watch() {
  try {
    render(await live.connection.invoke('Watch', reference, accessCode));
    document.documentElement.dataset.watching = reference;
  } catch (failure) {
    const text = String(failure?.message ?? '');
    if (/No case matches|Too many attempts/.test(text)) {
      await live.stop();
      if (!view) showLookup(/Too many/.test(text) ? 'Too many attempts. Please wait a minute and reload the page.' : notFoundWords(new ApiError(404, {})));
    }
  }
}

// ---------------------------------------------------------------- start

if (!reference || !accessCode) {
  showLookup(reference && !accessCode ? null : undefined);
} else {
  try {
    render(await call('GET', ''));
    live = connect('/hubs/status', { onMessage, onResync: watch, resyncOnGap: false });
  } catch (failure) {
    showLookup(notFoundWords(failure));
  }
}
