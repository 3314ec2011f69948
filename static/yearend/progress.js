// The year-end report's progress bar: polls the JSON endpoint named by data-url until the report is finished,
// then shows the download links (or the error). Without JavaScript the page refreshes itself.
(function () {
  "use strict";
  var box = document.getElementById("yearend-progress");
  if (!box) { return; }
  var bar = document.getElementById("yearend-bar");
  var refresh = document.getElementById("yearend-refresh");
  if (refresh) { refresh.hidden = true; }

  function show(data) {
    bar.value = data.progress;
    bar.textContent = data.progress + "%";
    document.getElementById("yearend-percent").textContent = data.progress;
    document.getElementById("yearend-state").textContent = data.state_label;
    document.getElementById("yearend-step").textContent = data.step;
    if (data.state === "failed") {
      document.getElementById("yearend-error-text").textContent = data.error;
      document.getElementById("yearend-error").hidden = false;
    }
    if (data.state === "done") {
      document.getElementById("yearend-pdf").href = data.pdf_url;
      document.getElementById("yearend-xlsx").href = data.xlsx_url;
      document.getElementById("yearend-files").hidden = false;
    }
  }

  function poll() {
    fetch(box.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        show(data);
        if (!data.finished) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
