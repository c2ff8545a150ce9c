// The board's saved replies: a supervisor picks one of the teams and writes, changes or deletes its
// saved replies. The server checks titles and placeholders; its answers are shown beside the fields.
// Titles and texts are drawn with textContent like everything else.

import { api, get, post, put } from './api.js';
import { el, replace } from './dom.js';
import { field, formError, submitting, readable, emptyRow } from './desk.js';
import { announce } from './shell.js';

const placeholders = '{addressAs} (how the customer is addressed), {ownerFirstName}, {nextDueAt} (the next time the customer was given), {reference}';

/** Draws the region into `root` for the given teams ({id, name}). */
export function startSavedReplies(root, teams) {
  let editing = null; // the reply being changed, or null for a new one
  const team = el('select', { id: 'saved-replies-team' }, ...teams.map((t) => el('option', { value: t.id }, t.name)));
  const list = el('ul', { class: 'rows', id: 'saved-replies-list', 'aria-live': 'polite' });
  const title = el('input', { type: 'text', required: true, maxlength: 100, dataset: { field: 'title' } });
  const text = el('textarea', { rows: 4, required: true, maxlength: 4000, dataset: { field: 'text' } });
  const heading = el('h3', { id: 'saved-reply-form-title' }, 'New saved reply');
  const cancel = el('button', { type: 'button', hidden: true }, 'Cancel change');
  const form = el('form', { id: 'saved-reply-form', 'aria-labelledby': 'saved-reply-form-title' },
    heading,
    field('saved-reply-title', 'Title', title, 'What agents pick it by; one of a kind in the team.'),
    field('saved-reply-text', 'Text', text, `Plain text. Placeholders: ${placeholders}.`),
    formError(),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Save'), cancel));

  const base = () => `/api/teams/${team.value}/saved-replies`;

  function startNew() {
    editing = null;
    form.reset();
    heading.textContent = 'New saved reply';
    cancel.hidden = true;
  }

  function startEdit(reply) {
    editing = reply;
    title.value = reply.title;
    text.value = reply.text;
    heading.textContent = `Change "${reply.title}"`;
    cancel.hidden = false;
    title.focus();
  }

  async function remove(reply) {
    if (!window.confirm(`Delete the saved reply "${reply.title}"?`)) return;
    try {
      await api('DELETE', `${base()}/${reply.id}`);
      announce(`Deleted "${reply.title}".`);
      if (editing?.id === reply.id) startNew();
      await load();
    } catch (failure) {
      announce(readable(failure), 'error');
    }
  }

  function row(reply) {
    return el('li', { dataset: { id: reply.id } },
      el('strong', {}, reply.title),
      el('p', { class: 'prewrap meta' }, reply.text),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'small-button', 'aria-label': `Change ${reply.title}`, onclick: () => startEdit(reply) }, 'Change'),
        el('button', { type: 'button', class: 'small-button', 'aria-label': `Delete ${reply.title}`, onclick: () => remove(reply) }, 'Delete')));
  }

  async function load() {
    if (!team.value) {
      replace(list, emptyRow('No teams yet.'));
      return;
    }
    try {
      const replies = await get(base());
      replace(list, ...(replies.length ? replies.map(row) : [emptyRow('This team has no saved replies yet.')]));
    } catch (failure) {
      replace(list, emptyRow(readable(failure)));
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { title: title.value.trim(), text: text.value.trim() };
    const saved = await submitting(form, () => (editing ? put(`${base()}/${editing.id}`, body) : post(base(), body)));
    if (!saved) return;
    announce(editing ? `Saved the change to "${body.title}".` : `Saved "${body.title}".`);
    startNew();
    await load();
  });
  cancel.addEventListener('click', startNew);
  team.addEventListener('change', () => { startNew(); load(); });

  replace(root,
    el('div', { class: 'field' }, el('label', { for: 'saved-replies-team' }, 'Team'), team),
    list,
    form);
  load();
}
