//! `moto_server` (moto's standalone server mode, <https://docs.getmoto.org/en/latest/docs/server_mode.html>)
//! on 127.0.0.1, for end-to-end tests.
//!
//! [`MotoServer::start`] spawns one server on a free port and waits until it
//! answers. [`MotoServer::shared`] gives every test of a test binary the same
//! server (moto takes 1-2 s to start), serialized by a lock and reset before
//! each test, since tests mutate its state.
//!
//! Shutdown: dropping a server sends SIGTERM and, after a short grace, SIGKILL
//! (moto with keep-alive connections open can ignore TERM). The shared server
//! lives in a static, which is never dropped, so every server also gets a
//! watchdog: a `sh` process that blocks reading a pipe from this process and
//! kills moto when the pipe closes, which the kernel does when the test
//! process exits for any reason.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use crate::http;
use crate::{HarnessError, Sandbox};

/// Overrides where `moto_server` is found.
pub const MOTO_SERVER_ENV: &str = "MOTO_SERVER";

const READY_TIMEOUT: Duration = Duration::from_secs(60);
const TERM_GRACE: Duration = Duration::from_secs(2);

/// A running `moto_server`; see the module docs.
#[derive(Debug)]
pub struct MotoServer {
    addr: SocketAddr,
    child: Mutex<Option<Child>>,
    /// Held open for the watchdog; closing it (drop or process exit) makes the
    /// watchdog kill moto.
    _watchdog: Option<ChildStdin>,
    /// Holds moto's log; removed when the server is dropped.
    _logs: Sandbox,
}

/// Exclusive use of the shared server; it was reset when acquired.
#[derive(Debug)]
pub struct MotoGuard {
    _lock: MutexGuard<'static, ()>,
    server: &'static MotoServer,
}

impl Deref for MotoGuard {
    type Target = MotoServer;
    fn deref(&self) -> &MotoServer {
        self.server
    }
}

/// Finds `moto_server`: `$MOTO_SERVER`, then the virtualenv `scripts/setup`
/// creates (`.cache/venv`), then PATH.
pub fn find_executable() -> Result<PathBuf, HarnessError> {
    if let Some(path) = std::env::var_os(MOTO_SERVER_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut searched = vec![workspace.join(".cache/venv/bin/moto_server")];
    if let Some(path) = std::env::var_os("PATH") {
        searched.extend(std::env::split_paths(&path).map(|dir| dir.join("moto_server")));
    }
    searched
        .iter()
        .find(|candidate| candidate.is_file())
        .cloned()
        .ok_or(HarnessError::MotoNotFound { searched })
}

fn free_port() -> Result<u16, HarnessError> {
    // Bind-and-release leaves a small race with other processes picking the
    // same port; moto then fails to bind and `start` reports its log.
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(HarnessError::io("finding a free port"))?;
    let port = listener
        .local_addr()
        .map_err(HarnessError::io("finding a free port"))?
        .port();
    Ok(port)
}

fn read_log(file: &mut File) -> String {
    let mut log = String::new();
    let _ = file.seek(SeekFrom::Start(0));
    let _ = file.read_to_string(&mut log);
    log
}

fn signal(pid: u32, name: &str) {
    // The shell's `kill` builtin instead of libc (the workspace denies unsafe
    // code) or kill(1) (procps is not on every minimal Debian).
    let _ = Command::new("sh")
        .args([
            "-c",
            "kill -s \"$1\" \"$2\"",
            "kill",
            name,
            &pid.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

impl MotoServer {
    /// Starts a new server on a free port and waits until it answers.
    pub fn start() -> Result<MotoServer, HarnessError> {
        MotoServer::start_with_env(&[])
    }

    /// [`MotoServer::start`] with extra environment variables for the
    /// server (e.g. `INITIAL_NO_AUTH_ACTION_COUNT`, which turns on moto's
    /// signature checks after that many requests).
    pub fn start_with_env(env: &[(&str, &str)]) -> Result<MotoServer, HarnessError> {
        let executable = find_executable()?;
        let logs = Sandbox::new()?;
        let log_path = logs.path().join("moto.log");
        let log = File::create(&log_path).map_err(HarnessError::io("creating moto's log"))?;
        let log_err = log
            .try_clone()
            .map_err(HarnessError::io("creating moto's log"))?;
        let port = free_port()?;
        let mut child = Command::new(&executable)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .map_err(HarnessError::io(format!(
                "starting {}",
                executable.display()
            )))?;
        let watchdog = Command::new("sh")
            .args([
                "-c",
                "read _; kill -TERM \"$1\" 2>/dev/null; sleep 2; kill -KILL \"$1\" 2>/dev/null; rm -rf \"$2\"",
                "moto-watchdog",
                &child.id().to_string(),
            ])
            .arg(logs.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()
            .and_then(|mut watchdog| watchdog.stdin.take());
        let server = MotoServer {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
            child: Mutex::new(None),
            _watchdog: watchdog,
            _logs: logs,
        };
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                let log = File::open(&log_path)
                    .map(|mut f| read_log(&mut f))
                    .unwrap_or_default();
                return Err(HarnessError::MotoExited {
                    status: status.to_string(),
                    log,
                });
            }
            if let Ok((status, _)) = http::send(
                server.addr,
                "GET",
                "/moto-api/data.json",
                b"",
                Duration::from_secs(2),
            ) {
                if status < 500 {
                    break;
                }
            }
            if started.elapsed() > READY_TIMEOUT {
                let _ = child.kill();
                let _ = child.wait();
                let log = File::open(&log_path)
                    .map(|mut f| read_log(&mut f))
                    .unwrap_or_default();
                return Err(HarnessError::MotoNotReady {
                    seconds: READY_TIMEOUT.as_secs(),
                    log,
                });
            }
            thread::sleep(Duration::from_millis(50));
        }
        *server
            .child
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(child);
        Ok(server)
    }

    /// The test binary's shared server (started on first use), locked for
    /// the caller and reset. Panics if moto cannot be started: every test
    /// that asks for it needs it.
    pub fn shared() -> MotoGuard {
        static SERVER: OnceLock<Result<MotoServer, String>> = OnceLock::new();
        static LOCK: Mutex<()> = Mutex::new(());
        // A test that panicked while holding the lock leaves nothing behind
        // that the reset below does not clear.
        let lock = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let server = match SERVER.get_or_init(|| MotoServer::start().map_err(|e| e.to_string())) {
            Ok(server) => server,
            Err(error) => panic!("cannot start the shared moto_server: {error}"),
        };
        if let Err(error) = server.reset() {
            panic!("cannot reset the shared moto_server: {error}");
        }
        MotoGuard {
            _lock: lock,
            server,
        }
    }

    /// `http://127.0.0.1:PORT`, for `--endpoint-url`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Clears all of moto's state (`POST /moto-api/reset`).
    pub fn reset(&self) -> Result<(), HarnessError> {
        let (status, body) = http::send(
            self.addr,
            "POST",
            "/moto-api/reset",
            b"",
            Duration::from_secs(30),
        )
        .map_err(HarnessError::io("resetting moto"))?;
        if status != 200 {
            return Err(HarnessError::BadResponse {
                what: "POST /moto-api/reset".into(),
                detail: format!("status {status}: {}", String::from_utf8_lossy(&body)),
            });
        }
        Ok(())
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let child = self
            .child
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(mut child) = child.take() else {
            return;
        };
        signal(child.id(), "TERM");
        let deadline = Instant::now() + TERM_GRACE;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpStream;

    #[test]
    fn start_reset_and_drop_stops_the_server() {
        let server = MotoServer::start().expect("moto_server must be installed (scripts/setup)");
        assert!(server.endpoint().starts_with("http://127.0.0.1:"));
        server.reset().unwrap();
        let addr = server.addr();
        drop(server);
        assert!(
            TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err(),
            "moto still listening after drop"
        );
    }

    #[test]
    fn shared_server_is_reused_and_reset() {
        let first = MotoServer::shared().addr();
        let second = MotoServer::shared().addr();
        assert_eq!(first, second);
    }
}
