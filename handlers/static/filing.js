// filing.js - nothing typed is lost (seed 002 FAQ 1.8): every edit of a
// filing section is kept in this browser (localStorage) until the server
// has saved it; a reload, a lost session or a crash offers it back. Leaving
// or submitting with unsaved edits asks first.
(function () {
  'use strict';
  var form = document.querySelector('form.section-form');
  if (!form || !window.localStorage) return;
  var key = 'sme-draft:' + form.dataset.filing + ':' + form.dataset.section;
  var saving = false;

  function fields() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === 'hidden' || el.readOnly) return;
      if (!(el.name in out)) out[el.name] = [];
      if ((el.type === 'checkbox' || el.type === 'radio')) {
        if (el.checked) out[el.name].push(el.value);
      } else out[el.name].push(el.value);
    });
    return out;
  }
  var initial = JSON.stringify(fields());
  function dirty() { return JSON.stringify(fields()) !== initial; }

  function fill(vals) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in vals) || el.type === 'hidden' || el.readOnly) return;
      var v = vals[el.name];
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = v.indexOf(el.value) >= 0;
      else el.value = v[0] !== undefined ? v[0] : '';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }

  function store() {
    if (!dirty()) { localStorage.removeItem(key); return; }
    localStorage.setItem(key, JSON.stringify({ at: new Date().toISOString(), fields: fields() }));
  }
  var timer = null;
  form.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(store, 300); });
  form.addEventListener('change', store);

  // A successful save comes back with ?msg=saved: what was kept is now on the server.
  if (/[?&]msg=saved\b/.test(location.search)) localStorage.removeItem(key);

  function offer(d) {
    var box = document.createElement('div');
    box.className = 'draft-offer';
    box.setAttribute('role', 'alert');
    var when = new Date(d.at);
    box.appendChild(document.createTextNode('本浏览器中保留有 ' + when.toLocaleString('zh-CN') +
      ' 填写但尚未保存的内容。'));
    var yes = document.createElement('button');
    yes.type = 'button'; yes.className = 'draft-restore'; yes.textContent = '恢复未保存的内容';
    var no = document.createElement('button');
    no.type = 'button'; no.className = 'draft-discard'; no.textContent = '放弃';
    yes.onclick = function () { fill(d.fields); box.remove(); store(); };
    no.onclick = function () { localStorage.removeItem(key); box.remove(); };
    box.appendChild(yes); box.appendChild(no);
    form.parentNode.insertBefore(box, form);
  }
  var kept = localStorage.getItem(key);
  if (kept) {
    try {
      var d = JSON.parse(kept);
      if (JSON.stringify(d.fields) !== initial) offer(d); else localStorage.removeItem(key);
    } catch (e) { localStorage.removeItem(key); }
  }

  form.addEventListener('submit', function () { store(); saving = true; });
  window.addEventListener('beforeunload', function (e) {
    if (saving || !dirty()) return;
    e.preventDefault();
    e.returnValue = '';
  });
  var sub = document.querySelector('form.submit-form');
  if (sub) sub.addEventListener('submit', function (e) {
    if (dirty() && !window.confirm('本页有未保存的修改，提交的是已保存的内容。仍要提交吗？')) {
      e.preventDefault();
      return;
    }
    saving = true;
  });
})();
