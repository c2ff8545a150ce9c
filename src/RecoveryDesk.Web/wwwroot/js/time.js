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

let deskZone = 'UTC';

/** The zone lists of cases are written in: GET /api/me's timeZone. A case's own times use its timeZone. */
export function setDeskZone(zone) {
  if (zone) deskZone = zone;
}

const formats = new Map();

/** The parts of a moment in a zone ("UTC" or an IANA id); an unknown zone reads as UTC, as on the server. */
function partsIn(ms, zone) {
  if (!formats.has(zone)) {
    const options = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    let format;
    try {
      format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: zone });
    } catch {
      format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' });
    }
    formats.set(zone, format);
  }
  return Object.fromEntries(formats.get(zone).formatToParts(ms).map((p) => [p.type, p.value]));
}

/**
 * The desk's one way of writing a time, the same as the server's (PublicWording.When): "Monday 2 March
 * at 13:00 UTC", or "Monday 2 March at 13:00 (Europe/London)" in a named zone; the year only when it is
 * not this year there.
 */
export function formatTime(iso, zone = deskZone) {
  if (!iso) return '';
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const p = partsIn(ms, zone);
  const year = partsIn(serverNow(), zone).year === p.year ? '' : ` ${p.year}`;
  const text = `${p.weekday} ${p.day} ${p.month}${year} at ${p.hour}:${p.minute}`;
  return zone === 'UTC' ? `${text} UTC` : `${text} (${zone})`;
}

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
