//! Starts and stops the real runtime for tests and for `cargo xtask dev`: `wrangler dev`
//! (workerd + local D1 + KV) on a free loopback port, with its own state folder, in its own
//! process group, stopped as a group.

pub mod volume;

use std::fs;
use std::io::Read;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository root (this crate lives in `<root>/tests`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("root")
        .to_path_buf()
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// `node_modules/.bin/wrangler` with the environment this machine needs (no telemetry, no
/// network look-ups, config inside the project's ignored folder).
pub fn wrangler(args: &[&str]) -> Command {
    let root = root();
    let mut cmd = Command::new(root.join("node_modules/.bin/wrangler"));
    cmd.args(args)
        .current_dir(&root)
        .env("WRANGLER_SEND_METRICS", "false")
        .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
        .env("WRANGLER_HIDE_BANNER", "true")
        .env("XDG_CONFIG_HOME", root.join(".tools/xdg"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    cmd
}

/// A throw-away folder that looks like this project to wrangler, with its local state at
/// `state` (`wrangler d1 export` has no `--persist-to`: it reads `.wrangler/state`).
fn project_over(state: &Path) -> Result<PathBuf, String> {
    let state = fs::canonicalize(state).map_err(|e| format!("{}: {e}", state.display()))?;
    let dir = std::env::temp_dir().join(format!(
        "ztc-project-{}-{}",
        std::process::id(),
        free_port()
    ));
    fs::create_dir_all(dir.join(".wrangler")).map_err(|e| e.to_string())?;
    std::os::unix::fs::symlink(&state, dir.join(".wrangler/state")).map_err(|e| e.to_string())?;
    fs::copy(root().join("wrangler.toml"), dir.join("wrangler.toml")).map_err(|e| e.to_string())?;
    Ok(dir)
}

fn run_wrangler(cmd: &mut Command, what: &str) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("wrangler: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Writes the whole local D1 in `state` (schema, triggers, rows) to the SQL file `out`.
pub fn backup(state: &Path, out: &Path) -> Result<(), String> {
    let project = project_over(state)?;
    let out = std::path::absolute(out).map_err(|e| e.to_string())?;
    let result = run_wrangler(
        wrangler(&["d1", "export", "DB", "--local", "--output"])
            .arg(&out)
            .current_dir(&project),
        "backup",
    );
    let _ = fs::remove_dir_all(&project);
    result
}

/// The statements of an export in the order a fresh database accepts them: every table first
/// (an export creates each table just before its rows, and a row may refer to a table created
/// later), then the rows, then indexes and triggers (after the rows, so no trigger fires twice).
pub fn restore_order(sql: &str) -> String {
    let mut statements = Vec::new();
    let (mut start, mut single, mut double) = (0, false, false);
    for (i, c) in sql.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            ';' if !single && !double => {
                statements.push(sql[start..=i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    let rank = |s: &str| {
        let head = s.trim_start().to_ascii_uppercase();
        if head.starts_with("PRAGMA") {
            0
        } else if head.starts_with("CREATE TABLE") {
            1
        } else if head.starts_with("INSERT") {
            2
        } else {
            3
        }
    };
    let mut ordered: Vec<&str> = statements.into_iter().filter(|s| !s.is_empty()).collect();
    ordered.sort_by_key(|s| rank(s));
    ordered.join("\n") + "\n"
}

/// Loads a backup into a new, empty local D1 at `state` (which must not exist yet).
pub fn restore(backup: &Path, state: &Path) -> Result<(), String> {
    if state.exists() {
        return Err(format!(
            "{} exists: restore only into a new folder",
            state.display()
        ));
    }
    let sql = fs::read_to_string(backup).map_err(|e| format!("{}: {e}", backup.display()))?;
    fs::create_dir_all(state).map_err(|e| e.to_string())?;
    let ordered = state.join("restore.sql");
    fs::write(&ordered, restore_order(&sql)).map_err(|e| e.to_string())?;
    let result = run_wrangler(
        wrangler(&["d1", "execute", "DB", "--local", "--yes", "--persist-to"])
            .arg(state)
            .arg("--file")
            .arg(&ordered),
        "restore",
    );
    let _ = fs::remove_file(&ordered);
    result
}

/// Every table of the local D1 in `state`, for comparing two databases: the schema (tables,
/// indexes, triggers) and every row of every table, in rowid order.
pub fn dump(state: &Path) -> Result<serde_json::Value, String> {
    // one wrangler run per query list: each statement's rows come back in order
    // wrangler's local runtime now and then answers `{"error": {"text": "internal error…"}}`
    // on a loaded machine: that is the tool, not the data, so the read is tried again
    let query = |sql: &str| -> Result<Vec<serde_json::Value>, String> {
        let mut last = String::new();
        for _ in 0..3 {
            let out = wrangler(&["d1", "execute", "DB", "--local", "--json", "--persist-to"])
                .arg(state)
                .args(["--command", sql])
                .output()
                .map_err(|e| e.to_string())?;
            match serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout) {
                Ok(v) => return Ok(v.into_iter().map(|r| r["results"].clone()).collect()),
                Err(e) => last = format!("{e}: {}", String::from_utf8_lossy(&out.stdout)),
            }
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
        Err(last)
    };
    let schema = query(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY type, name",
    )?
    .remove(0);
    let names: Vec<String> = schema
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["type"] == "table")
        .filter_map(|t| t["name"].as_str().map(str::to_string))
        .collect();
    let sql = names
        .iter()
        .map(|n| format!("SELECT * FROM \"{n}\" ORDER BY rowid"))
        .collect::<Vec<_>>()
        .join("; ");
    let rows = query(&sql)?;
    let tables: serde_json::Map<String, serde_json::Value> = names.into_iter().zip(rows).collect();
    Ok(serde_json::json!({"schema": schema, "tables": tables}))
}

/// Applies `migrations/` to the local D1 kept in `state`.
pub fn migrate(state: &Path) -> Result<(), String> {
    migrate_with(state, None)
}

/// `migrate` for another Worker's configuration (the bench's baseline).
pub fn migrate_with(state: &Path, config: Option<&Path>) -> Result<(), String> {
    let mut cmd = wrangler(&["d1", "migrations", "apply", "DB", "--local", "--persist-to"]);
    cmd.arg(state);
    if let Some(c) = config {
        cmd.arg("-c").arg(c);
    }
    run_wrangler(&mut cmd, "migrations")
}

/// Runs `sql` against the local D1 in `state` (the server must not be running on it).
pub fn execute(state: &Path, sql: &str) -> Result<(), String> {
    let file = state.join("seed.sql");
    fs::write(&file, sql).map_err(|e| e.to_string())?;
    let mut cmd = wrangler(&["d1", "execute", "DB", "--local", "--persist-to"]);
    cmd.arg(state).arg("--file").arg(&file);
    run_wrangler(&mut cmd, "seed SQL")
}

/// The first row `sql` (one SELECT) answers in the local D1 in `state`, as JSON (the server
/// must not be running on it).
pub fn query(state: &Path, sql: &str) -> Result<serde_json::Value, String> {
    let out = wrangler(&["d1", "execute", "DB", "--local", "--json", "--persist-to"])
        .arg(state)
        .args(["--command", sql])
        .output()
        .map_err(|e| format!("wrangler: {e}"))?;
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("query {sql}: {e}\n{}", String::from_utf8_lossy(&out.stderr)))?;
    Ok(answer[0]["results"][0].clone())
}

pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &dest)?;
        } else {
            fs::copy(entry.path(), dest)?;
        }
    }
    Ok(())
}

/// A migrated, empty state folder, made once per migration set and copied for each test.
fn migrated_template() -> Result<PathBuf, String> {
    let mut hash = domain::text::FNV_OFFSET;
    let mut names: Vec<_> = fs::read_dir(root().join("migrations"))
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    for p in names {
        hash = domain::text::fnv1a(hash, fs::read(&p).map_err(|e| e.to_string())?);
    }
    let base = root().join("target/ztc-state");
    let template = base.join(format!("template-{hash:016x}"));
    if template.join("ready").exists() {
        return Ok(template);
    }
    let scratch = base.join(format!("scratch-{}-{}", std::process::id(), free_port()));
    migrate(&scratch)?;
    fs::write(scratch.join("ready"), b"").map_err(|e| e.to_string())?;
    // Another test may have won the race; either copy is fine.
    if fs::rename(&scratch, &template).is_err() {
        let _ = fs::remove_dir_all(&scratch);
    }
    Ok(template)
}

/// The local servers' bootstrap secret (`--var`); production sets its own as a Worker secret.
pub const BOOTSTRAP_SECRET: &str = "local-bootstrap-secret-0123456789";

/// Where wrangler's processes live: in a group of their own (tests: stopped as a group on drop),
/// or in the terminal's group (`cargo xtask dev`: Ctrl-C reaches them directly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Own,
    Terminal,
}

pub struct Server {
    pub base: String,
    pub port: u16,
    pub state: PathBuf,
    child: Child,
    log: PathBuf,
}

impl Server {
    /// A fresh server on a free port with an empty, migrated database.
    pub fn start() -> Server {
        Server::start_with(&[])
    }

    /// `start` with extra Worker variables (`--var NAME:VALUE`).
    pub fn start_with(vars: &[(&str, &str)]) -> Server {
        Server::start_seeded("", vars)
    }

    /// `start_with` on a database that first runs `sql` (volume tests write their rows as SQL,
    /// not through the API, so they stay fast).
    pub fn start_seeded(sql: &str, vars: &[(&str, &str)]) -> Server {
        let template = migrated_template().unwrap_or_else(|e| panic!("{e}"));
        // A port found free can be taken by another test's workerd before ours binds it; the
        // runtime then fails to start. That is the machine, not the product: try a new port.
        let mut failures = Vec::new();
        for _ in 0..3 {
            let port = free_port();
            let state = root().join(format!(
                "target/ztc-state/run-{}-{port}",
                std::process::id()
            ));
            let _ = fs::remove_dir_all(&state);
            copy_dir(&template, &state).expect("copy template state");
            if !sql.is_empty() {
                execute(&state, sql).unwrap_or_else(|e| panic!("{e}"));
            }
            match Server::start_on(port, state, Group::Own, vars) {
                Ok(server) => return server,
                Err(e) => failures.push(e),
            }
        }
        panic!(
            "wrangler dev failed three times:\n{}",
            failures.join("\n---\n")
        )
    }

    /// Serves the prebuilt `build/` and `dist/` on `port` with the D1/KV state in `state`.
    pub fn start_on(
        port: u16,
        state: PathBuf,
        group: Group,
        vars: &[(&str, &str)],
    ) -> Result<Server, String> {
        Server::start_config(None, port, state, group, vars)
    }

    /// `start_on` with another Worker's configuration (`-c`), e.g. the bench's baseline.
    pub fn start_config(
        config: Option<&Path>,
        port: u16,
        state: PathBuf,
        group: Group,
        vars: &[(&str, &str)],
    ) -> Result<Server, String> {
        let log = state.join("wrangler.log");
        fs::create_dir_all(&state).map_err(|e| e.to_string())?;
        let log_file = fs::File::create(&log).map_err(|e| e.to_string())?;
        let inspector = free_port().to_string();
        let port_s = port.to_string();
        let mut cmd = wrangler(&[
            "dev",
            "--ip",
            "127.0.0.1",
            "--port",
            &port_s,
            "--inspector-port",
            &inspector,
            "--show-interactive-dev-session=false",
            "--test-scheduled",
            "--var",
            &format!("BOOTSTRAP_SECRET:{BOOTSTRAP_SECRET}"),
            "--persist-to",
        ]);
        cmd.arg(&state);
        if let Some(c) = config {
            cmd.arg("-c").arg(c);
        }
        for (name, value) in vars {
            cmd.arg("--var").arg(format!("{name}:{value}"));
        }
        match group {
            Group::Own => {
                cmd.args(["--log-level", "warn"])
                    .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
                    .stderr(log_file)
                    .process_group(0);
            }
            Group::Terminal => {
                cmd.args(["--log-level", "info"]);
            }
        }
        let child = cmd
            .spawn()
            .map_err(|e| format!("cannot start wrangler (run `cargo xtask build` first?): {e}"))?;
        let mut server = Server {
            base: format!("http://127.0.0.1:{port}"),
            port,
            state,
            child,
            log,
        };
        server.wait_ready(Duration::from_secs(90))?;
        Ok(server)
    }

    fn wait_ready(&mut self, limit: Duration) -> Result<(), String> {
        let started = Instant::now();
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(2))
            .build();
        while started.elapsed() < limit {
            // any HTTP answer means it serves (the bench's baseline has no /api/meta)
            if let Ok(_) | Err(ureq::Error::Status(..)) =
                agent.get(&format!("{}/api/meta", self.base)).call()
            {
                return Ok(());
            }
            let exited = matches!(self.child.try_wait(), Ok(Some(_)));
            if exited || self.log_tail().contains("runtime failed to start") {
                return Err(format!(
                    "wrangler dev failed to start:\n{}",
                    self.log_tail()
                ));
            }
            std::thread::sleep(Duration::from_millis(150));
        }
        Err(format!(
            "wrangler dev did not answer in {limit:?}:\n{}",
            self.log_tail()
        ))
    }

    pub fn log_tail(&self) -> String {
        let mut s = String::new();
        if let Ok(mut f) = fs::File::open(&self.log) {
            let _ = f.read_to_string(&mut s);
        }
        let start = s.len().saturating_sub(4000);
        s[s.floor_char_boundary(start)..].to_string()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Pulls the plug: SIGKILL to wrangler and workerd at once, no shutdown of any kind. Returns
    /// the state folder, kept, so a new server can start on what was left on disk.
    pub fn crash(mut self) -> PathBuf {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
        std::mem::replace(&mut self.state, PathBuf::from("/nonexistent/ztc-crashed"))
    }

    /// Waits for the server to exit on its own (for `cargo xtask dev`).
    pub fn wait(mut self) {
        let _ = self.child.wait();
    }

    fn stop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

impl Server {
    /// CPU seconds (user + system) used so far by every process of this server's process group
    /// (wrangler and its workerd, with the local D1 inside). `None` off Linux or for a server
    /// sharing the terminal's group.
    pub fn cpu_seconds(&self) -> Option<f64> {
        const TICKS_PER_SECOND: f64 = 100.0; // USER_HZ, fixed by the Linux ABI
        let group = self.child.id().to_string();
        let mut ticks = 0u64;
        let mut seen = false;
        for entry in fs::read_dir("/proc").ok()?.flatten() {
            let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // after "pid (comm)": state ppid pgrp … utime (14th field) stime (15th)
            let Some((_, rest)) = stat.rsplit_once(')') else {
                continue;
            };
            let f: Vec<&str> = rest.split_whitespace().collect();
            if f.get(2) == Some(&group.as_str()) {
                seen = true;
                ticks += f.get(11).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0)
                    + f.get(12).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
            }
        }
        seen.then(|| ticks as f64 / TICKS_PER_SECOND)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
        if !std::thread::panicking() && std::env::var_os("ZTC_KEEP_STATE").is_none() {
            let _ = fs::remove_dir_all(&self.state);
        }
    }
}

/// This machine's clock, as the Worker reads it (for seeds that must be recent or old).
pub fn now() -> chrono::DateTime<chrono::Utc> {
    domain::time::from_millis(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or_default(),
    )
}

/// A client address of the documentation range 198.18.0.0/15 derived from `seed`.
pub fn client_for(seed: &str) -> String {
    let h = domain::text::fnv1a(domain::text::FNV_OFFSET, seed.bytes());
    format!(
        "198.{}.{}.{}",
        18 + (h & 1),
        (h >> 8) & 0xff,
        (h >> 16) & 0xff
    )
}

/// A plain HTTP answer, whatever its status.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    /// The body as sent (for binary answers: XLSX, PNG).
    pub bytes: Vec<u8>,
    pub headers: Vec<(String, String)>,
    /// The body broke off (the connection failed before the answer was whole).
    pub broken: bool,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends `method url` with the given headers and raw body; never fails on a 4xx/5xx.
pub fn send(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Answer {
    let mut req = ureq::request(method, url).timeout(Duration::from_secs(30));
    for (k, v) in headers {
        req = req.set(k, v);
    }
    let result = match body {
        Some(b) => req.send_bytes(b),
        None => req.call(),
    };
    let resp = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{method} {url}: {e}"),
    };
    let status = resp.status();
    let headers = resp
        .headers_names()
        .into_iter()
        .filter_map(|n| resp.header(&n).map(|v| (n.clone(), v.to_string())))
        .collect();
    let mut bytes = Vec::new();
    let broken = resp.into_reader().read_to_end(&mut bytes).is_err();
    Answer {
        status,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
        headers,
        broken,
    }
}

/// A valid submission (the wharf clerk of the product brief).
pub fn sample_case() -> serde_json::Value {
    serde_json::json!({
        "enterprise_name": "青岛海川进出口有限公司",
        "uscc": "91350100M000100Y43",
        "contact_name": "王丽",
        "contact_phone": "138 1234 5678",
        "port": "qianwan",
        "title": "船边直提已批准，12个集装箱仍进了堆场",
        "description": "提单号COSU6234567890，12个40尺柜已获批船边直提，卸船后仍被拖进堆场。"
    })
}

impl Server {
    /// `POST /api/cases` as one phone among many: each key comes from its own client address
    /// (derived from the key), so the per-client submission limit applies per phone, as in life.
    pub fn post_case(&self, key: &str, body: &serde_json::Value) -> Answer {
        send(
            "POST",
            &self.url("/api/cases"),
            &[
                ("content-type", "application/json"),
                ("idempotency-key", key),
                ("cf-connecting-ip", &client_for(key)),
            ],
            Some(body.to_string().as_bytes()),
        )
    }

    pub fn get(&self, path: &str) -> Answer {
        send("GET", &self.url(path), &[], None)
    }

    /// A JSON `POST` as the enterprise's phone sends it (no session).
    pub fn post_json(&self, path: &str, body: &serde_json::Value) -> Answer {
        send(
            "POST",
            &self.url(path),
            &[("content-type", "application/json")],
            Some(body.to_string().as_bytes()),
        )
    }
}

/// A logged-in staff member: the session cookie, sent with the Origin header browsers send.
pub struct Staff<'a> {
    pub server: &'a Server,
    pub cookie: String,
    pub username: String,
}

pub const DEMO_PASSWORD: &str = "harbour-2026!";

impl Server {
    /// Creates the first administrator through the bootstrap route.
    pub fn bootstrap_admin(&self) -> Answer {
        send(
            "POST",
            &self.url("/api/auth/bootstrap"),
            &[("content-type", "application/json")],
            Some(
                serde_json::json!({
                    "secret": BOOTSTRAP_SECRET, "username": "admin", "display_name": "系统管理员",
                    "password": DEMO_PASSWORD,
                })
                .to_string()
                .as_bytes(),
            ),
        )
    }

    pub fn login_answer(&self, username: &str, password: &str) -> Answer {
        send(
            "POST",
            &self.url("/api/auth/login"),
            &[("content-type", "application/json"), ("origin", &self.base)],
            Some(
                serde_json::json!({"username": username, "password": password})
                    .to_string()
                    .as_bytes(),
            ),
        )
    }

    pub fn login(&self, username: &str, password: &str) -> Staff<'_> {
        let a = self.login_answer(username, password);
        assert_eq!(a.status, 200, "login {username}: {}", a.body);
        let set = a.header("set-cookie").expect("session cookie");
        let cookie = set.split(';').next().unwrap().to_string();
        Staff {
            server: self,
            cookie,
            username: username.to_string(),
        }
    }

    /// Admin plus one account per role (handlers for customs and tax), all with `DEMO_PASSWORD`.
    pub fn with_staff(&self) -> Staff<'_> {
        let a = self.bootstrap_admin();
        assert_eq!(a.status, 201, "{}", a.body);
        let admin = self.login("admin", DEMO_PASSWORD);
        for (username, display_name, role, department) in STAFF {
            let a = admin.post(
                "/api/staff/users",
                &serde_json::json!({"username": username, "display_name": display_name, "role": role,
                    "department": department, "password": DEMO_PASSWORD}),
            );
            assert_eq!(a.status, 201, "{username}: {}", a.body);
        }
        admin
    }
}

/// Demo accounts: username, display name, role, department.
pub const STAFF: [(&str, &str, &str, Option<&str>); 5] = [
    ("desk", "刘静", "front_desk", None),
    ("customs", "张伟", "handler", Some("customs")),
    ("tax", "陈晓", "handler", Some("tax")),
    ("super", "王磊", "supervisor", None),
    ("leader", "赵明", "leader", None),
];

impl Staff<'_> {
    pub fn get(&self, path: &str) -> Answer {
        send(
            "GET",
            &self.server.url(path),
            &[("cookie", &self.cookie)],
            None,
        )
    }

    pub fn post(&self, path: &str, body: &serde_json::Value) -> Answer {
        send(
            "POST",
            &self.server.url(path),
            &[
                ("cookie", &self.cookie),
                ("origin", &self.server.base),
                ("content-type", "application/json"),
            ],
            Some(body.to_string().as_bytes()),
        )
    }

    pub fn act(&self, case_no: &str, body: serde_json::Value) -> Answer {
        self.post(&format!("/api/staff/cases/{case_no}/actions"), &body)
    }
}

/// The desk scenario of `browser/console.mjs`: staff accounts, a low-priority consult question,
/// then the wharf story. Returns the wharf case's token and number.
pub fn console_scenario(server: &Server) -> (String, String) {
    server.with_staff();
    let mut consult = sample_case();
    consult["title"] = serde_json::json!("AEO企业能享受哪些便利");
    consult["description"] =
        serde_json::json!("AEO高级认证企业在通关上具体能享受哪些便利措施，有什么政策规定");
    assert_eq!(server.post_case("console-case-0001", &consult).status, 201);
    let c = server.post_case("console-case-0002", &sample_case()).json();
    let text = |k: &str| c[k].as_str().expect(k).to_string();
    (text("token"), text("case_no"))
}

impl Staff<'_> {
    /// `POST /api/admin/import` of a JSON Lines text (an administrator's session).
    pub fn import(&self, jsonl: &str) -> Answer {
        send(
            "POST",
            &self.server.url("/api/admin/import"),
            &[
                ("cookie", &self.cookie),
                ("origin", &self.server.base),
                ("content-type", "application/x-ndjson"),
            ],
            Some(jsonl.as_bytes()),
        )
    }
}

/// The demo knowledge base shipped in `data/knowledge/demo.jsonl`.
pub fn demo_knowledge() -> String {
    fs::read_to_string(root().join("data/knowledge/demo.jsonl")).expect("demo knowledge")
}

/// What the browser walks run on: more than one page of everything a person pages through
/// (queue fifty a page, ledger, 回访 twenty a page), written as SQL so the walk starts in
/// seconds; the walk's own cases come on top, through the API.
pub const OFFICE: volume::Mix = volume::Mix {
    total: 1_200,
    open: 130,
    overdue: 8,
    days: 60,
    numbered: false,
};

/// A server on [`OFFICE`], ending now.
pub fn office() -> Server {
    Server::start_seeded(&volume::sql(&OFFICE, &domain::time::iso(now()), 0), &[])
}

/// The demo's month (and the statistics screenshot's): what a working office of Qingdao's
/// size holds after thirty days, written as SQL (`volume`), about twenty cases a day, a few
/// dozen still open and a handful overdue, deadlines met the way a real office meets them.
pub const DEMO_MONTH: volume::Mix = volume::Mix {
    total: 640,
    open: 48,
    overdue: 4,
    days: 30,
    numbered: false,
};

/// [`DEMO_MONTH`] ending now, the case ids starting above `first_id`.
pub fn demo_month_sql() -> String {
    volume::sql(&DEMO_MONTH, &domain::time::iso(now()), 0)
}
