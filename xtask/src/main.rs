//! Project automation: `cargo xtask <command>` (the alias is in .cargo/config.toml).

mod bench;
mod bench_engine;
mod dist;
mod engine;
mod scorecard;
mod serve;
mod setup;
mod single_file;
mod test;
mod util;

use std::process::ExitCode;

use test::Step;
use util::Result;

const HELP: &str = "\
Usage: cargo xtask <command> [options]

Commands:
  setup               check the tools and install what is missing (idempotent);
                      serve, test and bench run it first
  test                run every check, in order, stopping at the first failure:
                        setup, fmt, clippy, test, clippy-wasm, test-wasm, build, e2e
                      (clippy lints as it builds the tests the next step runs)
                      (this is what CI runs)
    --only STEP[,STEP...]
                      run only these steps (after setup), e.g. --only e2e
  serve [--port N]    serve the release app at http://127.0.0.1:N/ (default 8080),
                      rebuilding on change
  dist [--single-file]
                      build the app as it ships into target/site/: link-time
                      optimised, wasm-opt, with .br and .gz copies of every file;
                      --single-file also writes target/site/segwork.html, the
                      whole app in one file that works from file:// offline
  bench               time the analysis natively and in headless Chromium on
                      ../shared/data/online_retail.xlsx, and print the wasm sizes
    --engine          instead: time cleaning and features on Sail (Spark Connect)
                      and in the core on 1M, 10M and 50M synthetic line items
  help                print this help
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nerror: {message}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: &[String]) -> Result {
    if args.iter().any(|arg| arg == "--help" || arg == "-h") {
        print!("{HELP}");
        return Ok(());
    }
    let Some((command, options)) = args.split_first() else {
        print!("{HELP}");
        return Err("no command given".into());
    };
    let options = parse_options(options)?;
    let allow = |known: &[&str]| match options.iter().find(|(k, _)| !known.contains(&k.as_str())) {
        Some((key, _)) => Err(format!("`{command}` has no option --{key}\n\n{HELP}")),
        None => Ok(()),
    };
    match command.as_str() {
        "setup" => allow(&[]).and_then(|()| setup::run()),
        // Run by `cargo xtask test` in the background; not for people (not in HELP).
        "setup-tools" => allow(&[]).and_then(|()| setup::tools()),
        "test" => {
            allow(&["only"])?;
            let mut only = Vec::new();
            for name in options.iter().flat_map(|(_, value)| value.split(',')) {
                only.push(Step::parse(name.trim()).ok_or_else(|| unknown_step(name))?);
            }
            test::run(&only)
        }
        "serve" => {
            allow(&["port"])?;
            let port = match options.last() {
                Some((_, value)) => value
                    .parse()
                    .map_err(|_| format!("--port wants a port number, got `{value}`"))?,
                None => serve::DEFAULT_PORT,
            };
            serve::run(port)
        }
        "dist" => {
            allow(&["single-file"])?;
            dist::run(!options.is_empty())
        }
        "bench" => {
            allow(&["engine"])?;
            if options.is_empty() {
                bench::run()
            } else {
                bench_engine::run()
            }
        }
        "help" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{HELP}")),
    }
}

/// Options that are switches, with no value.
const SWITCHES: [&str; 2] = ["single-file", "engine"];

/// `--key value` and `--key=value` pairs, and the [`SWITCHES`] alone (value "true").
fn parse_options(args: &[String]) -> Result<Vec<(String, String)>> {
    let mut options = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let Some(flag) = arg.strip_prefix("--") else {
            return Err(format!("unexpected argument `{arg}`\n\n{HELP}"));
        };
        let (key, value) = match flag.split_once('=') {
            None if SWITCHES.contains(&flag) => (flag.to_string(), "true".to_string()),
            Some((key, value)) => (key.to_string(), value.to_string()),
            None => {
                let value = rest.next().ok_or(format!("--{flag} needs a value"))?;
                (flag.to_string(), value.clone())
            }
        };
        options.push((key, value));
    }
    Ok(options)
}

fn unknown_step(name: &str) -> String {
    let names: Vec<&str> = Step::ALL.iter().map(|step| step.name()).collect();
    format!("unknown step `{name}`; the steps are: {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|arg| arg.to_string()).collect()
    }

    #[test]
    fn options_take_values_in_both_spellings() {
        let parsed = parse_options(&strings(&[
            "--only",
            "fmt,e2e",
            "--single-file",
            "--port=9000",
        ]))
        .unwrap();
        let expected = [
            ("only", "fmt,e2e"),
            ("single-file", "true"),
            ("port", "9000"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(parsed, expected);
        assert!(parse_options(&strings(&["--only"])).is_err());
        assert!(parse_options(&strings(&["e2e"])).is_err());
    }

    #[test]
    fn unknown_options_and_steps_are_errors() {
        assert!(dispatch(&strings(&["test", "--only", "nope"]))
            .unwrap_err()
            .contains("unknown step `nope`"));
        assert!(dispatch(&strings(&["bench", "--runs", "3"]))
            .unwrap_err()
            .contains("`bench` has no option --runs"));
        assert!(dispatch(&strings(&["serve", "--port", "x"])).is_err());
    }
}
