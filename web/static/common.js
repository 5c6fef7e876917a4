// Small helpers shared by the three pages. No framework, no network but our own app.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    // Through the CSSOM: a style attribute would be blocked by the Content-Security-Policy.
    else if (key === "style") Object.assign(node.style, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// A text with {placeholders} filled in; a placeholder without a value stays as it is.
export function fill(text, values = {}) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

export async function api(path, { method = "GET", body, token } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: "no-store",
    credentials: "omit",
  });
  let data = null;
  const type = response.headers.get("content-type") || "";
  if (type.includes("application/json")) data = await response.json();
  return { ok: response.ok, status: response.status, data };
}

export function percent(value) {
  return `${Math.round(value * 100)}%`;
}

export function formatDate(iso) {
  if (!iso) return "";
  const date = new Date(iso.endsWith("Z") ? iso : `${iso}Z`);
  return date.toLocaleString("nl-NL", { dateStyle: "medium", timeStyle: "short" });
}

export const STATUS_NAMES = {
  new: "Nieuw",
  received: "Ontvangen",
  in_progress: "Mee bezig",
  done: "Klaar",
  unreachable: "Niet bereikbaar",
};

// Sign in with a bearer token on the staff and partner pages. The token is checked
// against `checkPath` and kept only in the page's memory; returns it, or null.
export async function signIn(event, checkPath, wrongTokenText) {
  event.preventDefault();
  const byId = (id) => document.getElementById(id);
  const token = byId("token").value.trim();
  const check = await api(checkPath, { token });
  if (!check.ok) {
    byId("status").textContent = wrongTokenText;
    byId("status").hidden = false;
    byId("token").setAttribute("aria-invalid", "true");
    byId("token").focus();
    return null;
  }
  byId("status").hidden = true;
  byId("login").hidden = true;
  byId("work").hidden = false;
  byId("logout").hidden = false;
  return token;
}
