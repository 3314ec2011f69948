/* Autosave of the application editor: a form with data-autosave-url is posted (debounced) after each change.
   The server answers JSON: {ok, version, message, errors, problems} when the draft was saved (the named fields are
   marked), 400 with field errors when nothing could be saved, 409 when another window
   saved a newer version (then autosave stops, so that this tab never overwrites newer content).
   Without JavaScript, the form's Save button does the same. No inline script: the CSP forbids it.
   First, a small part for the editor's "Attach" form. */
(function () {
  "use strict";
  // The "Attach" form answered with an error: its first marked field takes the focus, which brings the form and
  // its error into view (the form also posts to its section's fragment for the browsers that scroll to it).
  // After the load, as the browser's move to the fragment would otherwise take the focus back.
  var attachError = document.querySelector("#file-form [aria-invalid=true]");
  if (attachError && !document.getElementById("form-errors")) {
    window.addEventListener("load", function () {
      attachError.focus();
    });
  }
})();

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

  // Mark the fields the server named (errors: not saved; problems: saved, but blocking the submission).
  function mark(named) {
    var old = form.querySelectorAll("[data-autosave-mark]");
    for (var i = 0; i < old.length; i += 1) {
      var input = form.elements[old[i].getAttribute("data-autosave-mark")];
      if (input && input.removeAttribute) {
        input.removeAttribute("aria-invalid");
        input.classList.remove("is-invalid");
      }
      old[i].parentNode.removeChild(old[i]);
    }
    Object.keys(named).forEach(function (name) {
      var field = form.elements[name];
      if (!field || !field.setAttribute) {
        return;
      }
      var note = document.createElement("div");
      note.className = "invalid-feedback d-block";
      note.id = "id_" + name + "_autosave";
      note.setAttribute("data-autosave-mark", name);
      note.textContent = named[name].join(" ");
      field.setAttribute("aria-invalid", "true");
      field.classList.add("is-invalid");
      var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== note.id;
      });
      described.push(note.id);
      field.setAttribute("aria-describedby", described.join(" "));
      field.insertAdjacentElement("afterend", note);
    });
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
          var named = {};
          [data.problems || {}, data.errors || {}].forEach(function (group) {
            Object.keys(group).forEach(function (name) {
              named[name] = (named[name] || []).concat(group[name]);
            });
          });
          mark(named);
          say(data.message, Object.keys(data.errors || {}).length ? "error" : "ok");
        } else if (result.status === 409) {
          stopped = true;
          say(data.message, "error");
        } else {
          mark(data.errors || {});
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

  // After a save that failed, the error summary takes the focus (the page title already names the error).
  var summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
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
