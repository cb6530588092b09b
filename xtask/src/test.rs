//! `cargo xtask test`: every check a reviewer would run, in one command (this is what CI
//! runs). Steps run in order and stop at the first failure; a summary with durations ends
//! the output either way. Clippy lints the crates as the test builds compile them
//! (`lint.rs`), so each target's dependencies are compiled once.

use std::fs;
use std::time::{Duration, Instant};

use crate::setup::{self, CHROMEDRIVER};
use crate::util::{self, cmd, cmd_line, trunk, Result};
use crate::{dist, single_file};

mod digest;
mod lint;
mod tools;

use lint::linted;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Setup,
    Fmt,
    Clippy,
    ClippyWasm,
    Test,
    TestWasm,
    Build,
    E2e,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Setup,
        Step::Fmt,
        Step::Clippy,
        Step::Test,
        Step::ClippyWasm,
        Step::TestWasm,
        Step::Build,
        Step::E2e,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Step::Setup => "setup",
            Step::Fmt => "fmt",
            Step::Clippy => "clippy",
            Step::ClippyWasm => "clippy-wasm",
            Step::Test => "test",
            Step::TestWasm => "test-wasm",
            Step::Build => "build",
            Step::E2e => "e2e",
        }
    }

    pub fn about(self) -> &'static str {
        match self {
            Step::Setup => "check and install the tools",
            Step::Fmt => "formatting (cargo fmt --check)",
            Step::Clippy => "clippy on the whole workspace, native, building its tests",
            Step::ClippyWasm => "clippy on core and app for wasm32, building their tests",
            Step::Test => "native tests (with a Sail server for the engine tests)",
            Step::TestWasm => "core and app tests in headless Chromium",
            Step::Build => "build the app with trunk into dist/ (linted), and dist/segwork.html",
            Step::E2e => "end-to-end tests (node --test tests/e2e)",
        }
    }

    pub fn parse(name: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|step| step.name() == name)
    }

    /// Whether the step needs the tools set-up installs in the background.
    fn needs_tools(self) -> bool {
        matches!(self, Step::TestWasm | Step::Build | Step::E2e)
    }

    fn run(self) -> Result {
        match self {
            Step::Setup => setup::first(),
            Step::Fmt => util::run(&mut cmd_line("cargo fmt --all -- --check")),
            Step::Clippy => digest::run(&mut linted(cmd_line(&format!(
                "{NATIVE} --all-targets --no-run"
            )))?),
            Step::ClippyWasm => digest::run(&mut linted(cmd_line(&format!(
                "{WASM} --all-targets --no-run"
            )))?),
            Step::Test => native_tests(),
            Step::TestWasm => test_wasm(),
            Step::Build => build(),
            Step::E2e => e2e(),
        }
    }
}

/// The native tests: the whole workspace, the app's platform-independent logic included.
/// The `clippy` step builds them (`--all-targets`), the `test` step runs them.
const NATIVE: &str = "cargo test --workspace";

/// The core's tests and the app's view logic for wasm32, in one invocation: two would
/// resolve the dependencies' features apart and build polars twice. The app's binaries
/// have no tests of their own.
const WASM: &str = "cargo test -p segwork-core -p segwork-app --target wasm32-unknown-unknown";

/// The native tests, with a Sail server started for the engine tests and stopped after.
fn native_tests() -> Result {
    let sail = crate::engine::Sail::start()?;
    let mut command = linted(cmd_line(NATIVE))?;
    command.env("SEGWORK_ENGINE", &sail.url);
    digest::run(&mut command)
}

/// What core/webdriver.json must hold: wasm-bindgen-test-runner passes these flags to
/// Chromium. Without --no-sandbox Chromium does not start as root; without the
/// background-networking flags it tries to reach Google hosts.
const WEBDRIVER_JSON: &str = r#"{"goog:chromeOptions": {"args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]}}"#;

fn test_wasm() -> Result {
    // The runner reads webdriver.json from the directory the test runs in: the crate's.
    for krate in ["core", "app"] {
        if !util::repo_root()
            .join(krate)
            .join("webdriver.json")
            .is_file()
        {
            return Err(format!(
                "{krate}/webdriver.json is missing; the browser test runner needs it for \
                 Chromium's flags. It should contain:\n{WEBDRIVER_JSON}"
            ));
        }
    }
    let mut command = linted(cmd_line(WASM))?;
    command
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("WASM_BINDGEN_TEST_TIMEOUT", "600");
    // The browser, its driver and the runner between them can fail with no test failing
    // (a session not created, a page that stops answering): that gets one more try, said
    // in the log. A test that fails is never retried.
    match digest::run_reporting(&mut command) {
        Err(first) if !first.test_failed => {
            println!(
                "\nnote: the browser tests stopped with no test failing; running them once more. \
                 The first attempt:\n  {}\n",
                first.message
            );
            digest::run(&mut command)
        }
        outcome => outcome.map_err(|failed| failed.message),
    }
}

/// The debug app in `dist/`, and the same packed into one file for the end-to-end test of
/// the single-file page (`cargo xtask dist --single-file` packs the release build).
fn build() -> Result {
    digest::run(&mut linted(trunk("build --offline --dist dist"))?)?;
    let dist = util::repo_root().join("dist");
    let html = single_file::pack(&dist)?;
    let path = dist.join(dist::SINGLE_FILE);
    fs::write(&path, html).map_err(|e| format!("{}: {e}", path.display()))
}

fn e2e() -> Result {
    let root = util::repo_root();
    let dist = root.join("dist");
    if !dist.join("index.html").is_file() {
        println!("note: dist/ has no built app; tests of the app need the `build` step first");
    }
    let mut files: Vec<String> = fs::read_dir(root.join("tests/e2e"))
        .map_err(|err| format!("cannot read tests/e2e: {err}"))?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".test.mjs"))
        .map(|name| format!("tests/e2e/{name}"))
        .collect();
    if files.is_empty() {
        return Err("no tests/e2e/*.test.mjs files found".into());
    }
    files.sort();
    // Files rather than the directory: node 21+ reads arguments of --test as globs.
    let mut args = vec!["--test", "--test-reporter=spec"];
    args.extend(files.iter().map(String::as_str));
    let mut command = cmd("node", &args);
    command.env("SEGWORK_DIST", &dist);
    if let Some(data) = util::shared_data_dir() {
        command.env("SEGWORK_SHARED_DATA", data);
    }
    digest::run(&mut command)
}

/// Runs `steps` (setup always first) and prints the summary. The slow part of set-up
/// (building trunk and wasm-bindgen on a fresh machine, Chromium, npm packages) runs in
/// the background from the start, and the first step that needs its tools waits for it.
pub fn run(only: &[Step]) -> Result {
    let steps: Vec<Step> = Step::ALL
        .into_iter()
        .filter(|step| only.is_empty() || *step == Step::Setup || only.contains(step))
        .collect();
    let started = Instant::now();
    let mut finished: Vec<(Step, Duration, bool)> = Vec::new();
    let mut tools: Option<tools::Background> = None;
    let mut background: Option<(Duration, Duration, bool)> = None;
    for (index, step) in steps.iter().enumerate() {
        if step.needs_tools() {
            if let Some(job) = tools.take() {
                let (outcome, took, waited) = job.finish();
                background = Some((took, waited, outcome.is_ok()));
                if let Err(message) = outcome {
                    summary(&steps, &finished, background, started);
                    return Err(format!(
                        "`cargo xtask test` stopped: set-up failed:\n  {message}"
                    ));
                }
            }
        }
        println!(
            "\n==== [{}/{}] {}: {}",
            index + 1,
            steps.len(),
            step.name(),
            step.about()
        );
        let start = Instant::now();
        let mut outcome = step.run();
        if *step == Step::Setup && outcome.is_ok() {
            match tools::Background::start() {
                Ok(job) => tools = Some(job),
                Err(message) => outcome = Err(message),
            }
        }
        finished.push((*step, start.elapsed(), outcome.is_ok()));
        if let Err(message) = outcome {
            summary(&steps, &finished, background, started);
            return Err(format!(
                "`cargo xtask test` stopped: step `{}` ({}) failed:\n  {message}",
                step.name(),
                step.about()
            ));
        }
    }
    if let Some(job) = tools.take() {
        let (outcome, took, waited) = job.finish();
        background = Some((took, waited, outcome.is_ok()));
        outcome?;
    }
    summary(&steps, &finished, background, started);
    full_data_notice();
    println!("all {} steps passed", steps.len());
    Ok(())
}

/// Says loudly when the tests on the full data set could not run.
fn full_data_notice() {
    let full = util::shared_data_dir().map(|d| d.join("online_retail.xlsx"));
    if !full.is_some_and(|f| f.is_file()) {
        println!(
            "\nNOTE: ../shared/data/online_retail.xlsx is absent: the reference-figure tests on \
             the full data set (native, browser and end-to-end) were SKIPPED."
        );
    }
}

/// The steps' times, the background set-up's (how long it took, and how long the steps
/// waited for it), and the total by the clock.
fn summary(
    steps: &[Step],
    finished: &[(Step, Duration, bool)],
    background: Option<(Duration, Duration, bool)>,
    started: Instant,
) {
    println!("\n==== summary");
    for step in steps {
        let (status, time) = match finished.iter().find(|(done, ..)| done == step) {
            Some((_, time, true)) => ("ok", format!("{:>7.1} s", time.as_secs_f64())),
            Some((_, time, false)) => ("FAILED", format!("{:>7.1} s", time.as_secs_f64())),
            None => ("skipped", String::new()),
        };
        let line = format!("  {status:<8} {:<12} {time}", step.name());
        println!("{}", line.trim_end());
        if *step == Step::Setup {
            if let Some((took, waited, ok)) = background {
                println!(
                    "  {:<8} {:<12} {:>7.1} s in the background; the steps waited {:.1} s for it",
                    if ok { "ok" } else { "FAILED" },
                    "tools",
                    took.as_secs_f64(),
                    waited.as_secs_f64()
                );
            }
        }
    }
    println!(
        "  total    {:<12} {:>7.1} s by the clock",
        "",
        started.elapsed().as_secs_f64()
    );
}
