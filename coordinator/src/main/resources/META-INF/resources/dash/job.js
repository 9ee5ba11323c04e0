import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { getJson, showError } from './common.js';

const jobId = new URLSearchParams(location.search).get('id');
// The eight losses by their API names (the loss history's fields, the reference's names), grouped by network pair.
const PAIRS = {
  A: [['D_A', '#c0392b'], ['G_A', '#2471a3'], ['cycle_A', '#229954'], ['idt_A', '#b9770e']],
  B: [['D_B', '#c0392b'], ['G_B', '#2471a3'], ['cycle_B', '#229954'], ['idt_B', '#b9770e']],
};
// Events after which the job's numbers or files have changed.
const UPDATES = ['JobAccepted', 'ChunkStarted', 'ChunkDone', 'CheckpointWritten', 'SamplesWritten', 'JobDone',
  'JobFailed', 'JobCancelled'];
const SMOOTHING_WINDOW = 10;
const CHART_HEIGHT = 240;

let history = [];
const charts = {};

function movingAverage(values) {
  return values.map((_, i) => {
    const from = Math.max(0, i - SMOOTHING_WINDOW + 1);
    const window = values.slice(from, i + 1);
    return window.reduce((a, b) => a + b, 0) / window.length;
  });
}

function seriesData(pair) {
  const smooth = document.getElementById('smooth').checked;
  const xs = history.map(h => h.iteration);
  const ys = PAIRS[pair].map(([field]) => {
    const raw = history.map(h => h[field]);
    return smooth ? movingAverage(raw) : raw;
  });
  return [xs, ...ys];
}

function chartWidth(element) {
  return Math.max(element.clientWidth, 1);
}

function drawCharts() {
  for (const pair of Object.keys(PAIRS)) {
    const element = document.getElementById(`chart-${pair}`);
    const data = seriesData(pair);
    if (!charts[pair]) {
      charts[pair] = new uPlot({
        width: chartWidth(element),
        height: CHART_HEIGHT,
        scales: { x: { time: false } },
        series: [{ label: 'iteration' }, ...PAIRS[pair].map(([label, stroke]) => ({ label, stroke }))],
      }, data, element);
    } else {
      charts[pair].setData(data);
    }
    // iterations that have a number for every curve: what a reader (and the browser test) can see drawn
    element.dataset.points = String(data[0].filter((_, i) => data.slice(1).every(ys => Number.isFinite(ys[i]))).length);
  }
}

function enlarge(url) {
  document.getElementById('enlarged-img').src = url;
  document.getElementById('enlarged').showModal();
}

function drawSamples(sampleUrls) {
  const strip = document.getElementById('samples');
  const shown = new Set([...strip.querySelectorAll('figure')].map(f => f.dataset.iteration));
  for (const sample of sampleUrls) {
    if (shown.has(String(sample.iteration))) continue;
    const figure = document.createElement('figure');
    figure.dataset.iteration = String(sample.iteration);
    for (const url of sample.urls) {
      const img = document.createElement('img');
      img.src = url;
      img.alt = `sample grid at iteration ${sample.iteration}`;
      img.className = 'sample';
      img.addEventListener('click', () => enlarge(url));
      figure.append(img);
    }
    const caption = document.createElement('figcaption');
    caption.textContent = `iteration ${sample.iteration}`;
    figure.append(caption);
    strip.append(figure);
  }
}

function drawFacts(job) {
  document.getElementById('title').textContent = `Job ${job.jobId}`;
  document.getElementById('status').textContent = job.status + (job.failureReason ? ` (${job.failureReason})` : '');
  document.getElementById('iteration').textContent = `${job.iteration} / ${job.totalIterations} (epoch ${job.epoch})`;
  document.getElementById('lr').textContent = job.lr ? job.lr.toExponential(3) : '—';
  document.getElementById('ms').textContent = job.msPerIteration ? job.msPerIteration.toFixed(1) : '—';
  const c = job.runningChunk;
  document.getElementById('chunk').textContent = c
    ? `chunk ${c.chunkIndex} from iteration ${c.startIteration} on ${c.workerId}` : 'none';
  document.getElementById('cancel').disabled = !['ACCEPTED', 'RUNNING', 'STALLED'].includes(job.status);
  document.getElementById('resume').disabled = job.status !== 'FAILED';
}

async function refresh() {
  try {
    const detail = await getJson(`/jobs/${encodeURIComponent(jobId)}`);
    history = detail.lossHistory;
    drawFacts(detail.job);
    drawCharts();
    drawSamples(detail.sampleUrls);
    showError(null);
  } catch (e) {
    showError(e);
  }
}

async function act(action) {
  try {
    await getJson(`/jobs/${encodeURIComponent(jobId)}/${action}`, { method: 'POST' });
    await refresh();
  } catch (e) {
    showError(e);
  }
}

if (!jobId) {
  showError(new Error('No job given: open this page from the jobs list.'));
} else {
  document.getElementById('cancel').addEventListener('click', () => act('cancel'));
  document.getElementById('resume').addEventListener('click', () => act('resume'));
  document.getElementById('smooth').addEventListener('change', drawCharts);
  window.addEventListener('resize', () => {
    for (const pair of Object.keys(charts)) {
      const element = document.getElementById(`chart-${pair}`);
      charts[pair].setSize({ width: chartWidth(element), height: CHART_HEIGHT });
    }
  });
  refresh();
  const events = new EventSource(`/jobs/${encodeURIComponent(jobId)}/events`);
  for (const name of UPDATES) events.addEventListener(name, refresh);
  // The stream ends after the job's last event; EventSource would otherwise reconnect and replay it forever.
  for (const name of ['JobDone', 'JobCancelled']) events.addEventListener(name, () => events.close());
}
