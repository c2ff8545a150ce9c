// Recovery and loyalty figures over time, for supervisors: totals for the period as tiles and one
// chart per figure per UTC day (Chart.js from npm), each with its numbers in a table for anyone who
// cannot see the chart.

import { get } from './api.js';
import { $, el, replace } from './dom.js';
import { startStaffPage, isSupervisor, announce } from './shell.js';
import { readable, debounce } from './desk.js';
import { connect } from './live.js';
import { serverNow } from './time.js';

await startStaffPage(isSupervisor);

const Chart = window.Chart;
Chart.defaults.animation = false;
Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
Chart.defaults.color = '#57606a';
const colours = ['#0b5cad', '#b42318', '#1a7f37', '#8a5a00', '#6e40c9'];
const charts = [];

const pct = (v) => (v === null || v === undefined ? '—' : `${v.toFixed(1)} %`);
const num = (v) => (v === null || v === undefined ? '—' : v.toFixed(0));
// One unit per kind of duration, in the tiles and the charts alike: first response and resolution in
// hours, hand-off acceptance in minutes.
const hours = (minutes) => (minutes === null || minutes === undefined ? null : +(minutes / 60).toFixed(1));
const minutesOf = (minutes) => (minutes === null || minutes === undefined ? null : Math.round(minutes));
const inUnit = (value, unit) => (value === null ? '—' : `${value} ${unit}`);

/** "1 answer", "3 answers". */
const count = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const tiles = [
  ['SLA compliance', (t) => pct(t.slaCompliancePercent), (t) => `${count(t.slaCompliance.reduce((n, c) => n + c.completed, 0), 'target')} completed`],
  ['Median first response', (t) => inUnit(hours(t.medianFirstResponseMinutes), 'h'), (t) => count(t.firstResponses, 'first response')],
  ['Median resolution', (t) => inUnit(hours(t.medianResolutionMinutes), 'h'), (t) => count(t.resolutions, 'resolution')],
  ['Hand-off acceptance', (t) => inUnit(minutesOf(t.medianHandoffAcceptanceMinutes), 'min'), (t) => `median of ${t.handoffsAccepted} accepted`],
  ['Promises kept', (t) => pct(t.promisesKeptPercent), (t) => `${t.promisesKept} kept, ${t.promisesBroken} broken`],
  ['NPS', (t) => (t.nps === null || t.nps === undefined ? '—' : `${t.nps > 0 ? '+' : ''}${t.nps.toFixed(0)}`), (t) => `${pct(t.promotersPercent)} promoters, ${pct(t.detractorsPercent)} detractors`],
  ['CSAT', (t) => pct(t.csatPercent), (t) => `mean ${t.csatMeanSatisfaction?.toFixed(2) ?? '—'} of 5 · ${count(t.feedbackResponses, 'answer')}`],
  ['Top box on all three', (t) => pct(t.topBoxPercent), () => 'satisfaction 5, buy again yes, recommend 9–10'],
  ['Reopen rate', (t) => pct(t.reopenRatePercent), (t) => `${t.reopens} reopened`],
];

// Each chart: title, unit words, y-axis bounds, and its series (label, value of a day's figures).
const chartSpecs = [
  { id: 'sla', title: 'SLA compliance', unit: '%', min: 0, max: 100, series: [['Targets met on time', (f) => f.slaCompliancePercent]] },
  { id: 'times', title: 'Median first response and resolution', unit: 'hours', min: 0, series: [['First response', (f) => hours(f.medianFirstResponseMinutes)], ['Resolution', (f) => hours(f.medianResolutionMinutes)]] },
  { id: 'handoffs', title: 'Hand-off acceptance time (median)', unit: 'minutes', min: 0, series: [['Minutes to accept', (f) => minutesOf(f.medianHandoffAcceptanceMinutes)]] },
  { id: 'promises', title: 'Promises kept', unit: '%', min: 0, max: 100, series: [['Kept', (f) => f.promisesKeptPercent]] },
  { id: 'nps', title: 'Net Promoter Score', unit: 'NPS', min: -100, max: 100, series: [['NPS', (f) => f.nps]] },
  { id: 'loyalty', title: 'CSAT and top-box loyalty', unit: '%', min: 0, max: 100, series: [['CSAT (4 or 5 of 5)', (f) => f.csatPercent], ['Top box on all three', (f) => f.topBoxPercent]] },
];

function drawTiles(totals) {
  replace($('#tiles'), ...tiles.map(([title, value, detail]) => el('div', { class: 'tile' },
    el('h3', {}, title),
    el('p', { class: 'tile-value' }, value(totals)),
    el('p', { class: 'muted small' }, detail(totals)))));
}

function drawCharts(metrics) {
  for (const chart of charts.splice(0)) chart.destroy();
  const days = metrics.daily.map((d) => d.date);
  const labels = days.map((d) => new Date(`${d}T00:00:00Z`).toLocaleDateString([], { day: 'numeric', month: 'short', timeZone: 'UTC' }));
  replace($('#charts'), ...chartSpecs.map((spec) => {
    const values = spec.series.map(([, pick]) => metrics.daily.map((d) => pick(d.figures) ?? null));
    const counted = values.flat().filter((v) => v !== null);
    const canvas = el('canvas', {
      id: `chart-${spec.id}`, role: 'img',
      'aria-label': `${spec.title}, by day, in ${spec.unit}. ${counted.length ? `${counted.length} days with data; the table below lists them.` : 'No data in this period.'}`,
    });
    const table = el('table', { class: 'numbers' },
      el('caption', { class: 'visually-hidden' }, `${spec.title} by day`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Day'), ...spec.series.map(([label]) => el('th', { scope: 'col' }, `${label} (${spec.unit})`)))),
      el('tbody', {}, ...days.map((day, i) => ({ day, i })).filter(({ i }) => values.some((s) => s[i] !== null))
        .map(({ i }) => el('tr', {}, el('th', { scope: 'row' }, labels[i]), ...values.map((s) => el('td', {}, s[i] === null ? '—' : String(+s[i].toFixed(1))))))));
    const card = el('figure', { class: 'card chart-card' },
      el('figcaption', {}, el('h3', {}, spec.title), el('span', { class: 'muted small' }, spec.unit)),
      el('div', { class: 'chart-box' }, canvas),
      counted.length ? null : el('p', { class: 'muted small no-data' }, 'Nothing to count in this period yet.'),
      el('details', {}, el('summary', {}, 'Show the numbers'), table));
    queueMicrotask(() => charts.push(new Chart(canvas, {
      type: spec.series.length === 1 && spec.id !== 'sla' && spec.id !== 'nps' ? 'bar' : 'line',
      data: {
        labels,
        datasets: spec.series.map(([label], k) => ({
          label,
          data: values[k],
          borderColor: colours[k],
          backgroundColor: `${colours[k]}cc`,
          pointRadius: labels.length > 60 ? 0 : 3,
          spanGaps: true,
          tension: 0.2,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: spec.series.length > 1, position: 'bottom' } },
        scales: {
          y: { min: spec.min, max: spec.max, title: { display: true, text: spec.unit } },
          x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 10 } },
        },
      },
    })));
    return card;
  }));
}

/** One row per colleague, the period's totals of their share. */
function drawAgents(agents) {
  const columns = [
    ['Resolutions', (f) => num(f.resolutions)],
    ['Median resolution', (f) => inUnit(hours(f.medianResolutionMinutes), 'h')],
    ['SLA compliance', (f) => pct(f.slaCompliancePercent)],
    ['Median first response', (f) => inUnit(hours(f.medianFirstResponseMinutes), 'h')],
    ['Hand-offs accepted', (f) => num(f.handoffsAccepted)],
    ['Promises kept', (f) => pct(f.promisesKeptPercent)],
    ['CSAT', (f) => pct(f.csatPercent)],
    ['NPS', (f) => (f.nps === null || f.nps === undefined ? '—' : f.nps.toFixed(0))],
  ];
  replace($('#agents'), agents.length
    ? el('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Figures by colleague (scrolls sideways on a small screen)' }, el('table', { class: 'numbers agents-table' },
      el('caption', { class: 'visually-hidden' }, 'Figures by colleague'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Colleague'), ...columns.map(([title]) => el('th', { scope: 'col' }, title)))),
      el('tbody', {}, ...agents.map((a) => el('tr', {}, el('th', { scope: 'row' }, a.name), ...columns.map(([, value]) => el('td', {}, value(a.figures))))))))
    : el('p', { class: 'muted small' }, 'Nobody has anything to count in this period yet.'));
}

async function load() {
  const days = Number($('#period-days').value);
  const team = $('#period-team').value;
  // Up to the server's now (its default for "to"), so nothing just recorded falls outside.
  const from = new Date(serverNow() - days * 86400000).toISOString();
  const query = new URLSearchParams({ from });
  if (team) query.set('teamId', team);
  try {
    const metrics = await get(`/api/metrics?${query}`);
    $('#figures-csv').href = `/api/metrics/csv?${query}`;
    const teamName = $('#period-team').selectedOptions[0]?.textContent ?? 'All teams';
    $('#period-words').textContent = `${teamName}, ${new Date(metrics.from).toLocaleDateString()} to ${new Date(metrics.to).toLocaleDateString()}. Days are UTC days.`;
    drawTiles(metrics.totals);
    drawAgents(metrics.agents);
    drawCharts(metrics);
  } catch (failure) {
    announce(readable(failure), 'error', { sticky: true });
  }
}

try {
  const directory = await get('/api/staff');
  $('#period-team').append(...directory.teams.map((t) => el('option', { value: t.id }, t.name)));
} catch {
  // all teams only
}
$('#period').addEventListener('change', load);
$('#period').addEventListener('submit', (event) => event.preventDefault());
await load();
// Every change on the desk may move a figure: read them again once the desk has been quiet for a moment.
const reloadSoon = debounce(() => load(), 3000);
connect('/hubs/desk', { onMessage: reloadSoon, onResync: () => load() });
