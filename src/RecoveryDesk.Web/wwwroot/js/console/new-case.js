// The "new case" form, for complaints taken at the front line by phone, email or in person. The
// access code is shown once, right after the case is opened.

import { post } from '../api.js';
import { $, el, replace } from '../dom.js';
import { channels, field, submitting, formError } from '../desk.js';
import { backLink } from './case-view.js';

const pane = $('#detail');

/** `teams` are the queues the person may open a case in. */
export function showNewCase(teams) {
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
    if (ok) showCreated(created, body, teams);
  });

  replace(pane,
    backLink(),
    el('h2', { tabindex: -1 }, 'New case'),
    el('p', { class: 'muted' }, 'Log a complaint taken by phone, email or in person. It goes to the team queue, and the customer gets a link to follow it.'),
    form);
  pane.querySelector('h2').focus();
}

function showCreated(created, body, teams) {
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
    created.mailedTo
      ? el('p', { id: 'mail-notice', class: 'ok' }, `The acknowledgement with this link is being mailed to ${created.mailedTo}.`)
      : el('p', { id: 'mail-notice', class: 'notice' }, 'No email address: nothing will be mailed to this customer. Read the reference and the access code out to them now.'),
    el('dl', { class: 'facts created' },
      el('dt', {}, 'Reference'), el('dd', {}, el('strong', { class: 'reference' }, created.reference), ' ', copyButton(created.reference, 'Copy reference')),
      el('dt', {}, 'Access code'), el('dd', {}, el('code', { id: 'access-code' }, created.accessCode), ' ', copyButton(created.accessCode, 'Copy code'))),
    el('label', { for: 'status-link' }, 'Status link for the customer'),
    el('div', { class: 'copy-row' },
      el('input', { id: 'status-link', type: 'text', readonly: true, value: created.statusUrl }),
      copyButton(created.statusUrl, 'Copy link')),
    el('div', { class: 'actions' },
      el('a', { class: 'button primary', href: `#case/${created.id}` }, `Go to ${created.reference}`),
      el('a', { class: 'button', href: '#new', onclick: () => { if (window.location.hash === '#new') showNewCase(teams); } }, 'Log another complaint')));
  pane.querySelector('h2').focus();
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
