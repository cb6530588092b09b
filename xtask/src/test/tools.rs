//! The slow part of set-up, run as `cargo xtask setup-tools` in a child process beside the
//! first steps of `cargo xtask test`, its output kept in target/setup-tools.log and printed
//! when a step first needs the tools.

use std::fs::{self, File};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::util::{self, Result};

/// The set-up running in the background.
pub struct Background {
    child: Child,
    log: PathBuf,
    started: SystemTime,
}

impl Background {
    pub fn start() -> Result<Self> {
        let log = util::repo_root().join("target/setup-tools.log");
        let dir = log.parent().ok_or("no target directory")?;
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let file = File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = file
            .try_clone()
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let exe = std::env::current_exe().map_err(|e| format!("xtask's own path: {e}"))?;
        let child = Command::new(exe)
            .arg("setup-tools")
            .current_dir(util::repo_root())
            .stdin(Stdio::null())
            .stdout(file)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot start the background set-up: {e}"))?;
        println!(
            "the browser steps' tools (wasm-bindgen, trunk, npm packages, Chromium) \
             are checked and installed in the background meanwhile; log: {}",
            log.display()
        );
        Ok(Self {
            child,
            log,
            started: SystemTime::now(),
        })
    }

    /// Waits for the set-up and prints its log: its outcome, how long it took and how
    /// long this wait was.
    pub fn finish(mut self) -> (Result, Duration, Duration) {
        let waiting = Instant::now();
        let status = self.child.wait();
        let waited = waiting.elapsed();
        let took = self.took();
        println!(
            "\n==== set-up of the tools (background, {:.1} s; waited {:.1} s for it)",
            took.as_secs_f64(),
            waited.as_secs_f64()
        );
        print!("{}", fs::read_to_string(&self.log).unwrap_or_default());
        let outcome = match status {
            Ok(s) if s.success() => Ok(()),
            Ok(s) => Err(format!(
                "installing the tools failed ({s}); see the log above ({})",
                self.log.display()
            )),
            Err(e) => Err(format!("the background set-up was lost: {e}")),
        };
        (outcome, took, waited)
    }

    /// How long the set-up ran: until its log was last written (its last line is written
    /// as it ends), not until a step first waited for it.
    fn took(&self) -> Duration {
        let ended = fs::metadata(&self.log).and_then(|meta| meta.modified());
        ended
            .ok()
            .and_then(|ended| ended.duration_since(self.started).ok())
            .or_else(|| self.started.elapsed().ok())
            .unwrap_or_default()
    }
}

impl Drop for Background {
    /// A run that stops early does not leave the set-up running.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
