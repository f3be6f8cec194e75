//! `configure list`: each row's value, type and location as the reference shows them, for
//! keys from every kind of source. 2.9.19 prints right-aligned columns under a
//! `Name Value Type Location` header; the rows are compared after reading both layouts into
//! (name, value, type, location).

use awscli_test_support::{CannedResponse, Cli, RecordingServer};

use crate::support::{clis, write};

/// The rows of either layout.
fn rows(stdout: &str) -> Vec<[String; 4]> {
    let mut out = Vec::new();
    for line in stdout.lines() {
        // One word, so that the legacy layout can be split on whitespace.
        let line = line.replace("<not set>", "<not-set>");
        let line = line.as_str();
        let trimmed = line.trim();
        if trimmed.is_empty()
            || trimmed.starts_with("NAME ")
            || trimmed.starts_with("Name ")
            || trimmed.starts_with("----")
        {
            continue;
        }
        if line.contains(" : ") {
            let parts: Vec<String> = line
                .splitn(4, " : ")
                .map(|p| p.trim().to_string())
                .collect();
            if let Ok(row) = <[String; 4]>::try_from(parts) {
                out.push(row);
            }
            continue;
        }
        // 2.9.19: `%10s %24s %16s    %s`.
        let parts: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        let mut row = [String::new(), String::new(), String::new(), String::new()];
        for (slot, part) in row.iter_mut().zip(parts.iter()) {
            *slot = part.clone();
        }
        if parts.len() > 4 {
            row[3] = parts[3..].join(" ");
        }
        out.push(row);
    }
    out
}

#[track_caller]
fn assert_same_rows(ours: &Cli, reference: &Cli, args: &[&str]) {
    let expected = reference.run(args);
    assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
    let actual = ours.run(args);
    assert_eq!(actual.exit_code, 0, "{}", actual.stderr);
    // 2.9.19 shows an empty location as nothing at all, which whitespace splitting cannot
    // tell from a missing column: compare without empty trailing cells.
    let normalise = |rows: Vec<[String; 4]>| -> Vec<Vec<String>> {
        rows.into_iter()
            .map(|r| r.into_iter().filter(|c| !c.is_empty()).collect())
            .collect()
    };
    assert_eq!(
        normalise(rows(&actual.stdout_text())),
        normalise(rows(&expected.stdout_text())),
        "ours:\n{}\nreference:\n{}",
        actual.stdout_text(),
        expected.stdout_text()
    );
}

#[test]
fn static_sources() {
    let (ours, reference) = clis();
    write(
        &ours,
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDSHAREDABCD\naws_secret_access_key = sharedWXYZ\n",
    );
    write(
        &ours,
        ".aws/config",
        "[default]\nregion = us-west-2\n[profile cfg]\naws_access_key_id = AKIDCFG1\naws_secret_access_key = cfg2\n",
    );
    assert_same_rows(&ours, &reference, &["configure", "list"]);
    assert_same_rows(
        &ours,
        &reference,
        &["--profile", "cfg", "configure", "list"],
    );
    let env = |cli: Cli| {
        cli.env("AWS_PROFILE", "cfg")
            .env("AWS_ACCESS_KEY_ID", "AKIDENV9")
            .env("AWS_SECRET_ACCESS_KEY", "envsecret")
            .env("AWS_REGION", "eu-west-3")
    };
    assert_same_rows(&env(ours), &env(reference), &["configure", "list"]);
}

#[test]
fn chain_sources() {
    let (ours, reference) = clis();
    write(
        &ours,
        ".aws/config",
        "[profile proc]\ncredential_process = sh -c 'echo {\\\"Version\\\": 1, \\\"AccessKeyId\\\": \\\"AKIDPROC77\\\", \\\"SecretAccessKey\\\": \\\"procsecret\\\"}'\n\
         [profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n\
         [profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n",
    );
    write(
        &ours,
        ".aws/cli/cache/6dc9e6e1e186b9f293814df3266de783142c48a2.json",
        r#"{"Credentials": {"AccessKeyId": "ASIACACHED42", "SecretAccessKey": "cachedsecret", "SessionToken": "t", "Expiration": "2099-01-01T00:00:00UTC"}}"#,
    );
    assert_same_rows(
        &ours,
        &reference,
        &["--profile", "proc", "configure", "list"],
    );
    assert_same_rows(
        &ours,
        &reference,
        &["--profile", "role", "configure", "list"],
    );

    let server = RecordingServer::start().expect("starting the stub");
    server.set_default(CannedResponse::json(
        "application/json",
        r#"{"AccessKeyId": "AKIDCONT11", "SecretAccessKey": "contsecret", "Token": "t", "Expiration": "2099-01-01T00:00:00Z"}"#,
    ));
    let uri = format!("{}/creds", server.endpoint());
    let container = |cli: Cli| cli.env("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri);
    assert_same_rows(
        &container(ours),
        &container(reference),
        &["configure", "list"],
    );
}
