//! Running a test command while keeping what a failure looks like: which tests failed, the
//! panic messages, the runners' errors. A CI log is often read from its end, and the lines
//! that say why a step failed are far above the summary; the step's error repeats them.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use crate::util::{self, Result};

/// At most this many lines are repeated: enough for several failures, short enough to
/// stay beside the summary.
const MAX_LINES: usize = 24;

/// Lines after a panic's location that carry its message.
const AFTER_PANIC: usize = 2;

/// The lines worth repeating, in the order they came.
#[derive(Debug, Default)]
pub struct Digest {
    lines: Vec<String>,
    /// How many lines after the last panic still belong to its message.
    pending: usize,
    dropped: usize,
    /// Whether a test failed (as opposed to a compiler, a runner or a driver).
    test_failed: bool,
}

impl Digest {
    /// Looks at one line of output.
    pub fn feed(&mut self, line: &str) {
        let line = line.trim_end();
        if self.pending > 0 {
            self.pending -= 1;
            if !line.trim().is_empty() {
                self.keep(line);
            }
            return;
        }
        if is_panic(line) {
            self.pending = AFTER_PANIC;
        }
        self.test_failed |= is_panic(line) || is_test_failure(line);
        if is_panic(line) || is_failure(line) {
            self.keep(line);
        }
    }

    fn keep(&mut self, line: &str) {
        if self.lines.len() < MAX_LINES {
            self.lines.push(line.to_string());
        } else {
            self.dropped += 1;
        }
    }

    /// The kept lines as a block to append to an error message (empty if none).
    pub fn render(&self) -> String {
        if self.lines.is_empty() {
            return String::new();
        }
        let mut text = String::from("\n  what the output said of the failure:");
        for line in &self.lines {
            text.push_str("\n    ");
            text.push_str(line.trim());
        }
        if self.dropped > 0 {
            text.push_str(&format!("\n    ... and {} more such lines", self.dropped));
        }
        text
    }
}

fn is_panic(line: &str) -> bool {
    line.contains("panicked at")
}

/// Lines by which cargo's test harness, wasm-bindgen-test (`… FAIL`) and `node --test`
/// say a test failed.
fn is_test_failure(line: &str) -> bool {
    let trimmed = line.trim_start();
    (trimmed.starts_with("test ") && (trimmed.ends_with("FAILED") || trimmed.ends_with("FAIL")))
        || trimmed.starts_with("test result: FAILED")
        || trimmed.starts_with("✖ ")
        || trimmed.starts_with("not ok ")
        || trimmed.starts_with("AssertionError")
}

/// Lines by which a test, wasm-bindgen-test-runner, rustc or trunk say something failed.
fn is_failure(line: &str) -> bool {
    let trimmed = line.trim_start();
    is_test_failure(line)
        || trimmed.starts_with("error[")
        || trimmed.starts_with("error:")
        || trimmed.starts_with("Error:")
        || trimmed.starts_with("Error ")
        || trimmed.starts_with("Failed to detect")
}

/// A command that failed: the error with the digest of its output, and whether a test
/// failed or something around the tests (the compiler, a test runner, a browser driver).
#[derive(Debug)]
pub struct Failed {
    pub message: String,
    pub test_failed: bool,
}

/// Runs `command` as `util::run` does, echoing its output as it comes, and on failure adds
/// the digest of its output to the error.
pub fn run(command: &mut Command) -> Result {
    run_reporting(command).map_err(|failed| failed.message)
}

/// [`run`], saying whether a failure was a test's.
pub fn run_reporting(command: &mut Command) -> std::result::Result<(), Failed> {
    let failed = |message| Failed {
        message,
        test_failed: false,
    };
    let line = util::describe(command);
    println!("$ {line}");
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| failed(util::spawn_error(&line, &err)))?;
    let digest = Arc::new(Mutex::new(Digest::default()));
    let readers = [
        child
            .stdout
            .take()
            .map(|out| echo(out, false, Arc::clone(&digest))),
        child
            .stderr
            .take()
            .map(|err| echo(err, true, Arc::clone(&digest))),
    ];
    let status = child
        .wait()
        .map_err(|err| failed(format!("`{line}`: {err}")));
    // A process the command started and left running (a browser, a driver) may hold the
    // pipes open: wait a little for the last lines, not for it.
    let readers: Vec<_> = readers.into_iter().flatten().collect();
    for _ in 0..50 {
        if readers.iter().all(|reader| reader.is_finished()) {
            break;
        }
        thread::sleep(Duration::from_millis(100));
    }
    let outcome = util::check(&line, status?);
    let (rendered, test_failed) = digest
        .lock()
        .map(|d| (d.render(), d.test_failed))
        .unwrap_or_default();
    outcome.map_err(|message| Failed {
        message: message + &rendered,
        test_failed,
    })
}

/// Copies a stream line by line to ours, feeding the digest.
fn echo(
    stream: impl Read + Send + 'static,
    to_stderr: bool,
    digest: Arc<Mutex<Digest>>,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut buf = Vec::new();
        while matches!(reader.read_until(b'\n', &mut buf), Ok(n) if n > 0) {
            // print! rather than writing to the streams: a test's harness captures it.
            let text = String::from_utf8_lossy(&buf);
            if to_stderr {
                eprint!("{text}");
            } else {
                print!("{text}");
            }
            if let Ok(mut d) = digest.lock() {
                d.feed(&text);
            }
            buf.clear();
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest_of(text: &str) -> String {
        let mut digest = Digest::default();
        text.lines().for_each(|line| digest.feed(line));
        digest.render()
    }

    #[test]
    fn keeps_failed_tests_and_panic_messages() {
        let out = "running 2 tests\ntest a ... ok\ntest b ... FAILED\n\nfailures:\n\n\
                   ---- b stdout ----\n\nthread 'b' panicked at core/tests/x.rs:3:5:\n\
                   assertion `left == right` failed\n  left: 1\n right: 2\nnote: backtrace\n\
                   test result: FAILED. 1 passed; 1 failed\nError: some tests failed\n";
        assert_eq!(
            digest_of(out),
            "\n  what the output said of the failure:\n    test b ... FAILED\n    \
             thread 'b' panicked at core/tests/x.rs:3:5:\n    \
             assertion `left == right` failed\n    left: 1\n    \
             test result: FAILED. 1 passed; 1 failed\n    Error: some tests failed"
        );
    }

    #[test]
    fn a_browser_test_failure_is_a_test_failure() {
        // wasm-bindgen-test's own words for a failed test.
        let mut digest = Digest::default();
        digest.feed("test fingerprint ... FAIL");
        assert!(digest.test_failed);
        let mut digest = Digest::default();
        digest.feed("test result: FAILED. 5 passed; 1 failed; 0 ignored");
        assert!(digest.test_failed);
        let mut digest = Digest::default();
        digest.feed("Error: failed to create a chrome session");
        assert!(!digest.test_failed && !digest.render().is_empty());
    }

    #[test]
    fn keeps_compiler_and_node_failures_and_nothing_from_a_clean_run() {
        let out = "error[E0308]: mismatched types\n  --> a.rs:1:1\n✖ drops a file (12ms)\n\
                   not ok 3 - drops a file\n";
        assert_eq!(
            digest_of(out),
            "\n  what the output said of the failure:\n    error[E0308]: mismatched types\n    \
             ✖ drops a file (12ms)\n    not ok 3 - drops a file"
        );
        assert_eq!(digest_of("test a ... ok\ntest result: ok.\n✔ fine\n"), "");
    }

    #[test]
    fn stops_after_enough_lines() {
        let out = "test t ... FAILED\n".repeat(MAX_LINES + 5);
        assert!(digest_of(&out).ends_with("... and 5 more such lines"));
    }

    #[test]
    fn run_adds_the_digest_to_the_error() {
        let mut command = util::cmd("sh", &["-c", "echo 'test x ... FAILED'; exit 1"]);
        let err = run(&mut command).unwrap_err();
        assert!(err.starts_with("command failed with exit code 1"), "{err}");
        assert!(err.ends_with("\n    test x ... FAILED"), "{err}");
        assert!(run(&mut util::cmd("true", &[])).is_ok());
        let runner = "echo 'Error: failed to create a chrome session'; exit 1";
        let failed = run_reporting(&mut util::cmd("sh", &["-c", runner])).unwrap_err();
        assert!(!failed.test_failed, "{failed:?}");
        let test = "echo 'test y ... FAILED'; exit 101";
        assert!(
            run_reporting(&mut util::cmd("sh", &["-c", test]))
                .unwrap_err()
                .test_failed
        );
    }
}
