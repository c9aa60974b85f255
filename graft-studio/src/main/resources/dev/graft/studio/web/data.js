// The Data tab: classes with their images; add, rename and delete classes; upload by drag and drop
// or file picker; import a zip of class folders or a folder on this machine; move or delete images.
import { h, api, enc, attempt, toast } from './app.js';

const SHOWN = 300; // thumbnails drawn per class before "show all"

export async function dataTab(root, project) {
  const base = `/api/projects/${project.id}`;
  const notice = h('div', { id: 'upload-notice' });
  const classesEl = h('div', { class: 'classes', id: 'classes' });

  const reload = async () => {
    const p = await api('GET', base);
    project.classes = p.classes;
    classesEl.replaceChildren(...(p.classes.length ? p.classes.map(c => classCard(c)) :
      [h('div', { class: 'empty card' }, 'No classes yet. Add one above: one class for each kind of thing to tell apart.')]));
  };

  const report = (out, what) => {
    notice.replaceChildren();
    const added = out.added.length, refused = out.refused;
    if (refused.length) {
      notice.append(h('div', { class: 'notice' + (added ? '' : ' bad') },
        `${what}: ${added} image${added === 1 ? '' : 's'} added, ${refused.length} refused:`,
        h('ul', {}, refused.map(r => h('li', {}, h('b', {}, r.file), ': ', r.reason)))));
    } else {
      toast(`${what}: ${added} image${added === 1 ? '' : 's'} added`);
    }
  };

  const upload = async (cls, files) => {
    if (!files.length) return;
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    toast(`Uploading ${files.length} file${files.length === 1 ? '' : 's'}...`);
    const out = await attempt(() => api('POST', `${base}/classes/${enc(cls)}/images`, form));
    if (out) { report(out, `Upload to ${cls}`); await reload(); }
  };

  function classCard(c) {
    const picker = h('input', { type: 'file', multiple: true, accept: 'image/*', class: 'picker', hidden: true,
      onchange: (e) => upload(c.name, [...e.target.files]) });
    const thumbs = h('div', { class: 'thumbs' });
    const drop = h('div', { class: 'drop',
      ondragover: (e) => { e.preventDefault(); drop.classList.add('over'); },
      ondragleave: () => drop.classList.remove('over'),
      ondrop: (e) => { e.preventDefault(); drop.classList.remove('over'); upload(c.name, [...e.dataTransfer.files]); } },
      thumbs);
    const rename = async () => {
      const n = prompt(`New name for class "${c.name}"`, c.name);
      if (n && await attempt(() => api('PATCH', `${base}/classes/${enc(c.name)}`, { name: n }))) reload();
    };
    const del = async () => {
      if (confirm(`Delete class "${c.name}" and its ${c.count} images?`)
          && await attempt(() => api('DELETE', `${base}/classes/${enc(c.name)}`)) !== undefined) reload();
    };
    const card = h('section', { class: 'card class-card stack', dataset: { class: c.name } },
      h('div', { class: 'spread' },
        h('div', { class: 'row' }, h('h3', {}, c.name), h('span', { class: 'count' }, `${c.count} image${c.count === 1 ? '' : 's'}`)),
        h('div', { class: 'row' }, h('button', { class: 'primary add-images', onclick: () => picker.click() }, 'Add images'),
          picker, h('button', { onclick: rename, class: 'rename-class' }, 'Rename'),
          h('button', { class: 'danger delete-class', onclick: del }, 'Delete'))),
      drop);
    fillThumbs(c, thumbs, false);
    return card;
  }

  async function fillThumbs(c, el, all) {
    if (!c.count) {
      el.replaceChildren(h('span', { class: 'muted small' }, 'Drop images here, or use "Add images" (PNG, JPEG, GIF, BMP).'));
      return;
    }
    const names = await api('GET', `${base}/classes/${enc(c.name)}/images`);
    const others = project.classes.map(x => x.name).filter(n => n !== c.name);
    const shown = all ? names : names.slice(0, SHOWN);
    el.replaceChildren(...shown.map(n => thumb(base, c.name, n, others, reload)));
    if (names.length > shown.length) {
      el.append(h('button', { class: 'link', onclick: () => fillThumbs(c, el, true) }, `show all ${names.length}`));
    }
  }

  const newClass = h('input', { id: 'new-class', placeholder: 'Class name, e.g. sneaker', size: 24 });
  const addClass = async (e) => {
    e.preventDefault();
    if (await attempt(() => api('POST', `${base}/classes`, { name: newClass.value }))) { newClass.value = ''; reload(); }
  };
  const zip = h('input', { type: 'file', accept: '.zip,application/zip', id: 'zip-input', hidden: true,
    onchange: async (e) => {
      const f = e.target.files[0];
      if (!f) return;
      const form = new FormData(); form.append('file', f, f.name);
      toast('Importing ' + f.name + '...');
      const out = await attempt(() => api('POST', `${base}/import/zip`, form));
      zip.value = '';
      if (out) { report(out, 'Zip import'); reload(); }
    } });
  const folder = h('input', { id: 'folder-path', placeholder: '/path/to/folder with one subfolder per class', size: 40 });
  const importFolder = async () => {
    toast('Importing ' + folder.value + '...');
    const out = await attempt(() => api('POST', `${base}/import/folder`, { path: folder.value }));
    if (out) { report(out, 'Folder import'); reload(); }
  };

  root.replaceChildren(
    h('div', { class: 'card stack' },
      h('form', { class: 'row', onsubmit: addClass }, newClass, h('button', { class: 'primary', id: 'add-class' }, 'Add class'),
        h('span', { class: 'muted small' }, 'One class for each kind of thing to tell apart; then drop images on it.')),
      h('div', { class: 'row small' }, h('span', { class: 'muted' }, 'Or bring many at once:'),
        h('button', { type: 'button', id: 'import-zip', onclick: () => zip.click() }, 'Import a zip of class folders'), zip,
        folder, h('button', { type: 'button', id: 'import-folder', onclick: importFolder }, 'Import folder'))),
    notice, classesEl);
  await reload();
}

// One image's thumbnail, with "move to" and delete.
export function thumb(base, cls, name, others, after) {
  const move = h('select', { class: 'move', title: 'Move to another class',
    onchange: async (e) => {
      const to = e.target.value;
      if (to && await attempt(() => api('POST', `${base}/classes/${enc(cls)}/images/${enc(name)}/move`, { to }))) {
        toast(`Moved ${name} to ${to}`); after();
      }
    } }, h('option', { value: '' }, 'move'), others.map(o => h('option', { value: o }, o)));
  const del = h('button', { class: 'delete-img', title: 'Delete this image',
    onclick: async () => {
      if (await attempt(() => api('DELETE', `${base}/classes/${enc(cls)}/images/${enc(name)}`)) !== undefined) after();
    } }, '✕');
  return h('div', { class: 'thumb', title: name, dataset: { name } },
    h('img', { src: `${base}/classes/${enc(cls)}/images/${enc(name)}/thumb`, alt: name, loading: 'lazy' }),
    h('div', { class: 'tools' }, move, del));
}
