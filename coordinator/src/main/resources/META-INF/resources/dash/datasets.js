import { getJson, showError } from './common.js';

const DOMAINS = ['A', 'B'];
const BYTES_PER_KIB = 1024;
const BYTES_PER_MIB = 1024 * 1024;
// Names created on this page that have no image yet: the coordinator knows a dataset from its first upload.
const drafts = new Set();

function size(bytes) {
  return bytes < BYTES_PER_MIB ? `${Math.ceil(bytes / BYTES_PER_KIB)} KiB` : `${(bytes / BYTES_PER_MIB).toFixed(1)} MiB`;
}

function notice(text) {
  const box = document.getElementById('notice');
  box.textContent = text ?? '';
  box.hidden = !text;
}

async function upload(name, domain, files) {
  const form = new FormData();
  for (const file of files) form.append('file', file, file.name);
  notice(`uploading ${files.length} file(s) into ${name}/${domain}…`);
  try {
    const result = await getJson(`/datasets/${encodeURIComponent(name)}/${domain}/images`, { method: 'POST', body: form });
    drafts.delete(name);
    notice(`uploaded ${result.count} image(s) into ${name}/${domain}`);
    showError(null);
    await refresh();
  } catch (e) {
    notice(null);
    showError(e);
  }
}

function dropZone(name, domain) {
  const zone = document.createElement('div');
  zone.className = 'drop';
  zone.dataset.domain = domain;
  zone.tabIndex = 0;
  const input = document.createElement('input');
  input.type = 'file';
  input.multiple = true;
  input.accept = 'image/png,image/jpeg,image/bmp,image/gif,application/zip';
  input.className = 'upload';
  input.addEventListener('change', () => input.files.length && upload(name, domain, [...input.files]));
  const pick = document.createElement('label');
  pick.className = 'pick';
  pick.textContent = 'choose files';
  pick.append(input);
  zone.append(`Drop images or a zip into ${domain}, or `, pick);
  zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', e => {
    e.preventDefault();
    zone.classList.remove('over');
    if (e.dataTransfer.files.length) upload(name, domain, [...e.dataTransfer.files]);
  });
  return zone;
}

async function domainBox(name, domain, description) {
  const box = document.createElement('div');
  box.className = 'domain';
  box.dataset.domain = domain;
  const d = description?.domains?.[domain];
  const title = document.createElement('h3');
  title.textContent = d && d.count > 0
    ? `${domain}: ${d.count} image${d.count === 1 ? '' : 's'}, ${size(d.bytes)}` : `${domain}: no images`;
  box.append(title);
  const strip = document.createElement('div');
  strip.className = 'thumbs';
  if (d && d.count > 0) {
    for (const t of await getJson(`/datasets/${encodeURIComponent(name)}/${domain}/thumbnails`)) {
      const img = document.createElement('img');
      img.src = t.url;
      img.alt = t.name;
      img.title = t.name;
      img.className = 'thumb';
      strip.append(img);
    }
  }
  box.append(strip, dropZone(name, domain));
  return box;
}

async function card(name, description) {
  const section = document.createElement('section');
  section.className = 'dataset';
  section.dataset.name = name;
  const title = document.createElement('h2');
  title.textContent = name;
  const domains = document.createElement('div');
  domains.className = 'domains';
  for (const domain of DOMAINS) domains.append(await domainBox(name, domain, description));
  section.append(title, domains);
  return section;
}

async function refresh() {
  try {
    const list = await getJson('/datasets');
    const names = list.map(d => d.name);
    const cards = [];
    for (const name of names) cards.push(await card(name, await getJson(`/datasets/${encodeURIComponent(name)}`)));
    for (const name of drafts) if (!names.includes(name)) cards.push(await card(name, null));
    // swapped in one step, so the page does not flicker while the thumbnails load
    document.getElementById('datasets').replaceChildren(...cards);
    document.getElementById('empty').hidden = cards.length > 0;
    showError(null);
  } catch (e) {
    showError(e);
  }
}

document.getElementById('new-dataset').addEventListener('submit', e => {
  e.preventDefault();
  const input = document.getElementById('new-name');
  drafts.add(input.value.trim());
  input.value = '';
  refresh();
});

refresh();
