// The Review tab: how a run does on the images it never trained on (its validation images):
// accuracy, per-class precision and recall, the confusion matrix (click a cell to see its
// images), the highest-loss images, and the training images the model believes are mislabeled.
// Every image can be relabeled or deleted in one click; that changes the project, not the run.
import { h, api, enc, attempt, toast, on, refreshJobs } from './app.js';

const pct = (x) => (x == null ? '-' : (100 * x).toFixed(1) + '%');

export async function runPicker(project, selected, id) {
  const list = (await api('GET', `/api/projects/${project.id}/runs`)).filter(r => r.labels);
  const sel = h('select', { id }, list.map(r => h('option', { value: r.id, selected: r.id === selected },
    `${r.id}: ${(r.settings && r.settings.strategy) || r.strategy}` +
    (r.result && r.result.valAccuracy != null ? `, ${pct(r.result.valAccuracy)}` : ''))));
  return { sel, list };
}

export async function reviewTab(root, project, runArg) {
  const base = `/api/projects/${project.id}`;
  const { sel, list } = await runPicker(project, runArg, 'review-run');
  if (!list.length) {
    root.replaceChildren(h('div', { class: 'empty card' }, 'No trained run yet. Train one in the Train tab first.'));
    return;
  }
  const body = h('div', { class: 'stack', id: 'review' });
  root.replaceChildren(h('div', { class: 'row card' }, h('b', {}, 'Run'), sel), body);
  const show = async () => {
    location.replace(`#/p/${project.id}/review/${sel.value}`);
  };
  sel.addEventListener('change', show);
  const run = sel.value;
  const rv = await api('GET', `${base}/runs/${run}/review`);
  const classes = project.classes.map(c => c.name);
  const items = rv.items;

  // ---- one image, with relabel and delete ----
  const card = (i) => {
    const it = items[i];
    const cap = h('div', { class: 'cap' }, it.caption || `${it.truth} → ${it.predicted} (${pct(it.probability)})`);
    const relabel = h('select', { class: 'relabel', title: 'Move the image to another class' },
      h('option', { value: '' }, 'relabel as...'), classes.filter(c => c !== it.truth).map(c => h('option', { value: c }, c)));
    relabel.addEventListener('change', async () => {
      const to = relabel.value;
      if (!to) return;
      const r = await attempt(() => api('POST', `${base}/classes/${enc(it.truth)}/images/${enc(it.name)}/move`, { to }));
      if (r) { cap.textContent = `moved to ${to}`; relabel.disabled = true; del.disabled = true; toast(`${it.name} is now ${to}`); }
    });
    const del = h('button', { class: 'delete-img small', onclick: async () => {
      if (await attempt(() => api('DELETE', `${base}/classes/${enc(it.truth)}/images/${enc(it.name)}`)) !== undefined) {
        cap.textContent = 'deleted'; relabel.disabled = true; del.disabled = true;
      }
    } }, 'delete');
    return h('div', { class: 'review-img', dataset: { name: it.name, truth: it.truth, predicted: it.predicted } },
      h('div', { class: 'thumb' }, h('img', { src: `${base}/runs/${run}/images/${enc(it.truth)}/${enc(it.name)}/thumb`, alt: it.name })),
      cap, relabel, del);
  };
  const gallery = (idx, emptyText) => h('div', { class: 'thumbs' }, idx.length ? idx.map(card) : h('span', { class: 'muted small' }, emptyText));

  // ---- metrics ----
  const cellImages = h('div', { id: 'cell-images', class: 'stack' }, h('span', { class: 'muted small' }, 'Click a cell to see its images.'));
  const max = Math.max(1, ...rv.confusion.flat());
  const confusion = h('table', { class: 'confusion', id: 'confusion' },
    h('tr', {}, h('th', { class: 'axis' }, 'true ↓ / predicted →'), rv.labels.map(l => h('th', {}, l))),
    rv.labels.map((t, ti) => h('tr', {}, h('th', {}, t), rv.labels.map((p, pi) => {
      const n = rv.confusion[ti][pi];
      const td = h('td', { class: 'cell', dataset: { truth: t, predicted: p, count: n } }, String(n));
      const a = n / max;
      td.style.background = ti === pi ? `rgba(31,111,74,${0.12 + 0.6 * a})` : (n ? `rgba(179,38,30,${0.12 + 0.5 * a})` : '');
      td.addEventListener('click', () => {
        confusion.querySelectorAll('td.sel').forEach(x => x.classList.remove('sel'));
        td.classList.add('sel');
        const idx = items.map((it, i) => [it, i]).filter(([it]) => it.truth === t && it.predicted === p).map(([, i]) => i);
        cellImages.replaceChildren(h('b', {}, `${n} image${n === 1 ? '' : 's'} of ${t} predicted as ${p}`), gallery(idx, 'none'));
      });
      return td;
    }))));
  const perClass = h('table', { id: 'per-class' }, h('tr', {}, ['Class', 'Precision', 'Recall', 'Images'].map(x => h('th', {}, x))),
    rv.perClass.map(c => h('tr', {}, h('td', {}, c.label), h('td', {}, pct(c.precision)), h('td', {}, pct(c.recall)), h('td', {}, c.support))));

  // ---- label issues ----
  const issuesEl = h('div', { id: 'label-issues', class: 'stack' });
  const drawIssues = (iss) => {
    issuesEl.replaceChildren();
    if (!iss || iss.state === 'unavailable') {
      issuesEl.append(h('span', { class: 'muted small' }, iss ? iss.message : 'Not available in this build.'));
      return;
    }
    if (iss.state === 'ready') {
      issuesEl.append(h('div', { class: 'muted small' }, iss.message),
        h('div', { class: 'thumbs' }, iss.items.length ? iss.items.map((it) => {
          const k = items.push(it) - 1;
          return card(k);
        }) : h('span', { class: 'muted small' }, 'No label looks wrong.')));
      return;
    }
    issuesEl.append(h('div', { class: 'muted small' }, iss.message),
      h('button', { id: 'find-issues', onclick: async () => {
        const j = await attempt(() => api('POST', `${base}/runs/${run}/review`));
        if (j) { toast('Queued: ' + j.title); refreshJobs(); }
      } }, 'Find likely label errors'));
  };
  on((type, data) => {
    if (type === 'job' && data.project === project.id && data.kind === 'review' && data.target === run && data.state === 'done') {
      api('GET', `${base}/runs/${run}/review`).then(r => drawIssues(r.issues));
    }
  });

  body.replaceChildren(
    h('div', { class: 'card stack' },
      h('div', { class: 'row' }, h('h2', {}, 'Accuracy ', h('span', { id: 'accuracy' }, pct(rv.accuracy))),
        h('span', { class: 'muted small' }, rv.note)),
      h('div', { class: 'two' }, h('div', {}, h('h2', {}, 'Per class'), perClass),
        h('div', {}, h('h2', {}, 'Confusion matrix'), confusion))),
    h('div', { class: 'card stack' }, h('h2', {}, 'Images in the selected cell'), cellImages),
    h('div', { class: 'card stack' }, h('h2', {}, 'Highest loss'), h('div', { class: 'muted small' },
      'The images the model got most wrong (or right by the smallest margin). A wrong label often shows up here.'),
    h('div', { id: 'top-losses' }, gallery(rv.topLosses, 'none'))),
    h('div', { class: 'card stack' }, h('h2', {}, 'Likely label errors'), issuesEl));
  drawIssues(rv.issues);
}
