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
    showError(null);
  } catch (e) {
    showError(e);
  }
}

refresh();
setInterval(refresh, REFRESH_MILLIS);
