// The console without a build step: upload progress (one request per file, so each has its bar
// and a large batch is never one huge request), live crawl progress, confirmations.
"use strict";
(function () {
  const body = document.body;
  const csrf = body.dataset.csrf;
  const t = JSON.parse(body.dataset.t || "{}");

  document.querySelectorAll("form.confirm").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });

  const form = document.getElementById("upload-form");
  if (form) {
    form.addEventListener("submit", (event) => {
      const input = document.getElementById("files");
      if (!input.files.length || !window.XMLHttpRequest) return;
      event.preventDefault();
      const list = document.getElementById("upload-progress");
      const source = form.elements.source.value;
      const files = Array.from(input.files);
      list.textContent = "";
      const rows = files.map((file) => {
        const li = document.createElement("li");
        const name = document.createElement("span");
        name.textContent = file.name;
        const bar = document.createElement("progress");
        bar.max = 100;
        bar.value = 0;
        const state = document.createElement("span");
        state.className = "state";
        state.textContent = t.uploading;
        li.append(name, bar, state);
        list.append(li);
        return { file, bar, state };
      });
      const next = (i) => {
        if (i >= rows.length) {
          window.location.assign("/console/documents?done=upload");
          return;
        }
        const row = rows[i];
        const data = new FormData();
        data.append("files", row.file);
        data.append("source", source);
        const xhr = new XMLHttpRequest();
        xhr.open("POST", "/console/api/documents");
        xhr.setRequestHeader("X-CSRF-Token", csrf);
        xhr.upload.addEventListener("progress", (e) => {
          if (e.lengthComputable) row.bar.value = Math.round((100 * e.loaded) / e.total);
        });
        xhr.addEventListener("load", () => {
          row.bar.value = 100;
          let result = null;
          try { result = JSON.parse(xhr.responseText); } catch (err) { result = null; }
          if (xhr.status === 200 && Array.isArray(result)) {
            const r = result[0];
            row.state.textContent = r.status === "refused"
              ? `${t.status_refused} : ${t["reason_" + r.reason] || r.message}`
              : `${t["status_" + r.status]} · ${r.chunks} ${t.chunks.toLowerCase()}`;
            row.state.className = "state pill " + r.status;
          } else {
            row.state.textContent = `${t.error} ${xhr.status} : ${(result && result.detail) || ""}`;
            row.state.className = "state pill refused";
          }
          next(i + 1);
        });
        xhr.addEventListener("error", () => {
          row.state.textContent = t.error;
          next(i + 1);
        });
        xhr.send(data);
      };
      next(0);
    });
  }

  const live = document.getElementById("live");
  if (live && live.dataset.running) {
    const poll = () => {
      fetch(`/console/api/web-sources/${encodeURIComponent(live.dataset.source)}`, { credentials: "same-origin" })
        .then((r) => r.json())
        .then((view) => {
          const job = view.job || {};
          const done = live.querySelector('[data-k="done"]');
          if (done) done.textContent = job.done;
          Object.entries(job.counts || {}).forEach(([k, v]) => {
            const cell = live.querySelector(`[data-k="${k}"]`);
            if (cell) cell.textContent = v;
          });
          document.getElementById("job-current").textContent = job.current || "";
          if (job.running) window.setTimeout(poll, 1000);
          else window.location.reload();
        })
        .catch(() => window.setTimeout(poll, 3000));
    };
    window.setTimeout(poll, 1000);
  }
})();
