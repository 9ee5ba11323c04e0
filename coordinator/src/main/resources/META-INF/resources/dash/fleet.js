import { getJson, showError, cell } from './common.js';

// Heartbeats arrive every few seconds; refreshing as often shows a worker going quiet promptly.
const REFRESH_MILLIS = 3000;

async function refresh() {
  try {
    const workers = await getJson('/fleet/workers');
    const body = document.querySelector('#workers tbody');
    body.replaceChildren();
    for (const w of workers) {
      const row = body.insertRow();
      cell(row, w.workerId);
      cell(row, w.roles.join(', '));
      cell(row, w.alive ? 'alive' : 'silent').className = w.alive ? 'status RUNNING' : 'status FAILED';
      cell(row, w.currentTask || 'idle');
      cell(row, w.lastHeartbeat ? new Date(w.lastHeartbeat).toLocaleTimeString() : '—');
    }
    document.getElementById('empty').hidden = workers.length > 0;
    showScaling(await getJson('/fleet/scaling'));
    showError(null);
  } catch (e) {
    showError(e);
  }
}

function showScaling(scaling) {
  const pools = document.querySelector('#pools tbody');
  pools.replaceChildren();
  for (const p of scaling.pools) {
    const row = pools.insertRow();
    cell(row, p.pool);
    cell(row, String(p.workers));
    cell(row, String(p.lag));
    cell(row, new Date(p.decidedAt).toLocaleTimeString());
  }
  const decisions = document.querySelector('#decisions tbody');
  decisions.replaceChildren();
  for (const d of scaling.decisions) {
    const row = decisions.insertRow();
    cell(row, new Date(d.at).toLocaleTimeString());
    cell(row, d.pool);
    cell(row, d.fromWorkers + ' → ' + d.toWorkers);
    cell(row, String(d.lag));
    cell(row, d.reason);
  }
  document.getElementById('no-scaling').hidden = scaling.decisions.length > 0;
}

refresh();
setInterval(refresh, REFRESH_MILLIS);
