//! A sandbox for the `configure` tests: a temporary HOME holding `.aws/config` and
//! `.aws/credentials`, an environment pointing at it, and captured stdout/stderr.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::CliError;
use crate::globals::GlobalArgs;

pub(super) struct Sandbox {
    home: PathBuf,
    env: HashMap<String, String>,
    pub globals: GlobalArgs,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl Sandbox {
    pub fn new(name: &str) -> Self {
        let home =
            std::env::temp_dir().join(format!("awscli-configure-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(&home).expect("temp dir is writable");
        let mut env = HashMap::new();
        env.insert("HOME".to_string(), home.display().to_string());
        Sandbox {
            home,
            env,
            globals: GlobalArgs::default(),
            stdout: Vec::new(),
            stderr: Vec::new(),
        }
    }

    pub fn home(&self) -> &Path {
        &self.home
    }

    pub fn env(&mut self, name: &str, value: &str) {
        self.env.insert(name.to_string(), value.to_string());
    }

    pub fn profile(&mut self, profile: &str) {
        self.globals.profile = Some(profile.to_string());
    }

    fn write(&self, name: &str, text: &str) {
        let dir = self.home.join(".aws");
        std::fs::create_dir_all(&dir).expect("temp dir is writable");
        std::fs::write(dir.join(name), text).expect("temp file is writable");
    }

    pub fn config(&self, text: &str) {
        self.write("config", text);
    }

    pub fn credentials(&self, text: &str) {
        self.write("credentials", text);
    }

    pub fn read_config(&self) -> String {
        std::fs::read_to_string(self.home.join(".aws/config")).unwrap_or_default()
    }

    pub fn read_credentials(&self) -> String {
        std::fs::read_to_string(self.home.join(".aws/credentials")).unwrap_or_default()
    }

    #[cfg(unix)]
    pub fn mode(&self, name: &str) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(self.home.join(".aws").join(name))
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0)
    }

    /// Runs `aws configure <words>` with `input` on stdin; stdout and stderr of this run are
    /// kept for [`Sandbox::stdout`] and [`Sandbox::stderr`].
    pub fn run(&mut self, words: &[&str], input: &str) -> Result<u8, CliError> {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        self.stdout.clear();
        self.stderr.clear();
        let mut stdin = std::io::Cursor::new(input.as_bytes().to_vec());
        super::run(
            &words,
            &self.globals,
            &self.env,
            &mut stdin,
            &mut self.stdout,
            &mut self.stderr,
        )
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.home);
    }
}
