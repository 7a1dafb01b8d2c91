// filing.js - nothing typed is lost (seed 002 FAQ 1.6, 1.8): every edit of a
// filing section is kept in this browser (localStorage) until a save of it
// succeeds. A refused save (the page comes back with what was typed) keeps
// it; leaving warns while the fields differ from the last SAVED values, not
// from the page as re-rendered; opening the section again puts the typing
// back (or offers it, when the saved values changed meanwhile). Also: focus
// on the error summary, the character counters of long texts.
(function () {
  'use strict';
  var form = document.querySelector('form.section-form');
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
  if (!form || form.dataset.editable !== '1' || !window.localStorage) return;
  var key = 'sme-draft:' + form.dataset.filing + ':' + form.dataset.section;
  var savedKey = key + ':saved';
  var unsaved = form.dataset.unsaved === '1';
  var saving = false;

  function fields() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === 'hidden' || el.readOnly || el.type === 'submit') return;
      if (!(el.name in out)) out[el.name] = [];
      if ((el.type === 'checkbox' || el.type === 'radio')) {
        if (el.checked) out[el.name].push(el.value);
      } else out[el.name].push(el.value);
    });
    return out;
  }
  function get(k) { try { return localStorage.getItem(k); } catch (e) { return null; } }
  function put(k, v) { try { localStorage.setItem(k, v); } catch (e) { /* full: the page still warns */ } }

  // The last saved values: this page's own when it shows them, else those
  // the last clean page of this section showed.
  var baseline;
  if (!unsaved) {
    baseline = JSON.stringify(fields());
    put(savedKey, baseline);
  } else baseline = get(savedKey) || '';
  function dirty() { return JSON.stringify(fields()) !== baseline; }

  // Put vals into the fields in page order; a select whose options come
  // from the one above (industry.js, once its tree is loaded) is tried
  // again until it takes; a retry never puts back a field the user has
  // typed in since (their typing wins).
  var touched = {};
  form.addEventListener('input', function (e) { if (e.isTrusted && e.target.name) touched[e.target.name] = 1; }, true);
  form.addEventListener('change', function (e) { if (e.isTrusted && e.target.name) touched[e.target.name] = 1; }, true);
  function fill(vals, tries) {
    var missed = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in vals) || el.type === 'hidden' || el.readOnly) return;
      if (tries && touched[el.name]) return;
      var v = vals[el.name];
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = v.indexOf(el.value) >= 0;
      else {
        var want = v[0] !== undefined ? v[0] : '';
        el.value = want;
        if (el.value !== want) { missed = true; return; }
      }
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    });
    if (missed && (tries || 0) < 25) setTimeout(function () { fill(vals, (tries || 0) + 1); }, 200);
  }

  function store() {
    if (!dirty()) { localStorage.removeItem(key); return; }
    put(key, JSON.stringify({ at: new Date().toISOString(), base: baseline, fields: fields() }));
  }
  var timer = null;
  form.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(store, 300); });
  form.addEventListener('change', store);

  // A successful save comes back with ?msg=saved: what was kept is now on the server.
  if (/[?&]msg=saved\b/.test(location.search)) localStorage.removeItem(key);

  function banner(d, restored) {
    var box = document.createElement('div');
    box.className = 'draft-offer';
    box.setAttribute('role', 'status');
    var when = new Date(d.at).toLocaleString('zh-CN', { hour12: false });
    box.appendChild(document.createTextNode(restored
      ? '已恢复本浏览器中 ' + when + ' 填写但尚未保存的内容，请检查后点击“保存”。'
      : '本浏览器中保留有 ' + when + ' 填写但尚未保存的内容（此后本部分在别处保存过）。'));
    if (!restored) {
      var yes = document.createElement('button');
      yes.type = 'button'; yes.className = 'draft-restore'; yes.textContent = '恢复未保存的内容';
      yes.onclick = function () { fill(d.fields); box.remove(); store(); };
      box.appendChild(yes);
    }
    var no = document.createElement('button');
    no.type = 'button'; no.className = 'draft-discard';
    no.textContent = restored ? '放弃这些修改' : '放弃';
    no.onclick = function () {
      if (restored) fill(JSON.parse(baseline));
      localStorage.removeItem(key); box.remove();
    };
    box.appendChild(no);
    form.parentNode.insertBefore(box, form);
  }

  if (unsaved) store();	// the refused typing, as the page shows it
  else {
    var kept = get(key);
    if (kept) {
      try {
        var d = JSON.parse(kept);
        if (JSON.stringify(d.fields) === baseline) localStorage.removeItem(key);
        else if (d.base === baseline) { fill(d.fields); banner(d, true); }
        else banner(d, false);
      } catch (e) { localStorage.removeItem(key); }
    }
  }

  // Characters of long texts, as the server counts them.
  Array.prototype.forEach.call(form.querySelectorAll('textarea'), function (ta) {
    var c = ta.parentNode.querySelector('.counter');
    if (!c) return;
    var upd = function () { c.textContent = Array.from(ta.value).length + ' / ' + c.dataset.max + ' 字'; };
    ta.addEventListener('input', upd);
    upd();
  });

  form.addEventListener('submit', function () { store(); saving = true; });
  window.addEventListener('beforeunload', function (e) {
    if (saving || !dirty()) return;
    e.preventDefault();
    e.returnValue = '';
  });
})();
