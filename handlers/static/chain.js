// chain.js - 所属重点产业链 offers the chains of the chosen 所属重点产业集群
// (seed 004: 核心软件 -> 信息技术应用创新, 工业软件): choosing a cluster shows
// its chains and hides and unticks the others; no cluster shows them all.
// Without JavaScript the server shows the saved cluster's chains and
// refuses a chain of another cluster.
(function () {
  'use strict';
  var cluster = document.querySelector('form.section-form select[name="cluster"]');
  if (!cluster) return;
  function apply() {
    var v = cluster.value;
    document.querySelectorAll('form.section-form input[name="chains"]').forEach(function (box) {
      var label = box.closest('label');
      var mine = !v || !label.dataset.cluster || label.dataset.cluster === v;
      label.hidden = !mine;
      if (!mine) box.checked = false;
    });
  }
  cluster.addEventListener('change', apply);
  apply();
})();
