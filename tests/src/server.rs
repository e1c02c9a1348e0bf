//! One `wrangler dev` (workerd + local D1 + KV) on a free loopback port, with its own state
//! folder, in its own process group, stopped as a group.

use std::fs;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::d1::{copy_dir, execute, migrated_template, wrangler};
use crate::{free_port, root};

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
        server.wait_ready(Duration::from_secs(90), config.is_none())?;
        Ok(server)
    }

    /// Waits for the first HTTP answer on the port. With `ours`, the answer must carry the
    /// Worker's own security header: a port picked free can be bound by another test's wrangler
    /// or inspector first, and its answer (a 501 "Unsupported Operation") is not this server's.
    fn wait_ready(&mut self, limit: Duration, ours: bool) -> Result<(), String> {
        let started = Instant::now();
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(2))
            .build();
        while started.elapsed() < limit {
            // any HTTP answer means it serves (the bench's baseline has no /api/meta)
            let answer = match agent.get(&format!("{}/api/meta", self.base)).call() {
                Ok(r) | Err(ureq::Error::Status(_, r)) => Some(r),
                Err(_) => None,
            };
            if let Some(r) = answer {
                if !ours || r.header("x-content-type-options").is_some() {
                    return Ok(());
                }
                return Err(format!(
                    "port {} answered by another process ({} {})",
                    self.port,
                    r.status(),
                    r.status_text()
                ));
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
