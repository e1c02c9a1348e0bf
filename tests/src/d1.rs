//! The local D1 as files: wrangler with this machine's environment, migrations, seed SQL and
//! one-row queries, backups and restores, and the migrated template every test copies.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{free_port, root};

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

/// The first row `sql` (one SELECT) answers in the local D1 in `state`, as JSON. It may run
/// while the server does (`tests/privacy.rs` reads what the sweep changed).
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
pub(crate) fn migrated_template() -> Result<PathBuf, String> {
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
