//! Running external commands. Every command line is echoed before it runs, so a log shows
//! exactly what to paste to reproduce a step, and every failure names the command and how
//! it failed.

use std::env;
use std::ffi::OsString;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

/// Errors are messages for the person at the terminal; there is nothing to recover.
pub type Result<T = ()> = std::result::Result<T, String>;

/// The repository root: the parent of `xtask/`.
///
/// `cargo run` (behind the `cargo xtask` alias) gives the running binary the manifest
/// directory of the checkout it was invoked in; that is used first. The directory baked in
/// at compile time is only a fallback: with a target directory shared between checkouts,
/// the binary may have been compiled in another one.
pub fn repo_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .map_or_else(|| manifest_dir.clone(), Path::to_path_buf)
}

/// `../shared/data` beside the repository, when this machine has it.
pub fn shared_data_dir() -> Option<PathBuf> {
    repo_root().join("../shared/data").canonicalize().ok()
}

/// A command that runs in the repository root with the project's tool directories first
/// on PATH: `tests/node_modules/.bin` (binaryen's wasm-opt, which trunk must find before
/// any system one) and cargo's install directory (wasm-bindgen, trunk).
pub fn cmd(program: &str, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command.args(args).current_dir(repo_root());
    if let Some(path) = tool_path() {
        command.env("PATH", path);
    }
    command
}

/// `cmd` for a command line whose words contain no spaces: `cmd_line("cargo fmt --all")`.
pub fn cmd_line(line: &str) -> Command {
    let mut words = line.split_whitespace();
    let program = words.next().unwrap_or_default();
    let args: Vec<&str> = words.collect();
    cmd(program, &args)
}

/// `trunk ARGS` (words without spaces), told to make no network requests.
pub fn trunk(args: &str) -> Command {
    let mut command = cmd_line(&format!("trunk {args}"));
    command.env("TRUNK_OFFLINE", "true");
    command
}

fn tool_path() -> Option<OsString> {
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    let mut dirs = vec![repo_root().join("tests/node_modules/.bin")];
    dirs.extend(cargo_home.map(|home| home.join("bin")));
    dirs.extend(env::var_os("PATH").iter().flat_map(env::split_paths));
    env::join_paths(dirs).ok()
}

/// Runs a command with inherited stdout/stderr; fails unless it exits with status 0.
pub fn run(command: &mut Command) -> Result {
    let line = describe(command);
    println!("$ {line}");
    let status = command.status().map_err(|err| spawn_error(&line, &err))?;
    check(&line, status)
}

/// Runs a command quietly and returns its trimmed stdout, or `None` if the program is
/// missing or fails. For tool and version checks.
pub fn probe(program: &str, args: &[&str]) -> Option<String> {
    let output = cmd(program, args).stdin(Stdio::null()).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

pub fn check(line: &str, status: ExitStatus) -> Result {
    match status.code() {
        Some(0) => Ok(()),
        Some(code) => Err(format!("command failed with exit code {code}: {line}")),
        None => Err(format!("command was killed by a signal ({status}): {line}")),
    }
}

pub fn spawn_error(line: &str, err: &std::io::Error) -> String {
    if err.kind() == ErrorKind::NotFound {
        format!("program not found on PATH (try `cargo xtask setup`): {line}")
    } else {
        format!("could not start `{line}`: {err}")
    }
}

/// The command as a shell line: changed environment variables, program, quoted arguments,
/// and the directory when it is not the repository root.
pub fn describe(command: &Command) -> String {
    let mut words: Vec<String> = command
        .get_envs()
        .filter(|(key, _)| *key != "PATH")
        .map(|(key, value)| {
            let value = value.map(|v| v.to_string_lossy()).unwrap_or_default();
            format!("{}={}", key.to_string_lossy(), quote(&value))
        })
        .collect();
    words.push(quote(&command.get_program().to_string_lossy()));
    words.extend(command.get_args().map(|arg| quote(&arg.to_string_lossy())));
    let line = words.join(" ");
    match command.get_current_dir() {
        Some(dir) if dir != repo_root() => format!("(cd {} && {line})", dir.display()),
        _ => line,
    }
}

fn quote(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Where a file's text contains `"key": "value"`, the value (enough JSON for the
/// `version` field of an npm package.json).
pub fn json_string_field(text: &str, key: &str) -> Option<String> {
    let after_key = &text[text.find(&format!("\"{key}\""))? + key.len() + 2..];
    let after_colon = after_key.trim_start().strip_prefix(':')?.trim_start();
    let value = after_colon.strip_prefix('"')?;
    Some(value[..value.find('"')?].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_shows_env_quotes_and_directory() {
        let mut command = cmd("node", &["--test", "tests/e2e/a b.test.mjs", "it's"]);
        command.env("SEGWORK_DIST", "/x/dist").current_dir("/tmp");
        assert_eq!(
            describe(&command),
            r"(cd /tmp && SEGWORK_DIST=/x/dist node --test 'tests/e2e/a b.test.mjs' 'it'\''s')"
        );
        assert_eq!(describe(&cmd("cargo", &["fmt", ""])), "cargo fmt ''");
    }

    #[test]
    fn run_reports_exit_code_and_missing_programs() {
        let err = run(&mut cmd("sh", &["-c", "exit 3"])).unwrap_err();
        assert_eq!(err, "command failed with exit code 3: sh -c 'exit 3'");
        let err = run(&mut cmd("segwork-no-such-program", &[])).unwrap_err();
        assert!(err.starts_with("program not found on PATH"), "{err}");
    }

    #[test]
    fn probe_returns_trimmed_stdout_or_none() {
        assert_eq!(probe("echo", &["  1.2.3  "]).as_deref(), Some("1.2.3"));
        assert_eq!(probe("false", &[]), None);
        assert_eq!(probe("segwork-no-such-program", &[]), None);
    }

    #[test]
    fn json_string_field_reads_versions() {
        let text = "{\n  \"name\": \"playwright-core\",\n  \"version\" : \"1.65.1\"\n}";
        assert_eq!(
            json_string_field(text, "version").as_deref(),
            Some("1.65.1")
        );
        assert_eq!(json_string_field(text, "license"), None);
    }
}
