import { getJson, showError, cell } from './common.js';

// The list is small and cheap to read; polling keeps it current without one stream per job.
const REFRESH_MILLIS = 3000;
const MILLIS_PER_SECOND = 1000;

function eta(job) {
  if (job.status !== 'RUNNING' || !job.msPerIteration) return '—';
  const seconds = Math.round((job.totalIterations - job.iteration) * job.msPerIteration / MILLIS_PER_SECOND);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

async function refresh() {
  try {
    const jobs = await getJson('/jobs');
    const body = document.querySelector('#jobs tbody');
    body.replaceChildren();
    for (const job of jobs) {
      const row = body.insertRow();
      const link = document.createElement('a');
      link.href = `/job.html?id=${encodeURIComponent(job.jobId)}`;
      link.textContent = job.jobId;
      row.insertCell().append(link);
      cell(row, job.modelId);
      cell(row, job.status).className = `status ${job.status}`;
      cell(row, `${job.iteration} / ${job.totalIterations}`);
      cell(row, job.msPerIteration ? job.msPerIteration.toFixed(1) : '—');
      cell(row, eta(job));
    }
    document.getElementById('empty').hidden = jobs.length > 0;
    showError(null);
  } catch (e) {
    showError(e);
  }
}

refresh();
setInterval(refresh, REFRESH_MILLIS);
