// Availability, as the console and the board show and set it: Available, Away (optionally until a
// time, with a substitute who covers the cases) or Off shift. The server decides what it means for
// offers and cover; these pieces only word it and send it (PUT /api/me/availability, or
// /api/staff/{id}/availability for a supervisor).

import { put } from './api.js';
import { el, when } from './dom.js';
import { field, formError, submitting } from './desk.js';
import { toLocalInput, fromLocalInput } from './time.js';

/** "Available", "Away until Thu 14:00", "Off shift". */
export function availabilityWords(person) {
  switch (person.availability) {
    case 'Away': return person.awayUntil ? `Away until ${when(person.awayUntil)}` : 'Away';
    case 'Off': return 'Off shift';
    default: return 'Available';
  }
}

/** A colleague's name with their availability when it is not plain "available": for pickers. */
export function nameWithAvailability(person) {
  return person.availability && person.availability !== 'Available' ? `${person.name} (${availabilityWords(person).toLowerCase()})` : person.name;
}

/** Copies a StaffEvent (or a PUT's answer) into the directory entry it is about. */
export function applyAvailability(directory, update) {
  const entry = directory.agents.find((a) => a.id === update.staffId);
  if (!entry) return null;
  entry.availability = update.state;
  entry.awayUntil = update.state === 'Away' ? update.until : null;
  entry.substituteId = update.state === 'Available' ? null : update.substituteId;
  return entry;
}

/**
 * The form to set one person's availability. `self` sends to /api/me/availability; otherwise the
 * supervisor's route for `person.id`. `onSaved` gets the server's answer.
 */
export function availabilityForm(prefix, person, directory, { self, onSaved }) {
  const state = el('select', { dataset: { field: 'state' } },
    el('option', { value: 'Available' }, 'Available'),
    el('option', { value: 'Away' }, 'Away'),
    el('option', { value: 'Off' }, 'Off shift'));
  state.value = person.availability ?? 'Available';
  const until = el('input', { type: 'datetime-local', dataset: { field: 'until' } });
  if (person.awayUntil) until.value = toLocalInput(Date.parse(person.awayUntil));
  const substitute = el('select', { dataset: { field: 'substituteid' } },
    el('option', { value: '' }, 'Nobody: the team covers'),
    ...directory.agents.filter((a) => a.canOwnCases && a.id !== person.id).map((a) => el('option', { value: a.id }, a.name)));
  substitute.value = person.substituteId ?? '';
  const untilField = field(`${prefix}-until`, 'Away until (optional)', until, 'Leave empty for an absence without an end.');
  const substituteField = field(`${prefix}-substitute`, 'Substitute', substitute, 'Offered your cases when the customer writes or a deadline is near.');
  const show = () => {
    untilField.hidden = state.value !== 'Away';
    substituteField.hidden = state.value === 'Available';
  };
  state.addEventListener('change', show);
  show();
  const form = el('form', { class: 'availability-form' },
    field(`${prefix}-state`, self ? 'I am' : `${person.name} is`, state),
    untilField,
    substituteField,
    formError(),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Save availability')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {
      state: state.value,
      until: state.value === 'Away' && until.value ? fromLocalInput(until.value) : null,
      substituteId: state.value !== 'Available' && substitute.value ? substitute.value : null,
    };
    let saved = null;
    const ok = await submitting(form, async () => {
      saved = await put(self ? '/api/me/availability' : `/api/staff/${person.id}/availability`, body);
    });
    if (ok) onSaved?.(saved);
  });
  return form;
}
