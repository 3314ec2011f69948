/* Autosave of the application editor: a form with data-autosave-url is posted (debounced) after each change.
   The server answers JSON: {ok, version, message} on success, 400 with field errors, 409 when another window
   saved a newer version (then autosave stops, so that this tab never overwrites newer content).
   Without JavaScript, the form's Save button does the same. No inline script: the CSP forbids it. */
(function () {
  "use strict";
  var DELAY = 1500;
  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = document.getElementById(form.getAttribute("data-autosave-status"));
  var version = form.querySelector("input[name=version]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  var timer = null;
  var saving = false;
  var again = false;
  var stopped = false;

  function say(text, kind) {
    if (!status) {
      return;
    }
    status.textContent = text;
    status.classList.remove("text-danger", "text-success", "text-body-secondary");
    status.classList.add(kind === "error" ? "text-danger" : kind === "ok" ? "text-success" : "text-body-secondary");
  }

  function save() {
    if (stopped) {
      return;
    }
    if (saving) {
      again = true;
      return;
    }
    saving = true;
    fetch(form.getAttribute("data-autosave-url"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf ? csrf.value : "", "X-Requested-With": "fetch", Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { status: response.status, data: data };
        });
      })
      .then(function (result) {
        var data = result.data || {};
        if (result.status === 200 && data.ok) {
          if (version) {
            version.value = data.version;
          }
          say(data.message, "ok");
        } else if (result.status === 409) {
          stopped = true;
          say(data.message, "error");
        } else {
          say(data.message || "", "error");
        }
      })
      .catch(function () {
        say(form.getAttribute("data-autosave-offline") || "…", "error");
      })
      .then(function () {
        saving = false;
        if (again) {
          again = false;
          schedule();
        }
      });
  }

  function schedule() {
    if (timer) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(save, DELAY);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", function () {
    if (timer) {
      window.clearTimeout(timer);
    }
    stopped = true;
  });
})();
