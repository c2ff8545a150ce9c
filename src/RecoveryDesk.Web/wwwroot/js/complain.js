// The public complaint form: no account. The page loads a form token (the server refuses a form sent
// back too soon after it, or long after), opens a case with what the customer wrote, and shows the
// reference, the access code (this once) and the status link. Everything typed is sent as JSON and
// shown back, if at all, through textContent.

import { ApiError, get, post } from './api.js';
import { $, el, replace } from './dom.js';
import { field, formError, submitting } from './desk.js';

const main = $('#main');
let formToken = null;

async function loadForm() {
  let state;
  try {
    state = await get('/api/public/complaint-form');
  } catch {
    replace(main, el('h1', { tabindex: -1 }, 'Make a complaint'),
      el('p', { class: 'error', role: 'alert' }, 'We could not load the form. Check your connection and reload the page.'));
    return;
  }
  if (!state.open) {
    showClosed(state.closedText);
    return;
  }
  formToken = state.formToken;
  showForm();
}

function showClosed(text) {
  replace(main,
    el('h1', { tabindex: -1 }, 'Make a complaint'),
    el('p', { id: 'form-closed', class: 'notice' }, text ?? 'We are not taking complaints through this form at the moment. Please phone or email us instead.'));
  main.querySelector('h1').focus();
}

function showForm() {
  const form = el('form', { id: 'complaint-form', class: 'card', novalidate: true },
    el('fieldset', {},
      el('legend', {}, 'About you'),
      field('cf-name', 'Your name', el('input', { type: 'text', required: true, autocomplete: 'name', maxlength: 200, dataset: { field: 'name' } })),
      field('cf-address', 'How should we address you? (optional)', el('input', { type: 'text', autocomplete: 'off', maxlength: 200, dataset: { field: 'preferredaddress' } }),
        'For example "Mrs Hill", or your first name.'),
      el('div', { class: 'two' },
        field('cf-email', 'Email', el('input', { type: 'email', autocomplete: 'email', maxlength: 254, dataset: { field: 'email' } })),
        field('cf-phone', 'Phone', el('input', { type: 'tel', autocomplete: 'tel', maxlength: 40, dataset: { field: 'phone' } }))),
      el('p', { class: 'hint' }, 'An email address or a phone number (or both), so we can get back to you. With an email address we also mail you the link to follow your case.')),
    el('fieldset', {},
      el('legend', {}, 'Your complaint'),
      field('cf-subject', 'What is it about?', el('input', { type: 'text', required: true, maxlength: 200, dataset: { field: 'subject' } })),
      field('cf-text', 'What happened', el('textarea', { rows: 7, required: true, maxlength: 4000, dataset: { field: 'text' } }),
        'Tell us in your own words; we read every complaint.')),
    // The honeypot: people never see or reach this field; scripts that fill every field do, and
    // the server then answers as if it took the complaint without opening anything.
    el('div', { class: 'trap', 'aria-hidden': 'true' },
      el('label', { for: 'cf-website' }, 'Leave this empty'),
      el('input', { id: 'cf-website', type: 'text', name: 'website', tabindex: -1, autocomplete: 'off' })),
    formError(),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Send my complaint')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (id) => $(`#${id}`).value.trim();
    const body = {
      name: value('cf-name'),
      email: value('cf-email') || null,
      phone: value('cf-phone') || null,
      preferredAddress: value('cf-address') || null,
      subject: value('cf-subject'),
      text: $('#cf-text').value,
      formToken,
      website: $('#cf-website').value,
    };
    let received;
    const ok = await submitting(form, async () => {
      try {
        received = await post('/api/public/complaints', body);
      } catch (failure) {
        throw await explained(failure);
      }
    });
    if (ok) showReceived(received);
  });

  replace(main,
    el('h1', { tabindex: -1 }, 'Make a complaint'),
    el('p', {}, 'Tell us what went wrong. You do not need an account: you get a reference and a link to follow your case.'),
    form);
  main.querySelector('h1').focus();
}

/** Words for what the form cannot show next to a field; a lapsed form token is renewed for the next try. */
async function explained(failure) {
  if (!(failure instanceof ApiError)) return failure;
  if (failure.status === 400 && failure.fieldErrors.formToken) {
    try {
      formToken = (await get('/api/public/complaint-form')).formToken ?? formToken;
    } catch {
      // the next try asks again
    }
  }
  if (failure.status === 409) {
    showClosed(failure.problem.detail);
  }
  if (failure.status === 429) {
    // Our own words rather than the generic "wait a minute": the limit counts over an hour.
    return new ApiError(0, { detail: 'Several complaints have come from your connection in the last hour. Please try again later, or phone or email us.' });
  }
  return failure;
}

function showReceived(received) {
  const link = `/status/${encodeURIComponent(received.reference)}#code=${encodeURIComponent(received.accessCode)}`;
  replace(main,
    el('h1', { tabindex: -1 }, 'Thank you: we have your complaint'),
    el('p', {}, 'It is with our team now, and someone will pick it up soon. Keep these two so you can follow your case:'),
    el('dl', { class: 'facts created card' },
      el('dt', {}, 'Reference'), el('dd', {}, el('strong', { id: 'reference', class: 'reference' }, received.reference)),
      el('dt', {}, 'Access code'), el('dd', {}, el('code', { id: 'access-code' }, received.accessCode))),
    el('p', { class: 'notice' }, 'The access code is shown only this once. Anyone with the reference and the code can read your case.'),
    received.mailedTo
      ? el('p', { id: 'mail-notice', class: 'ok' }, `We are also emailing them, with the link, to ${received.mailedTo}.`)
      : el('p', { id: 'mail-notice' }, 'You gave no email address, so we send nothing by email: note the reference and the access code now.'),
    el('label', { for: 'status-link' }, 'Your status link'),
    el('div', { class: 'copy-row' }, el('input', { id: 'status-link', type: 'text', readonly: true, value: received.statusUrl })),
    el('p', {}, el('a', { class: 'button primary', href: link }, 'Open my case page')));
  main.querySelector('h1').focus();
}

loadForm();
