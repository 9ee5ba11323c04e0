import { fetchOk, getJson, showError } from './common.js';

// a version choice of the form default:<dataset> serves whatever is promoted for that dataset at acceptance
const DEFAULT = 'default:';
const SOURCE_DOMAIN = { AtoB: 'A', BtoA: 'B' };
const THUMBNAILS = 8;
let models = [];

const $ = id => document.getElementById(id);

function option(select, value, text) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  select.append(o);
}

function chosenModel() {
  return models.find(m => m.modelId === $('model').value);
}

/** The dataset whose images the chosen model translates: its default's, else its chosen version's. */
function chosenDataset() {
  const model = chosenModel();
  if (!model) return null;
  const version = $('version').value;
  if (version.startsWith(DEFAULT)) return version.slice(DEFAULT.length);
  return model.versions.find(v => String(v.version) === version)?.dataset ?? null;
}

function fillVersions() {
  const select = $('version');
  select.replaceChildren();
  const model = chosenModel();
  if (!model) return;
  const datasets = [...new Set(model.defaults.map(d => d.dataset))];
  for (const dataset of datasets) option(select, DEFAULT + dataset, `default for ${dataset}`);
  for (const v of [...model.versions].reverse()) option(select, String(v.version), `v${v.version} (${v.kind})`);
}

function query() {
  const params = new URLSearchParams({ direction: $('direction').value });
  const version = $('version').value;
  if (version.startsWith(DEFAULT)) {
    params.set('dataset', chosenDataset());
  } else {
    params.set('model', $('model').value);
    params.set('version', version);
  }
  return params;
}

async function translate(blob, name) {
  $('input').src = URL.createObjectURL(blob);
  $('input').hidden = false;
  $('output').hidden = true;
  $('latency').textContent = 'translating…';
  const form = new FormData();
  form.append('image', blob, name);
  const started = performance.now();
  try {
    const response = await fetchOk(`/translations?${query()}`, { method: 'POST', body: form });
    const png = await response.blob();
    const roundTrip = Math.round(performance.now() - started);
    const id = response.headers.get('X-Request-Id');
    const view = id ? await getJson(`/translations/${encodeURIComponent(id)}`) : null;
    $('output').src = URL.createObjectURL(png);
    $('output').hidden = false;
    $('output').dataset.requestId = id ?? '';
    $('latency').textContent = view
      ? `output: ${roundTrip} ms round trip, ${view.latencyMs} ms in the fleet (${view.modelId} v${view.modelVersion}, batch ${view.batchSize})`
      : `output: ${roundTrip} ms round trip`;
    showError(null);
  } catch (e) {
    $('latency').textContent = 'output';
    showError(e);
  }
}

async function fillTestImages() {
  const strip = $('test-images');
  const dataset = chosenDataset();
  if (!dataset) { strip.replaceChildren(); return; }
  try {
    const domain = SOURCE_DOMAIN[$('direction').value];
    const thumbs = await getJson(`/datasets/${encodeURIComponent(dataset)}/${domain}/thumbnails?limit=${THUMBNAILS}`);
    strip.replaceChildren(...thumbs.map(t => {
      const img = document.createElement('img');
      img.src = t.url;
      img.alt = t.name;
      img.title = `translate ${t.name}`;
      img.className = 'thumb pickable';
      img.addEventListener('click', async () => {
        try {
          translate(await (await fetchOk(t.url)).blob(), t.name);
        } catch (e) {
          showError(e);
        }
      });
      return img;
    }));
  } catch (e) {
    // a model imported for a dataset that has no images yet: no test images to offer, the drop zone still works
    strip.replaceChildren();
  }
}

async function start() {
  try {
    models = await getJson('/models');
    for (const m of models) option($('model'), m.modelId, m.modelId);
    if (models.length === 0) showError(new Error('no model yet: train a job or import weights first'));
    fillVersions();
    await fillTestImages();
  } catch (e) {
    showError(e);
  }
}

$('model').addEventListener('change', () => { fillVersions(); fillTestImages(); });
$('version').addEventListener('change', fillTestImages);
$('direction').addEventListener('change', fillTestImages);
$('file').addEventListener('change', () => $('file').files.length && translate($('file').files[0], $('file').files[0].name));
const drop = $('drop');
drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', e => {
  e.preventDefault();
  drop.classList.remove('over');
  const file = e.dataTransfer.files[0];
  if (file) translate(file, file.name);
});

start();
