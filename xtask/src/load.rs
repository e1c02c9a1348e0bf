//! A small closed-loop load generator for `cargo xtask bench`: N connections (one thread and one
//! keep-alive agent each) send requests back to back for a fixed time; requests/s, p50, p99 and
//! errors come out.

use std::sync::Arc;
use std::time::{Duration, Instant};

/// What one or more timed runs measured: every request's latency, the errors, the time spent.
#[derive(Default)]
pub struct Outcome {
    times: Vec<Duration>,
    pub errors: usize,
    elapsed: Duration,
}

impl Outcome {
    pub fn requests(&self) -> usize {
        self.times.len()
    }

    pub fn per_second(&self) -> f64 {
        self.times.len() as f64 / self.elapsed.as_secs_f64().max(f64::EPSILON)
    }

    /// The latency below which a share `p` of the requests finished.
    pub fn percentile(&self, p: f64) -> Duration {
        let mut times = self.times.clone();
        times.sort();
        times
            .get(((times.len().max(1) - 1) as f64 * p) as usize)
            .copied()
            .unwrap_or_default()
    }

    /// Two runs counted as one (their times and requests add up).
    pub fn add(&mut self, other: Outcome) {
        self.times.extend(other.times);
        self.errors += other.errors;
        self.elapsed += other.elapsed;
    }
}

/// `send(agent, n)` makes request `n` and returns its HTTP status (0 for no answer).
pub type Send = dyn Fn(&ureq::Agent, u64) -> u16 + std::marker::Send + Sync;

pub fn run(connections: usize, duration: Duration, send: Arc<Send>) -> Outcome {
    let started = Instant::now();
    let deadline = started + duration;
    let threads: Vec<_> = (0..connections)
        .map(|c| {
            let send = send.clone();
            std::thread::spawn(move || {
                let agent = ureq::AgentBuilder::new()
                    .timeout(Duration::from_secs(10))
                    .max_idle_connections_per_host(1)
                    .build();
                let (mut times, mut errors) = (Vec::new(), 0usize);
                let mut n = c as u64;
                while Instant::now() < deadline {
                    let t = Instant::now();
                    let status = send(&agent, n);
                    times.push(t.elapsed());
                    if !(200..300).contains(&status) {
                        errors += 1;
                    }
                    n += connections as u64;
                }
                (times, errors)
            })
        })
        .collect();
    let mut times = Vec::new();
    let mut errors = 0;
    for t in threads {
        let (t, e) = t.join().expect("load thread");
        times.extend(t);
        errors += e;
    }
    Outcome {
        times,
        errors,
        elapsed: started.elapsed(),
    }
}

/// The status of a ureq result, 0 when there was no answer.
pub fn status(r: Result<ureq::Response, ureq::Error>) -> u16 {
    match r {
        Ok(resp) => {
            let s = resp.status();
            let _ = resp.into_string();
            s
        }
        Err(ureq::Error::Status(s, resp)) => {
            let _ = resp.into_string();
            s
        }
        Err(_) => 0,
    }
}
