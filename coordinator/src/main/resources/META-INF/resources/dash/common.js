// Shared by every page: JSON fetches whose failures become words on the page, not console errors.
export async function getJson(url, options) {
  const response = await fetch(url, options);
  const text = await response.text();
  if (!response.ok) {
    let reason = text;
    try { reason = JSON.parse(text).error ?? text; } catch (ignored) { /* the body was not JSON: show it as is */ }
    throw new Error(`${url}: HTTP ${response.status} ${reason}`);
  }
  return text ? JSON.parse(text) : null;
}

export function showError(error) {
  const box = document.getElementById('error');
  box.textContent = error ? String(error.message ?? error) : '';
  box.hidden = !error;
}

export function cell(row, text) {
  const td = row.insertCell();
  td.textContent = text ?? '—';
  return td;
}
