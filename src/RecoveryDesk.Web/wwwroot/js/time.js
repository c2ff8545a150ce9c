// The server's idea of "now". SLA countdowns must agree with the deadlines the server works against,
// even when the browser's clock is off: every API answer's X-Server-Time (js/api.js) and the board's
// "at" tell this module how far the browser's clock is from the server's.

let skew = 0;

/** Records an exact server time, e.g. the board's `at`. */
export function learnServerTime(iso) {
  if (!iso) return;
  const at = Date.parse(iso);
  if (!Number.isNaN(at)) skew = at - Date.now();
}

export const serverNow = () => Date.now() + skew;

/** Where a deadline stands: 'breached' once passed, 'at-risk' in its last quarter, else ''. */
export function slaClass(state, dueAt) {
  if (state === 'Breached') return 'breached';
  if (dueAt && Date.parse(dueAt) <= serverNow() && state !== 'Paused' && state !== 'Stopped') return 'breached';
  if (state === 'AtRisk') return 'at-risk';
  return '';
}

/** A datetime-local input's value for a moment, in the reader's zone. */
export function toLocalInput(ms) {
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local input's value as an ISO instant (UTC), or null when empty or invalid. */
export function fromLocalInput(value) {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
