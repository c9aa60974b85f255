// Graft Studio's page: routing, the API client, live job events, and the projects list.
// Each project tab lives in its own module.
import { dataTab } from './data.js';
import { trainTab } from './train.js';
import { reviewTab } from './review.js';
import { tryTab, exportTab, compareTab } from './more.js';

export const state = { info: null, jobs: new Map(), handlers: new Set() };

// h('div', {class: 'x', onclick: fn}, 'text', child...) builds an element; null children are skipped
export function h(tag, attrs = {}, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const kid of kids.flat()) {
    if (kid == null || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}

export const enc = encodeURIComponent;

// Calls the API; JSON in and out, or FormData for uploads. Throws an Error with the server's message.
export async function api(method, path, body) {
  const opts = { method, headers: {} };
  if (body instanceof FormData) opts.body = body;
  else if (body !== undefined) { opts.body = JSON.stringify(body); opts.headers['Content-Type'] = 'application/json'; }
  const res = await fetch(path, opts);
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = { error: text }; }
  if (!res.ok) throw new Error((data && data.error) || res.status + ' ' + res.statusText);
  return data;
}

let toastTimer;
export function toast(msg, bad) {
  const t = document.getElementById('toast');
  t.textContent = msg; t.className = 'toast' + (bad ? ' bad' : ''); t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (t.hidden = true), bad ? 7000 : 3000);
}

// Runs an async action, showing its error as a toast instead of failing silently.
export async function attempt(fn) {
  try { return await fn(); } catch (e) { toast(e.message, true); return undefined; }
}

// Listens to job events (job, step, epoch) until the next page change.
export function on(fn) { state.handlers.add(fn); }

function connect() {
  const es = new EventSource('/api/events');
  const dispatch = (type) => (ev) => {
    const data = JSON.parse(ev.data);
    if (type === 'job') state.jobs.set(data.id, Object.assign(state.jobs.get(data.id) || {}, data));
    if (type === 'step' || type === 'epoch') {
      const j = state.jobs.get(data.job);
      if (j && type === 'step') {
        (j.steps = j.steps || []).push([data.step, data.loss]);
        Object.assign(j, { phase: data.phase, epoch: data.epoch, epochs: data.epochs });
      }
      if (j && type === 'epoch') {
        (j.history = j.history || []).push(data.metrics); (j.epochAt = j.epochAt || []).push(data.at);
      }
    }
    badge();
    for (const fn of state.handlers) fn(type, data);
  };
  for (const t of ['job', 'step', 'epoch']) es.addEventListener(t, dispatch(t));
  es.addEventListener('hello', () => refreshJobs());
}

export async function refreshJobs() {
  const list = await api('GET', '/api/jobs');
  state.jobs = new Map(list.map(j => [j.id, j]));
  badge();
  for (const fn of state.handlers) fn('jobs', list);
}

function badge() {
  const active = [...state.jobs.values()].filter(j => j.state === 'running' || j.state === 'queued');
  const el = document.getElementById('queue-badge');
  el.replaceChildren();
  if (!active.length) { el.textContent = 'no jobs running'; return; }
  const run = active.find(j => j.state === 'running');
  el.append(h('span', { class: 'dot' }), run ? run.title : 'starting',
    active.length > 1 ? ` (+${active.length - 1} waiting)` : '');
}

function crumbs(project, tab) {
  const c = document.getElementById('crumbs');
  c.replaceChildren();
  if (project) c.append(h('a', { href: '#/' }, 'Projects'), ' / ', h('span', { id: 'crumb-project' }, project.name),
    tab ? ' / ' + tab : '');
}

// ---- projects ----

async function projectsPage(main) {
  crumbs(null);
  const list = await api('GET', '/api/projects');
  const name = h('input', { id: 'new-project', placeholder: 'Project name, e.g. Shoes or bags', size: 32 });
  const create = async (e) => {
    e.preventDefault();
    const p = await attempt(() => api('POST', '/api/projects', { name: name.value }));
    if (p) location.hash = `#/p/${p.id}/data`;
  };
  main.replaceChildren(
    h('h1', {}, 'Projects'),
    h('form', { class: 'card row', onsubmit: create }, name, h('button', { class: 'primary', id: 'create-project' }, 'Create project'),
      h('span', { class: 'muted small' }, 'A project holds your classes, their images, and the models trained on them.')),
    h('h2', {}, list.length ? 'Your projects' : ''),
    list.length ? h('div', { class: 'grid', id: 'projects' }, list.map(projectCard))
      : h('div', { class: 'empty card' }, 'No projects yet. Name one above to start.'));
}

function projectCard(p) {
  const rename = async () => {
    const n = prompt('New name for the project', p.name);
    if (n && await attempt(() => api('PATCH', `/api/projects/${p.id}`, { name: n }))) route();
  };
  const del = async () => {
    if (confirm(`Delete project "${p.name}" with its ${p.images} images and ${p.runs} runs? This cannot be undone.`)
        && await attempt(() => api('DELETE', `/api/projects/${p.id}`)) !== undefined) route();
  };
  return h('div', { class: 'card stack project-card', dataset: { id: p.id } },
    h('h3', {}, h('a', { href: `#/p/${p.id}/data` }, p.name)),
    h('div', { class: 'muted small' }, `${p.classes} classes, ${p.images} images, ${p.runs} runs`),
    h('div', { class: 'row' }, h('a', { class: 'button', href: `#/p/${p.id}/data` }, 'Open'),
      h('button', { onclick: rename }, 'Rename'), h('button', { class: 'danger', onclick: del }, 'Delete')));
}

// ---- a project ----

const TABS = [['data', 'Data', dataTab], ['train', 'Train', trainTab], ['compare', 'Compare', compareTab],
  ['review', 'Review', reviewTab], ['try', 'Try it', tryTab], ['export', 'Export', exportTab]];

async function projectPage(main, id, tab, arg) {
  const project = await api('GET', `/api/projects/${enc(id)}`);
  const [key, label, render] = TABS.find(t => t[0] === tab) || TABS[0];
  crumbs(project, label);
  const body = h('div', { id: 'tab-body' });
  main.replaceChildren(
    h('h1', { id: 'project-title' }, project.name),
    h('nav', { class: 'tabs' }, TABS.map(([k, l]) => h('a', { href: `#/p/${id}/${k}`, class: k === key ? 'on' : null,
      id: 'tab-' + k }, l))),
    body);
  await render(body, project, arg);
}

export async function route() {
  state.handlers.clear();
  const main = document.getElementById('main');
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  try {
    if (parts[0] === 'p' && parts[1]) await projectPage(main, parts[1], parts[2] || 'data', parts[3]);
    else await projectsPage(main);
  } catch (e) {
    main.replaceChildren(h('div', { class: 'notice bad' }, e.message), h('p', {}, h('a', { href: '#/' }, 'Back to projects')));
  }
  badge();
}

async function start() {
  state.info = await attempt(() => api('GET', '/api/info'));
  window.addEventListener('hashchange', route);
  connect();
  await route();
}

start();
