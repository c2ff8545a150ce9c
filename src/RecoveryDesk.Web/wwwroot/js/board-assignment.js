// The board's "Who takes what" settings: per team, whether new cases wait in the queue or are offered
// to one available member at a time, and the load up to which a member is offered more.

import { get, put } from './api.js';
import { el, replace } from './dom.js';
import { announce } from './shell.js';
import { field, formError, submitting, readable } from './desk.js';

export async function startAssignmentSettings(node, teams) {
  const forms = await Promise.all(teams.map(async (team) => {
    try {
      return teamForm(team, await get(`/api/teams/${team.id}/assignment`));
    } catch (failure) {
      return el('p', { class: 'error' }, `${team.name}: ${readable(failure)}`);
    }
  }));
  replace(node, ...(forms.length ? forms : [el('p', { class: 'muted' }, 'No teams yet.')]));
}

function teamForm(team, settings) {
  const prefix = `assignment-${team.id}`;
  const mode = el('select', { dataset: { field: 'mode' } },
    el('option', { value: 'Queue' }, 'Queue: members claim'),
    el('option', { value: 'Offered' }, 'Offered: one member at a time'));
  mode.value = settings.mode;
  const capacity = el('input', { type: 'number', min: 1, max: 200, value: String(settings.capacity), dataset: { field: 'capacity' } });
  const form = el('form', { class: 'assignment-form', 'aria-label': `Assignment for ${team.name}` },
    el('strong', {}, team.name),
    field(`${prefix}-mode`, 'New cases', mode),
    field(`${prefix}-capacity`, 'Capacity per member', capacity, 'P1 counts 4, P2 3, P3 2, P4 1.'),
    el('button', { type: 'submit' }, 'Save'),
    formError());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let saved = null;
    if (await submitting(form, async () => { saved = await put(`/api/teams/${team.id}/assignment`, { mode: mode.value, capacity: Number(capacity.value) }); })) {
      announce(saved.mode === 'Offered'
        ? `${team.name}: new cases are offered to one available member at a time.`
        : `${team.name}: new cases wait in the queue to be claimed.`, 'ok');
    }
  });
  return form;
}
