//! The kubeconfig file `update-kubeconfig` merges into: loading (YAML,
//! missing file = a fresh config), the reference's type checks, inserting
//! a cluster/user/context triple by name, and writing the result.
//!
//! Spec: `awscli/customizations/eks/kubeconfig.py`. Unlike the reference,
//! which truncates the file and writes into it, the new content goes to a
//! temporary file beside it (mode 0600) that is renamed over the old one,
//! so a failure never leaves a half-written kubeconfig.
//!
//! The YAML is written by `awscli-output`'s ruamel-compatible emitter,
//! which sorts mapping keys; the reference keeps the file's key order.
//! Everything the CLI generates is already in sorted order, so only
//! hand-ordered files come back reordered.
use std::io::Write;
use std::path::{Path, PathBuf};

use awscli_model::Value;
use indexmap::IndexMap;

/// A kubeconfig problem, reported as the reference's message (exit 255).
#[derive(Debug, thiserror::Error)]
pub enum KubeconfigError {
    #[error("{0}")]
    Corrupted(String),
    #[error("{0}")]
    Inaccessible(String),
    #[error("{0}")]
    Invalid(String),
}

/// A loaded (or new) kubeconfig and where it lives.
#[derive(Debug, Clone)]
pub struct Kubeconfig {
    pub path: PathBuf,
    pub content: IndexMap<String, Value>,
}

/// The content of a kubeconfig that does not exist yet.
fn new_content() -> IndexMap<String, Value> {
    let mut m = IndexMap::new();
    m.insert("apiVersion".into(), Value::String("v1".into()));
    m.insert("clusters".into(), Value::List(Vec::new()));
    m.insert("contexts".into(), Value::List(Vec::new()));
    m.insert("current-context".into(), Value::String(String::new()));
    m.insert("kind".into(), Value::String("Config".into()));
    m.insert("preferences".into(), Value::Map(IndexMap::new()));
    m.insert("users".into(), Value::List(Vec::new()));
    m
}

/// Python's `str(type(v))` for the values a YAML document holds.
fn python_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Integer(_) => "<class 'int'>",
        Value::Float(_) => "<class 'float'>",
        Value::String(_) => "<class 'str'>",
        Value::Blob(_) => "<class 'bytes'>",
        Value::Timestamp(_) => "<class 'datetime.datetime'>",
        Value::List(_) => "<class 'list'>",
        Value::Map(_) => "<class 'collections.OrderedDict'>",
    }
}

fn same_kind(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

impl Kubeconfig {
    /// `KubeconfigLoader.load_kubeconfig`.
    pub fn load(path: &Path) -> Result<Kubeconfig, KubeconfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(KubeconfigError::Inaccessible(format!(
                    "Can't open kubeconfig for reading: {}",
                    python_io_error(&e, path)
                )))
            }
        };
        let parsed = match text {
            None => Value::Null,
            Some(t) => parse_yaml(&t).map_err(|e| {
                KubeconfigError::Corrupted(format!("YamlError while loading kubeconfig: {e}"))
            })?,
        };
        let content = match parsed {
            Value::Null => new_content(),
            Value::Map(m) => m,
            _ => {
                return Err(KubeconfigError::Corrupted(
                    "Content not a dictionary.".into(),
                ))
            }
        };
        let config = Kubeconfig {
            path: path.to_owned(),
            content,
        };
        config.validate()?;
        Ok(config)
    }

    /// `KubeconfigValidator.validate_config`.
    fn validate(&self) -> Result<(), KubeconfigError> {
        let expected = new_content();
        for (key, model) in &expected {
            if let Some(v) = self.content.get(key) {
                if !v.is_null() && !same_kind(v, model) {
                    return Err(KubeconfigError::Corrupted(format!(
                        "{key} is wrong type:{} (Should be {})",
                        python_type(v),
                        python_type(model)
                    )));
                }
            }
        }
        for key in expected.keys() {
            if let Some(Value::List(items)) = self.content.get(key) {
                if items.iter().any(|i| !matches!(i, Value::Map(_))) {
                    return Err(KubeconfigError::Corrupted(format!(
                        "Entry in {key} not a dictionary."
                    )));
                }
            }
        }
        Ok(())
    }

    pub fn has_cluster(&self, name: &str) -> bool {
        match self.content.get("clusters") {
            Some(Value::List(items)) => items
                .iter()
                .any(|c| c.get("name").and_then(Value::as_str) == Some(name)),
            _ => false,
        }
    }

    /// `KubeconfigAppender.insert_entry`: replaces every entry of the same
    /// name, else appends.
    fn insert_entry(&mut self, key: &str, entry: Value) -> Result<(), KubeconfigError> {
        let slot = self
            .content
            .entry(key.to_owned())
            .or_insert_with(|| Value::List(Vec::new()));
        let Value::List(array) = slot else {
            return Err(KubeconfigError::Invalid(format!(
                "Tried to insert into {key},which is a {} not a <class 'list'>",
                python_type(slot)
            )));
        };
        let name = entry.get("name").cloned();
        let mut found = false;
        for existing in array.iter_mut() {
            if let (Some(a), Some(b)) = (existing.get("name"), &name) {
                if a == b {
                    *existing = entry.clone();
                    found = true;
                }
            }
        }
        if !found {
            array.push(entry);
        }
        Ok(())
    }

    /// `insert_cluster_user_pair`: adds both entries, a context joining
    /// them (named `alias`, else the user's name) and makes it current.
    /// Returns the context.
    pub fn insert_cluster_user_pair(
        &mut self,
        cluster: &Value,
        user: &Value,
        alias: Option<&str>,
    ) -> Result<Value, KubeconfigError> {
        let name_of = |v: &Value| v.get("name").cloned().unwrap_or(Value::Null);
        let mut inner = IndexMap::new();
        inner.insert("cluster".to_owned(), name_of(cluster));
        inner.insert("user".to_owned(), name_of(user));
        let mut context = IndexMap::new();
        context.insert("context".to_owned(), Value::Map(inner));
        context.insert(
            "name".to_owned(),
            alias.map_or_else(|| name_of(user), |a| Value::String(a.to_owned())),
        );
        let context = Value::Map(context);
        self.insert_entry("clusters", cluster.clone())?;
        self.insert_entry("users", user.clone())?;
        self.insert_entry("contexts", context.clone())?;
        self.content
            .insert("current-context".to_owned(), name_of(&context));
        Ok(context)
    }

    /// The content as YAML.
    pub fn dump(&self) -> String {
        dump_yaml(&Value::Map(self.content.clone()))
    }

    /// `KubeconfigWriter.write_kubeconfig`, atomically: the directory is
    /// created, the content written to a 0600 temporary file beside the
    /// target and renamed over it (through a symlink to its target).
    pub fn write(&self) -> Result<(), KubeconfigError> {
        let target = std::fs::canonicalize(&self.path).unwrap_or_else(|_| self.path.clone());
        let directory = target.parent().unwrap_or(Path::new("/"));
        std::fs::create_dir_all(directory).map_err(|e| {
            KubeconfigError::Inaccessible(format!(
                "Can't create directory for writing: {}",
                python_io_error(&e, directory)
            ))
        })?;
        let file_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "config".to_owned());
        let temp = directory.join(format!(".{file_name}.{}.tmp", std::process::id()));
        let writing_error = |e: std::io::Error, p: &Path| {
            KubeconfigError::Inaccessible(format!(
                "Can't open kubeconfig for writing: {}",
                python_io_error(&e, p)
            ))
        };
        let result = (|| -> std::io::Result<()> {
            use std::os::unix::fs::OpenOptionsExt;
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&temp)?;
            file.write_all(self.dump().as_bytes())?;
            file.sync_all()?;
            std::fs::rename(&temp, &target)
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&temp);
            return Err(writing_error(e, &target));
        }
        Ok(())
    }
}

/// Python's `str(OSError)`: `[Errno 13] Permission denied: '/path'`.
fn python_io_error(e: &std::io::Error, path: &Path) -> String {
    let text = e.to_string();
    let message = text.split(" (os error").next().unwrap_or(&text);
    match e.raw_os_error() {
        Some(code) => format!("[Errno {code}] {message}: '{}'", path.display()),
        None => text,
    }
}

/// The reference's `ordered_yaml_dump`.
pub fn dump_yaml(value: &Value) -> String {
    awscli_output::yaml::to_yaml(value)
}

/// Parses a YAML document into a [`Value`] (mappings keep their order).
pub fn parse_yaml(text: &str) -> Result<Value, serde_yaml_ng::Error> {
    let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(text)?;
    Ok(from_yaml(doc))
}

fn from_yaml(value: serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::List(items.into_iter().map(from_yaml).collect()),
        Y::Mapping(map) => Value::Map(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        other => serde_yaml_ng::to_string(&other)
                            .map(|s| s.trim_end().to_owned())
                            .unwrap_or_default(),
                    };
                    (key, from_yaml(v))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => from_yaml(tagged.value),
    }
}

/// `os.path.abspath(os.path.expanduser(path))`.
pub fn expand_path(path: &str, home: Option<&str>, cwd: &Path) -> PathBuf {
    let expanded = match (path.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            format!("{home}{rest}")
        }
        _ => path.to_owned(),
    };
    let joined = if expanded.starts_with('/') {
        PathBuf::from(expanded)
    } else {
        cwd.join(expanded)
    };
    normalize(&joined)
}

/// `os.path.normpath` for an absolute path.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::from("/");
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(p) => out.push(p),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("kubeconfig-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn entry(name: &str) -> Value {
        let mut m = IndexMap::new();
        m.insert("name".to_owned(), Value::String(name.into()));
        Value::Map(m)
    }

    #[test]
    fn missing_file_is_a_new_config() {
        let dir = temp_dir("missing");
        let config = Kubeconfig::load(&dir.join("nope")).unwrap();
        assert_eq!(
            config.dump(),
            "apiVersion: v1\nclusters: []\ncontexts: []\ncurrent-context: ''\nkind: Config\npreferences: {}\nusers: []\n"
        );
    }

    #[test]
    fn wrong_types_are_corruption() {
        let dir = temp_dir("wrong");
        let path = dir.join("config");
        std::fs::write(&path, "clusters: 3\n").unwrap();
        let e = Kubeconfig::load(&path).unwrap_err();
        assert_eq!(
            e.to_string(),
            "clusters is wrong type:<class 'int'> (Should be <class 'list'>)"
        );
        std::fs::write(&path, "users: [1]\n").unwrap();
        let e = Kubeconfig::load(&path).unwrap_err();
        assert_eq!(e.to_string(), "Entry in users not a dictionary.");
    }

    #[test]
    fn insert_replaces_by_name_and_sets_current_context() {
        let dir = temp_dir("insert");
        let mut config = Kubeconfig::load(&dir.join("config")).unwrap();
        config
            .insert_cluster_user_pair(&entry("c"), &entry("u"), None)
            .unwrap();
        config
            .insert_cluster_user_pair(&entry("c"), &entry("u"), Some("alias"))
            .unwrap();
        assert!(config.has_cluster("c"));
        let clusters = config.content.get("clusters").unwrap().as_list().unwrap();
        assert_eq!(clusters.len(), 1);
        let contexts = config.content.get("contexts").unwrap().as_list().unwrap();
        assert_eq!(contexts.len(), 2);
        assert_eq!(
            config.content.get("current-context"),
            Some(&Value::String("alias".into()))
        );
    }

    #[test]
    fn write_is_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("write");
        let path = dir.join("sub").join("config");
        let config = Kubeconfig::load(&path).unwrap();
        config.write().unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }

    #[test]
    fn paths_expand_like_python() {
        let cwd = Path::new("/work/x");
        assert_eq!(
            expand_path("~/.kube/config", Some("/home/u"), cwd),
            PathBuf::from("/home/u/.kube/config")
        );
        assert_eq!(expand_path("../k", None, cwd), PathBuf::from("/work/k"));
    }
}
