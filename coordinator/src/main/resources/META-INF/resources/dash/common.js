// Shared by every page: fetches whose failures become words on the page, not console errors.

/** The response when it is 2xx; otherwise an Error carrying the API's {"error": ...} reason. */
export async function fetchOk(url, options) {
  const response = await fetch(url, options);
  if (!response.ok) {
    const text = await response.text();
    let reason = text;
    try { reason = JSON.parse(text).error ?? text; } catch (ignored) { /* the body was not JSON: show it as is */ }
    throw new Error(`${url}: HTTP ${response.status} ${reason}`);
  }
  return response;
}

export async function getJson(url, options) {
  const text = await (await fetchOk(url, options)).text();
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
