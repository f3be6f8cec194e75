//! The HTTP transport as a user meets it: forward proxies (`HTTP_PROXY`,
//! `HTTPS_PROXY`, `NO_PROXY`), request paths that hold `.` and `..`
//! segments (S3 keys are not file paths: `a/../b.txt` is its own object), and
//! certificate checks (`--ca-bundle`, `AWS_CA_BUNDLE`, self-signed servers,
//! host name mismatches), each compared with the reference CLI.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use awscli_test_support::compare::{assert_same_outcome, assert_same_requests};
use awscli_test_support::{CannedResponse, Cli, CliOutput, RecordingServer};

use crate::util::{assert_same_behaviour, clis};

const CALLER_IDENTITY: &str = r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/u</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"#;

/// A plain-HTTP call through a forward proxy: the proxy receives the
/// absolute URL as request target, with `Proxy-Authorization` from the
/// proxy URL's credentials.
#[test]
fn http_proxy_gets_absolute_targets_and_proxy_credentials() {
    let (ours, reference) = clis();
    let args = [
        "sts",
        "get-caller-identity",
        "--endpoint-url",
        "http://sts.example.invalid:8000",
    ];
    let run = |cli: &Cli| {
        let proxy = RecordingServer::start().expect("recording proxy");
        proxy.respond_with([CannedResponse::xml(CALLER_IDENTITY)]);
        let url = format!("http://user:pw@{}", proxy.addr());
        let output = cli.clone().env("HTTP_PROXY", url).run(args);
        (output, proxy.take_requests())
    };
    let (expected, expected_requests) = run(&reference);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    let (actual, actual_requests) = run(&ours);
    assert_same_outcome(&expected, &actual);
    assert_same_requests(&expected_requests, &actual_requests);
    let wire = |requests: &[awscli_test_support::RecordedRequest]| {
        requests
            .iter()
            .map(|r| {
                (
                    r.target.clone(),
                    r.header("proxy-authorization").map(str::to_owned),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(wire(&expected_requests), wire(&actual_requests));
    assert_eq!(
        wire(&actual_requests)[0].0,
        "http://sts.example.invalid:8000/"
    );
}

/// A proxy that cannot be reached: `Failed to connect to proxy URL`, with
/// the credentials of the URL masked, after the retries.
#[test]
fn unreachable_proxy_is_named_with_masked_credentials() {
    let (ours, reference) = clis();
    let args = [
        "sts",
        "get-caller-identity",
        "--endpoint-url",
        "https://sts.example.invalid",
    ];
    let run = |cli: &Cli| {
        cli.clone()
            .env("HTTPS_PROXY", "http://user:secret@127.0.0.1:1")
            .env("AWS_MAX_ATTEMPTS", "1")
            .run(args)
    };
    let expected = run(&reference);
    assert_eq!(expected.exit_code, 255, "{}", expected.stderr);
    assert!(
        expected.stderr.contains("***:***@127.0.0.1:1"),
        "{}",
        expected.stderr
    );
    assert_same_outcome(&expected, &run(&ours));
}

/// `NO_PROXY` hosts are called directly.
#[test]
fn no_proxy_hosts_are_called_directly() {
    let (ours, reference) = clis();
    let run = |cli: &Cli| {
        let server = RecordingServer::start().expect("recording server");
        server.respond_with([CannedResponse::xml(CALLER_IDENTITY)]);
        let endpoint = server.endpoint();
        let output = cli
            .clone()
            .env("HTTP_PROXY", "http://127.0.0.1:1")
            .env("NO_PROXY", "localhost,127.0.0.1")
            .run(["sts", "get-caller-identity", "--endpoint-url", &endpoint]);
        (output, server.take_requests())
    };
    let (expected, expected_requests) = run(&reference);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    let (actual, actual_requests) = run(&ours);
    assert_same_outcome(&expected, &actual);
    assert_same_requests(&expected_requests, &actual_requests);
}

/// `s3api` calls whose keys hold dot segments ask for those very keys.
#[test]
fn keys_with_dot_segments_are_sent_as_they_are() {
    for key in ["a/../b.txt", "./c.txt", "d/.", "..", "e/%2E%2E/f"] {
        assert_same_behaviour(
            |_| {},
            &["s3api", "head-object", "--bucket", "bkt", "--key", key],
            &[CannedResponse::new(200)
                .header("Content-Length", "3")
                .header("ETag", "\"e\"")],
        );
    }
}

/// A TLS server on 127.0.0.1 presenting one certificate (python's `ssl`).
struct TlsServer {
    child: Child,
    port: u16,
}

impl TlsServer {
    fn start(dir: &Path, cert: &str, key: &str) -> TlsServer {
        let script = dir.join("tls_server.py");
        std::fs::write(&script, TLS_SERVER).expect("writing the server script");
        let mut child = Command::new("python3")
            .arg(&script)
            .arg(dir.join(cert))
            .arg(dir.join(key))
            .stdout(Stdio::piped())
            .spawn()
            .expect("starting python3");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("reading the port");
        let port = line.trim().parse().expect("a port number");
        TlsServer { child, port }
    }

    fn url(&self, host: &str) -> String {
        format!("https://{host}:{}", self.port)
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const TLS_SERVER: &str = r#"
import http.server, ssl, sys
BODY = b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/u</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>'
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length', '0')))
        self.send_response(200)
        self.send_header('Content-Type', 'text/xml')
        self.send_header('Content-Length', str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
"#;

/// A self-signed certificate made by `openssl req -x509` with `extra`
/// extensions.
fn make_certificate(dir: &Path, name: &str, subject: &str, extra: &[&str]) {
    let mut command = Command::new("openssl");
    command.current_dir(dir).args([
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "3650",
        "-keyout",
        &format!("{name}.key"),
        "-out",
        &format!("{name}.pem"),
        "-subj",
        subject,
    ]);
    for e in extra {
        command.args(["-addext", e]);
    }
    let status = command
        .stderr(Stdio::null())
        .status()
        .expect("running openssl");
    assert!(status.success(), "openssl req failed");
}

/// The reference's stderr without the `(_ssl.c:992)` its Python build adds
/// to OpenSSL messages (a source line of CPython, not part of the error).
fn without_ssl_source_line(output: &CliOutput) -> CliOutput {
    let mut output = output.clone();
    while let Some(start) = output.stderr.find(" (_ssl.c:") {
        match output.stderr[start..].find(')') {
            Some(end) => output.stderr.replace_range(start..start + end + 1, ""),
            None => break,
        }
    }
    output
}

#[test]
fn certificate_checks_match_the_reference() {
    let (ours, reference) = clis();
    let dir = ours.sandbox().path().join("tls");
    std::fs::create_dir_all(&dir).expect("creating the tls folder");
    // `openssl req -x509` marks the certificate as a CA by default; local
    // S3 servers are often set up with exactly such a certificate.
    make_certificate(
        &dir,
        "ca_flagged",
        "/CN=localhost",
        &["subjectAltName=DNS:localhost,IP:127.0.0.1"],
    );
    make_certificate(
        &dir,
        "leaf",
        "/CN=localhost",
        &[
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "basicConstraints=critical,CA:FALSE",
        ],
    );
    make_certificate(
        &dir,
        "other",
        "/CN=other.invalid",
        &["subjectAltName=DNS:other.invalid"],
    );
    let ca_flagged = TlsServer::start(&dir, "ca_flagged.pem", "ca_flagged.key");
    let leaf = TlsServer::start(&dir, "leaf.pem", "leaf.key");
    let other = TlsServer::start(&dir, "other.pem", "other.key");
    let bundle = |name: &str| dir.join(format!("{name}.pem")).display().to_string();
    let cases: Vec<(String, Vec<String>, Option<String>)> = vec![
        // Untrusted self-signed servers.
        (ca_flagged.url("127.0.0.1"), vec![], None),
        (leaf.url("localhost"), vec![], None),
        // Trusted through --ca-bundle or AWS_CA_BUNDLE.
        (
            ca_flagged.url("127.0.0.1"),
            vec!["--ca-bundle".into(), bundle("ca_flagged")],
            None,
        ),
        (
            ca_flagged.url("localhost"),
            vec![],
            Some(bundle("ca_flagged")),
        ),
        (
            leaf.url("localhost"),
            vec!["--ca-bundle".into(), bundle("leaf")],
            None,
        ),
        // A bundle holding another certificate with the same subject.
        (
            leaf.url("localhost"),
            vec!["--ca-bundle".into(), bundle("ca_flagged")],
            None,
        ),
        // Trusted, but issued for another name (an IP and a DNS name).
        (
            other.url("127.0.0.1"),
            vec!["--ca-bundle".into(), bundle("other")],
            None,
        ),
        (
            other.url("localhost"),
            vec!["--ca-bundle".into(), bundle("other")],
            None,
        ),
    ];
    for (endpoint, extra, env_bundle) in cases {
        let mut args = vec![
            "sts".to_owned(),
            "get-caller-identity".to_owned(),
            "--query".to_owned(),
            "Account".to_owned(),
            "--endpoint-url".to_owned(),
            endpoint,
        ];
        args.extend(extra);
        let run = |cli: &Cli| {
            let mut cli = cli.clone().env("AWS_MAX_ATTEMPTS", "1");
            if let Some(path) = &env_bundle {
                cli = cli.env("AWS_CA_BUNDLE", path);
            }
            cli.run(&args)
        };
        let expected = without_ssl_source_line(&run(&reference));
        assert_same_outcome(&expected, &run(&ours));
    }
}
