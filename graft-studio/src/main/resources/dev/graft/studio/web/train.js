// The Train tab: pick a backbone, a strategy and a few options; watch the queue and the live
// loss and accuracy curves; stop, resume and manage the project's runs.
import { h, api, enc, attempt, toast, on, state, refreshJobs } from './app.js';
import { drawChart, LEGEND, legendColors } from './chart.js';

export async function trainTab(root, project) {
  const base = `/api/projects/${project.id}`;
  const opts = await api('GET', '/api/options');
  const d = opts.defaults;

  // ---- the form ----
  const backbone = h('select', { id: 'backbone' }, opts.backbones.map(b =>
    h('option', { value: b.id, selected: b.id === d.backbone }, b.label)));
  const wPath = h('input', { id: 'weights-path', placeholder: '/path/to/weights.safetensors or .pth', size: 34 });
  const wArch = h('select', { id: 'weights-arch' }, opts.archs.map(a => h('option', { value: a, selected: a === 'resnet18' }, a)));
  const fileRow = h('div', { class: 'stack', hidden: true }, h('label', { class: 'field' }, h('span', {}, 'Weights file'), wPath),
    h('label', { class: 'field' }, h('span', {}, 'Its architecture'), wArch));
  const about = h('div', { class: 'muted small', id: 'backbone-about' });
  const showBackbone = () => {
    const b = opts.backbones.find(x => x.id === backbone.value);
    fileRow.hidden = backbone.value !== 'file';
    about.textContent = b ? b.description : '';
  };
  backbone.addEventListener('change', showBackbone);
  const strategies = h('div', { class: 'strategies', id: 'strategies' }, opts.strategies.map(s =>
    h('label', {}, h('input', { type: 'radio', name: 'strategy', value: s.id, checked: s.id === d.strategy }),
      h('span', {}, h('b', {}, s.label), h('br'), h('small', {}, s.explanation)))));
  const epochs = h('input', { type: 'number', id: 'epochs', min: 1, max: 500, value: d.epochs });
  const lr = h('input', { type: 'text', id: 'lr', value: d.lr, size: 8 });
  const augment = h('select', { id: 'augment' }, opts.augment.map(a =>
    h('option', { value: a.id, selected: a.id === d.augment }, a.label)));
  const submit = async (e) => {
    e.preventDefault();
    const body = { backbone: backbone.value, strategy: root.querySelector('input[name=strategy]:checked').value,
      epochs: Number(epochs.value), lr: Number(lr.value), augment: augment.value };
    if (backbone.value === 'file') Object.assign(body, { weightsFile: wPath.value, arch: wArch.value });
    const job = await attempt(() => api('POST', `${base}/train`, body));
    if (job) {
      toast(`Queued ${job.title}`); watching = job.id;
      window.scrollTo({ top: 0, behavior: 'smooth' }); // the live curve is at the top
      await refreshJobs(); await runs();
    }
  };
  const form = h('form', { class: 'card stack', onsubmit: submit },
    h('h2', {}, 'Train a classifier'),
    h('label', { class: 'field' }, h('span', {}, 'Start from (backbone)'), backbone), about, fileRow,
    h('div', {}, h('div', { class: 'small', style: null }, h('b', {}, 'Strategy: how much of the backbone changes')), strategies),
    h('div', { class: 'row' },
      h('label', { class: 'field' }, h('span', {}, 'Epochs'), epochs),
      h('label', { class: 'field' }, h('span', {}, 'Learning rate'), lr),
      h('label', { class: 'field' }, h('span', {}, 'Augmentation'), augment)),
    h('div', { class: 'muted small' }, opts.note),
    h('button', { class: 'primary', id: 'train' }, 'Train'));
  showBackbone();

  // ---- the live side ----
  const jobsEl = h('div', { id: 'jobs', class: 'stack' });
  const canvas = h('canvas', { class: 'chart', id: 'curve' });
  const status = h('div', { id: 'curve-status', class: 'small muted' });
  const colors = legendColors();
  const legend = h('div', { class: 'legend' }, LEGEND.map(([k, l]) => h('span', {}, h('i', { style: null, class: 'c-' + k }), l)));
  legend.querySelectorAll('i').forEach((el, i) => { el.style.background = colors[LEGEND[i][0]]; });
  const runsEl = h('div', { id: 'runs' });
  let watching = null;
  let shownRun = null; // a run from before this session, drawn from its metrics.jsonl

  const mine = () => [...state.jobs.values()].filter(j => j.project === project.id && (j.kind === 'train' || j.kind === 'resume'));
  const draw = () => {
    const list = mine();
    const job = state.jobs.get(watching) || list.filter(j => j.state === 'running')[0] || list[list.length - 1];
    if (!job && shownRun) {
      const n = shownRun.history.length, last = n ? shownRun.history[n - 1] : null;
      status.textContent = `${shownRun.id}: ${shownRun.state}, ${n} epochs` +
        (last && last.valAcc != null ? `, validation accuracy ${(100 * last.valAcc).toFixed(1)}% at the last epoch` : '');
      canvas.dataset.points = String(drawChart(canvas, { history: shownRun.history }).points);
      return;
    }
    if (!job) { status.textContent = 'Curves appear here while a run trains.'; drawChart(canvas, {}); return; }
    watching = job.id;
    const n = (job.history || []).length;
    const last = n ? job.history[n - 1] : null;
    status.textContent = `${job.title}: ${job.state}` + (job.phase ? `, phase ${job.phase}` : '') +
      (job.epochs ? `, epoch ${job.epoch} of ${job.epochs}` : '') +
      (last && last.valAcc != null ? `, validation accuracy ${(100 * last.valAcc).toFixed(1)}%` : '');
    canvas.dataset.points = String(drawChart(canvas, job).points);
    canvas.dataset.epochs = String(n);
  };
  const drawJobs = () => {
    const list = [...state.jobs.values()].filter(j => j.project === project.id).reverse();
    jobsEl.replaceChildren(...(list.length ? list.slice(0, 8).map(j => h('div', { class: 'spread job', dataset: { id: j.id, state: j.state } },
      h('div', {}, h('span', { class: 'state ' + j.state }, j.state + (j.state === 'queued' ? ` #${j.position + 1}` : '')), ' ',
        h('a', { href: '#', onclick: (e) => { e.preventDefault(); watching = j.id; draw(); } }, j.title),
        h('div', { class: 'small muted' }, j.message)),
      (j.state === 'running' && j.stoppable) || j.state === 'queued'
        ? h('button', { class: 'stop-job', onclick: () => attempt(() => api('POST', `/api/jobs/${j.id}/stop`)) },
          j.state === 'queued' ? 'Cancel' : 'Stop') : null))
      : [h('div', { class: 'muted small' }, 'No jobs yet.')]));
  };
  const runs = async () => {
    const list = await api('GET', `${base}/runs`);
    if (!mine().length && list.length && !shownRun) { // nothing trained this session: show the latest run's curves
      shownRun = await api('GET', `${base}/runs/${list[0].id}`);
      draw();
    }
    runsEl.replaceChildren(list.length ? h('table', { class: 'list' },
      h('tr', {}, ['Run', 'State', 'Strategy', 'Backbone', 'Validation accuracy', ''].map(t => h('th', {}, t))),
      list.map(r => h('tr', { dataset: { run: r.id, state: r.state } },
        h('td', {}, r.id), h('td', {}, h('span', { class: 'state ' + r.state }, r.state)),
        h('td', {}, (r.settings && r.settings.strategy) || r.strategy || ''),
        h('td', { class: 'small' }, (r.settings && r.settings.backboneLabel) || ''),
        h('td', {}, r.result && r.result.valAccuracy != null ? (100 * r.result.valAccuracy).toFixed(1) + '%' : (r.error ? h('span', { class: 'small muted' }, r.error) : '')),
        h('td', {}, h('div', { class: 'row' },
          r.resumable ? h('button', { class: 'resume', onclick: async () => {
            const j = await attempt(() => api('POST', `${base}/runs/${r.id}/resume`));
            if (j) { watching = j.id; await refreshJobs(); runs(); }
          } }, 'Resume') : null,
          r.labels ? h('a', { class: 'button', href: `#/p/${project.id}/review/${r.id}` }, 'Review') : null,
          r.labels ? h('a', { class: 'button', href: `#/p/${project.id}/try/${r.id}` }, 'Try it') : null,
          r.state !== 'busy' ? h('button', { class: 'danger', onclick: async () => {
            if (confirm(`Delete ${r.id} and its model?`) && await attempt(() => api('DELETE', `${base}/runs/${r.id}`)) !== undefined) runs();
          } }, 'Delete') : null)))))
      : h('div', { class: 'muted small' }, 'No runs yet: train one with the form.'));
  };

  root.replaceChildren(h('div', { class: 'two' }, form,
    h('div', { class: 'stack' },
      h('div', { class: 'card stack' }, h('h2', {}, 'Live curves'), status, canvas, legend),
      h('div', { class: 'card stack' }, h('h2', {}, 'Jobs'), h('div', { class: 'muted small' },
        'One job runs at a time; the others wait in line.'), jobsEl),
      h('div', { class: 'card stack' }, h('h2', {}, 'Runs'), runsEl))));

  on((type, data) => {
    if (type === 'job' || type === 'jobs') { drawJobs(); draw(); if (type === 'job' && data.project === project.id && !['queued', 'running'].includes(data.state)) runs(); }
    if ((type === 'step' || type === 'epoch') && data.job === watching) draw();
  });
  window.addEventListener('resize', draw, { once: true });
  await refreshJobs();
  await runs();
}
