//! The Spark Connect engine the native tests run against: Sail (a Spark Connect server
//! written in Rust, from PyPI), installed into a virtual environment under `target/`,
//! and `protoc`, which the Spark Connect client's build needs.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{self, cmd, probe, Result};

pub const SAIL_VERSION: &str = "0.7.2";
/// How long a starting server may take to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// Installs what the engine path needs where missing: protoc (Debian's
/// protobuf-compiler) and Sail.
pub fn setup() -> Result {
    protoc()?;
    sail()
}

fn protoc() -> Result {
    if probe("protoc", &["--version"]).is_none() {
        apt(&["protobuf-compiler"])?;
    }
    let version = probe("protoc", &["--version"]).ok_or("protoc did not install")?;
    println!("ok: protoc ({version})");
    Ok(())
}

fn apt(packages: &[&str]) -> Result {
    if probe("id", &["-u"]).as_deref() != Some("0") {
        return Err(format!(
            "{} required: sudo apt-get install -y {}",
            packages.join(", "),
            packages.join(" ")
        ));
    }
    println!("installing {} …", packages.join(", "));
    util::run(&mut cmd("apt-get", &["update"]))?;
    let mut args = vec!["install", "-y"];
    args.extend(packages);
    util::run(cmd("apt-get", &args).env("DEBIAN_FRONTEND", "noninteractive"))
}

fn venv() -> PathBuf {
    util::repo_root().join("target/sail-venv")
}

/// The `sail` command of the virtual environment.
pub fn sail_bin() -> PathBuf {
    venv().join("bin/sail")
}

fn sail() -> Result {
    let bin = sail_bin();
    let installed = probe(&bin.to_string_lossy(), &["--version"]).unwrap_or_default();
    if !installed.contains(SAIL_VERSION) {
        let dir = venv();
        let dir = dir.to_string_lossy();
        // Debian's python3 has the venv module but not ensurepip without python3-venv.
        if probe("python3", &["-c", "import ensurepip, venv"]).is_none() {
            apt(&["python3-venv", "python3-pip"])?;
        }
        println!("installing Sail {SAIL_VERSION} (pysail from PyPI) into {dir} …");
        util::run(&mut cmd("python3", &["-m", "venv", &dir]))?;
        let pip = venv().join("bin/pip");
        let spec = format!("pysail=={SAIL_VERSION}");
        util::run(&mut cmd(
            &pip.to_string_lossy(),
            &["install", "--quiet", &spec],
        ))?;
    }
    let version = probe(&bin.to_string_lossy(), &["--version"]).ok_or("sail did not install")?;
    println!("ok: sail ({version})");
    Ok(())
}

/// A Sail server on a free local port, stopped when dropped.
pub struct Sail {
    child: Child,
    pub url: String,
}

impl Sail {
    pub fn start() -> Result<Sail> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port for Sail: {e}"))?
            .port();
        let log = util::repo_root().join("target/sail.log");
        let out = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let t = Instant::now();
        let port_text = port.to_string();
        let child = Command::new(sail_bin())
            .args(["spark", "server", "--ip", "127.0.0.1", "--port", &port_text])
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start {}: {e} (run `cargo xtask setup`)",
                    sail_bin().display()
                )
            })?;
        let mut sail = Sail {
            child,
            url: format!("sc://127.0.0.1:{port}"),
        };
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = sail.child.try_wait() {
                return Err(format!(
                    "Sail exited ({status}) before accepting connections; see {}",
                    log.display()
                ));
            }
            if t.elapsed() > START_TIMEOUT {
                return Err(format!(
                    "Sail did not accept connections within {START_TIMEOUT:?}; see {}",
                    log.display()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        println!(
            "engine: Sail {SAIL_VERSION} at {} (ready in {} ms)",
            sail.url,
            t.elapsed().as_millis()
        );
        Ok(sail)
    }
}

impl Drop for Sail {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        println!("engine: Sail stopped");
    }
}

/// The Python of Sail's virtual environment.
pub fn venv_python() -> PathBuf {
    venv().join("bin/python")
}

/// Installs Python packages into Sail's virtual environment (the bench's data maker).
pub fn python_packages(packages: &[&str]) -> Result {
    let pip = venv().join("bin/pip");
    let mut args = vec!["install", "--quiet"];
    args.extend(packages);
    util::run(&mut cmd(&pip.to_string_lossy(), &args))
}
