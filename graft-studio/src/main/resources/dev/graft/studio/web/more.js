// The Try it, Export and Compare tabs.
import { h, api, enc, attempt, toast, on, state, refreshJobs } from './app.js';
import { runPicker } from './review.js';

const pct = (x) => (100 * x).toFixed(1) + '%';

function noRuns(root) {
  root.replaceChildren(h('div', { class: 'empty card' }, 'No trained run yet. Train one in the Train tab first.'));
}

// ---- Try it: top-3 labels for an image, and where the model looked ----
export async function tryTab(root, project, runArg) {
  const { sel, list } = await runPicker(project, runArg, 'try-run');
  if (!list.length) return noRuns(root);
  const result = h('div', { id: 'try-result', class: 'stack' });
  const predict = async (file) => {
    if (!file) return;
    const form = new FormData(); form.append('file', file, file.name);
    result.replaceChildren(h('span', { class: 'muted' }, 'Predicting...'));
    const r = await attempt(() => api('POST', `/api/projects/${project.id}/runs/${sel.value}/predict`, form));
    if (!r) { result.replaceChildren(); return; }
    const figs = [h('figure', {}, h('img', { src: URL.createObjectURL(file), alt: file.name, id: 'try-image' }), file.name)];
    if (r.heatmap) figs.push(h('figure', {}, h('img', { src: r.heatmap, alt: 'heat map', id: 'try-heatmap' }),
      `where the model looked for "${r.top[0].label}"`));
    result.replaceChildren(h('div', { class: 'tryimg' }, figs,
      h('div', { class: 'bars', id: 'try-bars' }, r.top.map(t => h('div', { class: 'bar', dataset: { label: t.label } },
        h('b', {}, t.label), h('div', { class: 'track' }, (() => { const f = h('div', { class: 'fill' }); f.style.width = pct(t.probability); return f; })()),
        h('span', { class: 'prob' }, pct(t.probability)))))));
    if (r.note) result.append(h('div', { class: 'muted small' }, r.note));
  };
  const input = h('input', { type: 'file', accept: 'image/*', id: 'try-file', onchange: (e) => predict(e.target.files[0]) });
  const drop = h('div', { class: 'drop card', id: 'try-drop',
    ondragover: (e) => { e.preventDefault(); drop.classList.add('over'); },
    ondragleave: () => drop.classList.remove('over'),
    ondrop: (e) => { e.preventDefault(); drop.classList.remove('over'); predict(e.dataTransfer.files[0]); } },
  h('div', { class: 'row' }, h('b', {}, 'Drop an image here, or choose one:'), input));
  sel.addEventListener('change', () => location.replace(`#/p/${project.id}/try/${sel.value}`));
  root.replaceChildren(h('div', { class: 'row card' }, h('b', {}, 'Run'), sel), drop, result);
}

// ---- Export: the run folder as a zip, and ONNX when graft-onnx is there ----
export async function exportTab(root, project, runArg) {
  const { sel, list } = await runPicker(project, runArg, 'export-run');
  if (!list.length) return noRuns(root);
  const base = `/api/projects/${project.id}/runs/${sel.value}`;
  const onnxEl = h('div', { id: 'onnx', class: 'stack' });
  const drawOnnx = async () => {
    const ex = await api('GET', `${base}/exports`);
    onnxEl.replaceChildren();
    if (!ex.onnxAvailable) {
      onnxEl.append(h('span', { class: 'muted small' }, ex.onnxNote));
      return;
    }
    if (ex.onnx) onnxEl.append(h('a', { class: 'button primary', id: 'download-onnx', href: `${base}/model.onnx`, download: `${project.name}-${sel.value}.onnx` },
      `Download ONNX (${(ex.onnx.bytes / 1e6).toFixed(1)} MB)`), h('div', { class: 'muted small' }, ex.onnx.note));
    onnxEl.append(h('button', { id: 'export-onnx', onclick: async () => {
      const j = await attempt(() => api('POST', `${base}/onnx`));
      if (j) { toast('Queued: ' + j.title); refreshJobs(); }
    } }, ex.onnx ? 'Export again' : 'Export to ONNX'),
    h('div', { class: 'muted small' }, 'The file takes pixels in and gives probabilities out, and is kept only when ONNX Runtime agrees with Graft on your images.'));
  };
  on((type, data) => {
    if (type === 'job' && data.kind === 'export' && data.target === sel.value && !['queued', 'running'].includes(data.state)) {
      if (data.state === 'failed') toast(data.message, true);
      drawOnnx();
    }
  });
  sel.addEventListener('change', () => location.replace(`#/p/${project.id}/export/${sel.value}`));
  root.replaceChildren(h('div', { class: 'row card' }, h('b', {}, 'Run'), sel),
    h('div', { class: 'card stack' }, h('h2', {}, 'The run folder'),
      h('div', { class: 'muted small' }, 'Everything the model needs: weights, graft.json (labels, preprocessing, provenance) and the metrics. ',
        'Unzip it and use it with ', h('code', {}, 'graft predict --run FOLDER image.jpg'), ' or Graft.load(folder) in Java.'),
      h('div', {}, h('a', { class: 'button primary', id: 'download-zip', href: `${base}/download.zip`, download: `${project.name}-${sel.value}.zip` }, 'Download run (zip)'))),
    h('div', { class: 'card stack' }, h('h2', {}, 'ONNX'), onnxEl));
  await drawOnnx();
}

// ---- Compare: the study of strategies x training-set sizes on this project's images ----
export async function compareTab(root, project, studyArg) {
  const base = `/api/projects/${project.id}/studies`;
  const opts = await api('GET', '/api/options');
  const sizes = h('input', { id: 'study-sizes', value: opts.study.sizes, size: 14 });
  const epochs = h('input', { type: 'number', id: 'study-epochs', value: opts.study.epochs, min: 1, max: 200 });
  const strategies = h('div', { class: 'row', id: 'study-strategies' }, opts.strategies.map(s =>
    h('label', { class: 'small' }, h('input', { type: 'checkbox', value: s.id, checked: opts.study.strategies.includes(s.id) }), ' ', s.label)));
  const report = h('div', { id: 'study-report' });
  const listEl = h('div', { id: 'studies' });
  const backbone = h('select', { id: 'study-backbone' }, opts.backbones.filter(b => b.id !== 'file').map(b =>
    h('option', { value: b.id, selected: b.id === opts.defaults.backbone }, b.label)));
  const run = async (e) => {
    e.preventDefault();
    const body = { sizes: sizes.value, epochs: Number(epochs.value), backbone: backbone.value,
      strategies: [...strategies.querySelectorAll('input:checked')].map(i => i.value) };
    const j = await attempt(() => api('POST', base, body));
    if (j) { toast('Queued: ' + j.title); refreshJobs(); draw(); }
  };
  const show = (s) => {
    report.replaceChildren(h('h2', {}, `Report of ${s.id}`),
      h('iframe', { class: 'report', src: `${base}/${s.id}/report.html`, sandbox: '', title: 'study report' }));
  };
  const draw = async () => {
    const list = await api('GET', base);
    listEl.replaceChildren(list.length ? h('table', { class: 'list' }, h('tr', {}, ['Study', 'State', 'Settings', ''].map(t => h('th', {}, t))),
      list.map(s => h('tr', { dataset: { study: s.id, state: s.state } }, h('td', {}, s.id), h('td', {}, h('span', { class: 'state ' + s.state }, s.state)),
        h('td', { class: 'small' }, s.summary), h('td', {}, s.report ? h('button', { onclick: () => show(s) }, 'Show report') : null))))
      : h('div', { class: 'muted small' }, 'No comparison yet.'));
    const pick = list.find(s => s.id === studyArg) || list.find(s => s.report);
    if (pick && pick.report && !report.firstChild) show(pick);
  };
  on((type, data) => { if (type === 'job' && data.project === project.id && data.kind === 'study') draw(); });
  root.replaceChildren(
    h('form', { class: 'card stack', onsubmit: run }, h('h2', {}, 'Compare strategies on your images'),
      h('div', { class: 'muted small' }, 'Trains each chosen strategy on several training-set sizes (images per class) and scores them on the same held-out images, ' +
        'so you see on your own data whether transfer pays off and which strategy to use. It takes a while: each cell is a training.'),
      h('div', { class: 'row' }, h('label', { class: 'field' }, h('span', {}, 'Backbone'), backbone),
        h('label', { class: 'field' }, h('span', {}, 'Images per class'), sizes),
        h('label', { class: 'field' }, h('span', {}, 'Epochs'), epochs)),
      strategies, h('div', {}, h('button', { class: 'primary', id: 'run-study' }, 'Run comparison'))),
    h('div', { class: 'card stack' }, h('h2', {}, 'Comparisons'), listEl), report);
  await draw();
}
