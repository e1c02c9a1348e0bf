// The baseline for `cargo xtask bench`: a plain JavaScript Worker that answers the same routes
// with the least work a Worker can do — the Rust Worker's own D1 statement for a status lookup
// (returned as is), one insert for a submission, a constant for triage — so the Rust Worker's
// figures have something to be compared with in the same run, on the same machine.
import STATUS_SQL from "../../functions/src/cases/public_view.sql";

const json = (body, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

export default {
  async fetch(req, env) {
    const url = new URL(req.url);
    const parts = url.pathname.split("/");
    if (req.method === "GET" && parts[2] === "cases" && parts[3] === "status" && parts.length === 5) {
      // the Rust Worker's own statement, answered as SQLite built it
      const view = await env.DB.prepare(STATUS_SQL).bind(parts[4]).first("view");
      return view
        ? new Response(view, { headers: { "content-type": "application/json" } })
        : json({ error: { code: "case_not_found" } }, 404);
    }
    if (req.method === "POST" && url.pathname === "/api/cases") {
      const b = await req.json();
      const token = crypto.randomUUID().replaceAll("-", "");
      const now = new Date().toISOString();
      const day = now.slice(0, 10).replaceAll("-", "");
      await env.DB.prepare(
        "INSERT INTO cases (day, seq, token, idempotency_key, fingerprint, enterprise_name, uscc, contact_name, contact_phone, port, title, description, channel, submitted_at, updated_at) " +
          "VALUES (?1, ?12, ?2, ?3, ?2, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'web', ?11, ?11)",
      ).bind(day, token, req.headers.get("idempotency-key"), b.enterprise_name, b.uscc, b.contact_name, b.contact_phone, b.port, b.title, b.description, now,
        // no numbering work at all: a random sequence number stands in for it
        1 + Math.floor(Math.random() * 2 ** 31)).run();
      return json({ token }, 201);
    }
    if (req.method === "POST" && url.pathname === "/api/triage") {
      return json({ category: "consult", confidence: 1, importance: "B", urgency: "B", department: "customs", level: 1, reasons: [] });
    }
    return json({ error: { code: "no_route" } }, 404);
  },
};
