//! Shared helpers: the CLI pair in one sandbox, endpoints, presigned URL
//! parsing.

use awscli_test_support::Cli;

/// Our binary and the reference, sharing one hermetic sandbox, with
/// `AWS_ENDPOINT_URL` pointing at `endpoint` (2.9.19 ignores the variable,
/// so command lines also pass `--endpoint-url`).
pub fn clis(endpoint: &str) -> (Cli, Cli) {
    let (ours, reference) =
        Cli::pair(env!("CARGO_BIN_EXE_aws")).expect("creating the test sandbox");
    (
        ours.env("AWS_ENDPOINT_URL", endpoint),
        reference.env("AWS_ENDPOINT_URL", endpoint),
    )
}

/// `args` followed by `--endpoint-url endpoint`.
pub fn with_endpoint<'a>(args: &[&'a str], endpoint: &'a str) -> Vec<&'a str> {
    let mut full = args.to_vec();
    full.extend(["--endpoint-url", endpoint]);
    full
}

/// A URL split into what a structural comparison looks at.
#[derive(Debug, Clone, PartialEq)]
pub struct PresignedUrl {
    pub scheme_host_path: String,
    /// Query pairs, percent-decoded, in order.
    pub query: Vec<(String, String)>,
}

impl PresignedUrl {
    pub fn parse(url: &str) -> PresignedUrl {
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .expect("query is UTF-8")
                .into_owned()
        };
        let query = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect();
        PresignedUrl {
            scheme_host_path: base.to_owned(),
            query,
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The query with the per-run values (date, signature, and the date in
    /// the credential scope) masked, sorted by name.
    pub fn shape(&self) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = self
            .query
            .iter()
            .map(|(k, v)| {
                let v = match k.as_str() {
                    "X-Amz-Date" | "X-Amz-Signature" => "<masked>".to_owned(),
                    "X-Amz-Credential" => {
                        let mut parts: Vec<&str> = v.split('/').collect();
                        if parts.len() > 1 {
                            parts[1] = "<date>";
                        }
                        parts.join("/")
                    }
                    _ => v.clone(),
                };
                (k.clone(), v)
            })
            .collect();
        pairs.sort();
        pairs
    }
}
