// industry.js - the four cascading selects of the industry field (门类 >
// 大类 > 中类 > 小类, GB/T 4754-2017): choosing a level fills the next one
// from /filing/industries, without a round trip per level. Without
// JavaScript the server fills the next level when the form is saved.
(function () {
  'use strict';
  var sels = ['industry_l1', 'industry_l2', 'industry_l3', 'industry'].map(function (n) {
    return document.querySelector('select[name="' + n + '"]');
  });
  if (!sels[0] || !window.fetch) return;
  var kids = null;
  function fill(sel, parent) {
    while (sel.options.length > 1) sel.remove(1);
    (kids[parent] || []).forEach(function (r) {
      var o = document.createElement('option');
      o.value = r[0];
      o.textContent = r[0] + ' ' + r[1];
      sel.appendChild(o);
    });
    sel.value = '';
  }
  fetch('/filing/industries', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (rows) {
    kids = {};
    rows.forEach(function (r) { (kids[r[2]] = kids[r[2]] || []).push(r); });
    Object.keys(kids).forEach(function (k) { kids[k].sort(function (a, b) { return a[0] < b[0] ? -1 : 1; }); });
    sels.forEach(function (sel, i) {
      if (i === 3) return;
      sel.addEventListener('change', function () {
        fill(sels[i + 1], sel.value);
        for (var j = i + 2; j < 4; j++) fill(sels[j], '\u0000');
        sels[i + 1].dispatchEvent(new Event('input', { bubbles: true }));
      });
    });
  });
})();
