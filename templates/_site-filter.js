// overens: narrows the list of affiliated organisations as one types or chooses. The page works
// without it: every organisation is listed, and pages per municipality and sector narrow it.
(function () {
  "use strict";
  var form = document.getElementById("member-filter");
  var table = document.getElementById("member-table");
  if (!form || !table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var count = form.querySelector(".filter-count");
  var fold = function (s) {
    return s.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  };
  var names = rows.map(function (r) { return fold(r.cells[0].textContent); });
  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  var narrow = function () {
    var name = fold(form.elements.name.value.trim());
    var municipality = form.elements.municipality ? form.elements.municipality.value : "";
    var sector = form.elements.sector.value;
    var shown = 0;
    rows.forEach(function (r, i) {
      var keep = (!name || names[i].indexOf(name) !== -1) &&
        (!municipality || r.getAttribute("data-m") === municipality) &&
        (!sector || r.getAttribute("data-s") === sector);
      r.hidden = !keep;
      if (keep) shown += 1;
    });
    count.textContent = form.getAttribute("data-count")
      .replace("{shown}", String(shown)).replace("{total}", String(rows.length));
  };
  form.addEventListener("input", narrow);
  form.addEventListener("change", narrow);
})();
