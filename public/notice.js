// The privacy notice's retention period as the administrator set it (the static page carries
// the default). A file, not an inline script: the Content-Security-Policy forbids those.
fetch("/api/meta")
  .then((r) => (r.ok ? r.json() : null))
  .then((m) => {
    const years = m && m.privacy && m.privacy.retention_years;
    if (years) document.querySelectorAll(".years").forEach((e) => { e.textContent = years; });
  })
  .catch(() => { /* offline: the default stays */ });
