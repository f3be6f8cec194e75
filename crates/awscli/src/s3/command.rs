//! `cp`, `mv`, `rm` and `sync`: checks the paths, then runs the pipeline
//! (file generator -> filters -> sync comparator -> transfers) with the
//! results printed as they arrive, listing pipelined with the transfers.
//!
//! Spec: `awscli/customizations/s3/subcommands.py` (`CommandArchitecture`,
//! `CommandParameters`), `factory.py` (`ClientFactory`: the source client of
//! `--source-region`), `s3handler.py` (the request submitters and their
//! warnings) and `utils.py` (`RequestParamsMapper`), as of CLI 2.36.
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use awscli_model::Value;
use awscli_s3transfer::client::s;
use awscli_s3transfer::{
    ChecksumPolicy, CopyRequest, DownloadRequest, S3Client, TransferConfig, Transfers,
    UploadRequest, UploadSource,
};
use indexmap::IndexMap;
use tokio::io::AsyncReadExt;
use tokio::sync::{mpsc, Semaphore};

use super::args::Params;
use super::case_conflict::{self, CaseConflict, CaseConflictGate, Verdict};
use super::context::{CopyContexts, SessionContexts};
use super::filters::Filter;
use super::generate::{self, FileInfo, Files, Location, Op, SyncRules};
use super::paths::{self, find_bucket_key};
use super::results::{Event, Printer, Verbosity};
use crate::driver::RunError;
use crate::error::CliError;
use crate::session::Session;

fn usage_of(cmd: &str) -> &'static str {
    match cmd {
        "rm" => "<S3Uri>",
        "sync" => "<LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>",
        _ => "<LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>",
    }
}

/// Everything the pipeline needs, shared by its tasks.
struct Plan {
    cmd: String,
    params: Params,
    paths_type: String,
    is_move: bool,
    is_stream: bool,
    dir_op: bool,
    cwd: String,
    transfers: Transfers,
    client: Arc<S3Client>,
    /// The transfers through the source's client: the same as `transfers`
    /// unless an S3 -> S3 command has `--source-region`, when listing and
    /// heading the source, and deleting it after `mv`, go to the source's
    /// region (`source_client`).
    source: Transfers,
    sync: SyncRules,
    /// `--case-conflict` of a recursive download (none for `ignore`).
    case_gate: Option<Arc<CaseConflictGate>>,
}

impl Plan {
    /// Stops every transfer (Ctrl-C, or a fatal case conflict).
    fn cancel(&self) {
        self.client.cancel();
        self.source.client.cancel();
    }
}

/// Runs `cp`, `mv`, `rm` or `sync`.
pub fn run(
    cmd: &str,
    mut params: Params,
    session: Session,
    stdout: &mut dyn Write,
) -> Result<u8, RunError> {
    let mut dir_op = params.flag("recursive") || cmd == "sync";
    // check_path_type
    let kinds: String = params
        .paths
        .iter()
        .map(|p| {
            if p.starts_with("s3://") {
                "s3"
            } else {
                "local"
            }
        })
        .collect();
    let allowed = match kinds.as_str() {
        "s3s3" | "s3local" | "locals3" => ["cp", "sync", "mv"].contains(&cmd),
        "s3" => ["mb", "rb", "rm"].contains(&cmd),
        _ => false,
    };
    if !allowed {
        return Err(CliError::param(format!(
            "usage: aws s3 {cmd} {}\nError: Invalid argument type",
            usage_of(cmd)
        ))
        .into());
    }
    // _normalize_s3_trailing_slash
    for p in params.paths.iter_mut() {
        if let Some(rest) = p.strip_prefix("s3://") {
            let (_, key) = find_bucket_key(rest);
            if key.is_empty() && !p.ends_with('/') {
                p.push('/');
            }
        }
    }
    let src = params.paths[0].clone();
    let dest = params.paths.get(1).cloned().unwrap_or_else(|| src.clone());
    let is_stream = src == "-" || dest == "-";
    if is_stream {
        if cmd != "cp" || dir_op {
            return Err(CliError::param(
                "Streaming currently is only compatible with non-recursive cp commands",
            )
            .into());
        }
        dir_op = false;
    }
    let is_move = cmd == "mv";
    if is_move && kinds == "s3s3" {
        let same = src == dest
            || (dest.ends_with('/')
                && src == format!("{dest}{}", src.rsplit('/').next().unwrap_or("")));
        if same {
            return Err(CliError::param(format!(
                "Cannot mv a file onto itself: '{src}' - '{dest}'"
            ))
            .into());
        }
    }
    if kinds == "locals3" && !is_stream && std::fs::metadata(&src).is_err() {
        return Err(
            CliError::General(format!("The user-provided path {src} does not exist.")).into(),
        );
    }
    if kinds == "s3local" && dir_op && !is_stream && std::fs::metadata(&dest).is_err() {
        std::fs::create_dir_all(&dest).map_err(|e| CliError::General(e.to_string()))?;
    }
    for (alg, key) in [
        ("sse-c", "sse-c-key"),
        ("sse-c-copy-source", "sse-c-copy-source-key"),
    ] {
        if params.value(alg).is_some() && params.value(key).is_none() {
            return Err(CliError::param(format!(
                "If --{alg} is specified, --{key} must be specified as well."
            ))
            .into());
        }
        if params.value(key).is_some() && params.value(alg).is_none() {
            return Err(CliError::param(format!(
                "If --{key} is specified, --{alg} must be specified as well."
            ))
            .into());
        }
    }
    if params.value("sse-c-copy-source").is_some() && kinds != "s3s3" {
        return Err(
            CliError::param("--sse-c-copy-source is only supported for copy operations.").into(),
        );
    }
    // A bad --page-size fails before anything runs (Python's int()).
    params.int("page-size")?;
    // `_modify_instructions_for_case_conflicts`: only recursive downloads
    // are checked, and S3 Express sources only allow `warn` and `ignore`.
    let mut case_mode = CaseConflict::Ignore;
    if kinds == "s3local" && dir_op {
        let (bucket, _) = find_bucket_key(src.trim_start_matches("s3://"));
        let (mode, warning) =
            case_conflict::for_source(CaseConflict::parse(params.value("case-conflict")), &bucket)?;
        if let Some(warning) = warning {
            let _ = stdout.flush();
            let _ = std::io::stderr().write_all(warning.as_bytes());
        }
        case_mode = mode;
    }
    let verbosity = if params.flag("quiet") {
        Verbosity::Quiet
    } else if params.flag("only-show-errors") || is_stream {
        Verbosity::ErrorsOnly
    } else if params.flag("no-progress") {
        Verbosity::NoProgress
    } else {
        Verbosity::All
    };
    let cwd = std::env::current_dir()
        .map(|p| p.to_string_lossy().into_owned())
        .map_err(|e| CliError::General(e.to_string()))?;

    let service =
        Arc::new(awscli_model::store::load("s3").map_err(|e| CliError::General(e.to_string()))?);
    // The `s3 =` block of the profile (`get_scoped_config().get('s3', {})`).
    let s3_section: IndexMap<String, String> = session
        .config
        .scoped_config()
        .map_err(crate::session::config_error)?
        .get("s3")
        .and_then(|v| v.value.as_nested())
        .cloned()
        .unwrap_or_default();
    let settings = |name: &str| s3_section.get(name).cloned();
    let config =
        TransferConfig::from_settings(settings).map_err(|e| CliError::General(e.to_string()))?;
    let request_checksums = match session.setting("request_checksum_calculation")?.as_deref() {
        Some(v) if v.eq_ignore_ascii_case("when_required") => ChecksumPolicy::WhenRequired,
        _ => ChecksumPolicy::WhenSupported,
    };
    let validate_responses = !matches!(
        session.setting("response_checksum_validation")?.as_deref(),
        Some(v) if v.eq_ignore_ascii_case("when_required")
    ) || params.value("checksum-mode").is_some();
    // `ClientFactory.create_client(is_source_client=True)`: an S3 -> S3
    // command with `--source-region` reads its source through a client in
    // that region, with no `--endpoint-url` (a configured endpoint such as
    // `AWS_ENDPOINT_URL_S3` still applies, as botocore resolves it).
    let source_session = match params.value("source-region").filter(|r| !r.is_empty()) {
        Some(region) if kinds == "s3s3" => {
            let mut globals = session.globals.clone();
            globals.region = Some(region.to_owned());
            globals.endpoint_url = None;
            Some(Session::new(&globals, &session.env)?)
        }
        _ => None,
    };
    let contexts = Arc::new(SessionContexts::new(session, Arc::clone(&service))?);
    let new_client = |provider: Arc<dyn awscli_s3transfer::ContextProvider>| {
        Arc::new(
            S3Client::new(
                Arc::clone(&service),
                provider,
                config.max_concurrent_requests,
            )
            .with_max_bandwidth(config.max_bandwidth)
            .with_buffer_budget(config.buffer_budget()),
        )
    };
    let (client, source_client) = match source_session {
        None => {
            let client = new_client(contexts);
            (Arc::clone(&client), client)
        }
        Some(source_session) => {
            let source = Arc::new(SessionContexts::new(source_session, Arc::clone(&service))?);
            let routed = CopyContexts {
                destination: contexts,
                source: Arc::clone(&source),
            };
            (new_client(Arc::new(routed)), new_client(source))
        }
    };
    let transfers = Transfers {
        client: Arc::clone(&client),
        config,
        request_checksums,
        validate_responses,
    };
    let source = Transfers {
        client: source_client,
        ..transfers.clone()
    };
    let sync = SyncRules {
        size_only: params.flag("size-only"),
        exact_timestamps: params.flag("exact-timestamps"),
        delete: params.flag("delete"),
        always: false,
    };
    let plan = Arc::new(Plan {
        cmd: cmd.to_owned(),
        params,
        paths_type: kinds,
        is_move,
        is_stream,
        dir_op,
        cwd,
        transfers,
        client,
        source,
        sync,
        case_gate: (case_mode != CaseConflict::Ignore)
            .then(|| Arc::new(CaseConflictGate::new(case_mode))),
    });
    let runtime = awscli_s3transfer::runtime().map_err(|e| CliError::General(e.to_string()))?;
    let mut printer = Printer::new(stdout, verbosity);
    printer.multiline = plan.params.flag("progress-multiline");
    printer.frequency = plan
        .params
        .int("progress-frequency")?
        .map(|s| s.max(0) as f64);
    runtime.block_on(drive(plan, &mut printer, src, dest))?;
    Ok(printer.exit_code())
}

/// Runs the pipeline and prints its events until every sender is done.
async fn drive(
    plan: Arc<Plan>,
    printer: &mut Printer<'_>,
    src: String,
    dest: String,
) -> Result<(), RunError> {
    let (events, mut rx) = mpsc::unbounded_channel::<Event>();
    if plan.is_stream && dest == "-" {
        // Streaming to stdout: the body comes back through a pipe so the
        // main thread, which owns stdout, writes it.
        let (mut reader, mut writer) = tokio::io::duplex(1 << 20);
        let p = Arc::clone(&plan);
        let ev = events.clone();
        let task = tokio::spawn(async move {
            let (bucket, key) = find_bucket_key(src.trim_start_matches("s3://"));
            let extra = get_object_extra(&p.params);
            // The reference heads the object first (for its size), so a
            // missing key fails in HeadObject.
            let mut head = IndexMap::new();
            head.insert("Bucket".to_owned(), s(&bucket));
            head.insert("Key".to_owned(), s(&key));
            head.extend(extra.clone());
            let result = match p.client.call("HeadObject", Value::Map(head)).await {
                Ok(_) => {
                    p.transfers
                        .download_stream(&bucket, &key, &extra, &mut writer)
                        .await
                }
                Err(e) => Err(e),
            };
            if let Err(e) = result {
                let _ = ev.send(Event::Failure {
                    key: 0,
                    kind: "download",
                    src: format!("s3://{bucket}/{key}"),
                    dest: Some("-".into()),
                    error: e.to_string(),
                });
            }
        });
        drop(events);
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            tokio::select! {
                n = reader.read(&mut buf) => {
                    match n {
                        Ok(0) | Err(_) => break,
                        Ok(n) => printer.write_raw(&buf[..n])?,
                    }
                }
                Some(ev) = rx.recv() => printer.handle(ev),
            }
        }
        let _ = task.await;
        while let Some(ev) = rx.recv().await {
            printer.handle(ev);
        }
        return Ok(());
    }
    let producer = tokio::spawn(produce(Arc::clone(&plan), events, src, dest));
    // Ctrl-C is ours while transfers run: the process must live on until
    // the multipart uploads are aborted and the temporary files removed.
    let _interrupt = crate::interrupt::take_over();
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    let mut cancelled = false;
    loop {
        tokio::select! {
            ev = rx.recv() => match ev {
                Some(ev) => printer.handle(ev),
                None => break,
            },
            _ = &mut ctrl_c, if !cancelled => {
                // Stop every transfer; they abort their multipart uploads and
                // remove their temporary files before the events run dry.
                cancelled = true;
                plan.cancel();
                printer.cancelled();
            }
        }
    }
    let _ = producer.await;
    Ok(())
}

fn get_object_extra(params: &Params) -> IndexMap<String, Value> {
    let mut extra = IndexMap::new();
    sse_c(&mut extra, params, "sse-c", "sse-c-key", "SSECustomer");
    request_payer(&mut extra, params);
    extra
}

fn request_payer(extra: &mut IndexMap<String, Value>, params: &Params) {
    if let Some(p) = params.value("request-payer") {
        extra.insert("RequestPayer".into(), s(p));
    }
}

fn sse_c(extra: &mut IndexMap<String, Value>, params: &Params, alg: &str, key: &str, prefix: &str) {
    use base64::Engine;
    if let (Some(a), Some(k)) = (params.value(alg), params.value(key)) {
        // botocore's sse_md5 handler: the key goes base64-encoded, with its MD5.
        let raw = k.as_bytes();
        let b64 = base64::engine::general_purpose::STANDARD;
        extra.insert(format!("{prefix}Algorithm"), s(a));
        extra.insert(format!("{prefix}Key"), s(b64.encode(raw)));
        extra.insert(
            format!("{prefix}KeyMD5"),
            s(b64.encode(awscli_protocol::md5(raw))),
        );
    }
}

/// `_set_general_object_params` + metadata + SSE (PutObject / CopyObject).
fn object_extra(params: &Params, copy: bool) -> Result<IndexMap<String, Value>, String> {
    let mut extra = IndexMap::new();
    for (option, member) in [
        ("acl", "ACL"),
        ("storage-class", "StorageClass"),
        ("website-redirect", "WebsiteRedirectLocation"),
        ("content-type", "ContentType"),
        ("cache-control", "CacheControl"),
        ("content-disposition", "ContentDisposition"),
        ("content-encoding", "ContentEncoding"),
        ("content-language", "ContentLanguage"),
        ("expires", "Expires"),
    ] {
        if let Some(v) = params.value(option).filter(|v| !v.is_empty()) {
            extra.insert(member.to_owned(), s(v));
        }
    }
    for grant in params.values("grants") {
        let (permission, grantee) = grant
            .split_once('=')
            .ok_or("grants should be of the form permission=principal")?;
        let member = match permission {
            "read" => "GrantRead",
            "full" => "GrantFullControl",
            "readacl" => "GrantReadACP",
            "writeacl" => "GrantWriteACP",
            _ => return Err("permission must be one of: read|readacl|writeacl|full".into()),
        };
        extra.insert(member.to_owned(), s(grantee));
    }
    if copy {
        if let Some(d) = params.value("metadata-directive") {
            extra.insert("MetadataDirective".into(), s(d));
        }
    }
    if let Some(m) = params.value("metadata") {
        let map = parse_metadata(m)?;
        if !map.is_empty() {
            extra.insert("Metadata".into(), Value::Map(map));
            if copy && !extra.contains_key("MetadataDirective") {
                extra.insert("MetadataDirective".into(), s("REPLACE"));
            }
        }
    }
    if let Some(v) = params.value("sse") {
        extra.insert("ServerSideEncryption".into(), s(v));
    }
    if let Some(v) = params.value("sse-kms-key-id") {
        extra.insert("SSEKMSKeyId".into(), s(v));
    }
    sse_c(&mut extra, params, "sse-c", "sse-c-key", "SSECustomer");
    if copy {
        sse_c(
            &mut extra,
            params,
            "sse-c-copy-source",
            "sse-c-copy-source-key",
            "CopySourceSSECustomer",
        );
    }
    request_payer(&mut extra, params);
    if let Some(a) = params.value("checksum-algorithm") {
        extra.insert("ChecksumAlgorithm".into(), s(a));
    }
    Ok(extra)
}

/// `--metadata`: shorthand `k=v,k2=v2` or a JSON object.
fn parse_metadata(text: &str) -> Result<IndexMap<String, Value>, String> {
    let trimmed = text.trim();
    if trimmed.starts_with('{') {
        let json: serde_json::Map<String, serde_json::Value> = serde_json::from_str(trimmed)
            .map_err(|e| format!("Error parsing parameter '--metadata': Invalid JSON: {e}"))?;
        return Ok(json
            .into_iter()
            .map(|(k, v)| {
                (
                    k,
                    s(v.as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| v.to_string())),
                )
            })
            .collect());
    }
    let mut map = IndexMap::new();
    for pair in trimmed.split(',').filter(|p| !p.is_empty()) {
        let (k, v) = pair
            .split_once('=')
            .ok_or_else(|| format!("Error parsing parameter '--metadata': Expected: '=', received: 'EOF' for input:\n{text}"))?;
        map.insert(k.trim().to_owned(), s(v.trim()));
    }
    Ok(map)
}

/// Lists, filters, compares and submits; returns when every transfer ended.
async fn produce(plan: Arc<Plan>, events: mpsc::UnboundedSender<Event>, src: String, dest: String) {
    let params = &plan.params;
    let op = match plan.paths_type.as_str() {
        "locals3" => Op::Upload,
        "s3local" => Op::Download,
        "s3s3" => Op::Copy,
        _ => Op::Delete,
    };
    if matches!(op, Op::Upload | Op::Copy) && !params.flag("dryrun") {
        // The request parameters are mapped (and `--grants` checked) before
        // the first transfer; a bad value is a fatal error (rc 1).
        if let Err(e) = object_extra(params, op == Op::Copy) {
            let _ = events.send(Event::Fatal(e));
            return;
        }
    }
    if plan.is_stream {
        // Upload from stdin.
        submit_stream_upload(&plan, &events, &dest).await;
        return;
    }
    let files = Files::format(&src, &dest, plan.dir_op, &plan.cwd);
    let filter = make_filter(&plan, &src, &dest);
    let queue = plan.transfers.config.max_queue_size.clamp(1, 10_000);
    let (tx, mut rx) = mpsc::channel::<FileInfo>(queue);
    let list_extra = {
        let mut e = IndexMap::new();
        request_payer(&mut e, params);
        e
    };
    let head_extra = {
        let mut e = IndexMap::new();
        if plan.paths_type == "s3s3" {
            sse_c(
                &mut e,
                params,
                "sse-c-copy-source",
                "sse-c-copy-source-key",
                "SSECustomer",
            );
        } else {
            sse_c(&mut e, params, "sse-c", "sse-c-key", "SSECustomer");
        }
        request_payer(&mut e, params);
        e
    };
    let page_size = params.int("page-size").ok().flatten();
    let follow = !params.flag("no-follow-symlinks");
    let spawn_generator = |files: Files,
                           op: Op,
                           sink: mpsc::Sender<FileInfo>,
                           head: IndexMap<String, Value>,
                           client: &Arc<S3Client>| {
        let ev = events.clone();
        let filter = filter.clone();
        match files.src_type {
            Location::Local => tokio::task::spawn_blocking(move || {
                let walk = generate::LocalWalk {
                    files,
                    op,
                    follow_symlinks: follow,
                    filter,
                    events: ev,
                    sink,
                };
                walk.run();
            }),
            Location::S3 => {
                let walk = generate::S3Walk {
                    client: Arc::clone(client),
                    files,
                    op,
                    page_size,
                    filter,
                    list_extra: list_extra.clone(),
                    head_extra: head,
                    sink,
                };
                tokio::spawn(async move {
                    if let Err(generate::ListError::Fatal(message)) = walk.run().await {
                        let _ = ev.send(Event::Fatal(message));
                    }
                })
            }
        }
    };
    let mut generators = Vec::new();
    if plan.cmd == "sync" || plan.case_gate.is_some() {
        // `sync` compares the two sides; `cp`/`mv` do so only to check case
        // conflicts against the local destination, transferring every file
        // (`AlwaysSync`).
        let (stx, srx) = mpsc::channel(queue);
        let (dtx, drx) = mpsc::channel(queue);
        let source_client = &plan.source.client;
        generators.push(spawn_generator(
            files.clone(),
            op,
            stx,
            head_extra.clone(),
            source_client,
        ));
        let reverse = Files::format(&dest, &src, plan.dir_op, &plan.cwd);
        generators.push(spawn_generator(
            reverse,
            op,
            dtx,
            IndexMap::new(),
            &plan.client,
        ));
        let mut rules = plan.sync;
        rules.always = plan.cmd != "sync";
        generators.push(tokio::spawn(generate::compare(srx, drx, rules, tx)));
    } else {
        generators.push(spawn_generator(
            files.clone(),
            op,
            tx,
            head_extra,
            &plan.source.client,
        ));
    }
    let in_flight = Arc::new(Semaphore::new(
        plan.transfers.config.max_concurrent_requests.max(1) * 4,
    ));
    let counter = Arc::new(AtomicUsize::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    let mut total = 0usize;
    let root = files.dest_path.clone();
    while let Some(info) = rx.recv().await {
        if plan.client.is_cancelled() {
            break;
        }
        // `CaseConflictSync` sits in the comparator, before the submitters'
        // warnings; it runs here, where the files arrive in the order they
        // are submitted, so a file is judged after every earlier one went.
        let mut case_key = None;
        if let (Some(gate), true) = (&plan.case_gate, info.not_at_dest) {
            match gate.check(&info.compare_key, &info.src, &info.dest) {
                Verdict::Download { key, notice } => {
                    if let Some(notice) = notice {
                        let _ = events.send(Event::Notice(notice));
                    }
                    case_key = Some(key);
                }
                Verdict::Skip { notice } => {
                    let _ = events.send(Event::Notice(notice));
                    continue;
                }
                Verdict::Fail(message) => {
                    // The reference's comparator raises: the transfer
                    // manager cancels the downloads in flight and the
                    // command ends with `fatal error: ...`. The error goes
                    // out first, so it is what the command prints.
                    let _ = events.send(Event::Fatal(message));
                    plan.cancel();
                    break;
                }
            }
        }
        if let Some(warning) = skip_warning(&plan, &info, &root) {
            if let Some(w) = warning {
                let _ = events.send(w);
            }
            continue;
        }
        if info.op == Op::Upload
            && info
                .size
                .is_some_and(|n| n > awscli_s3transfer::config::MAX_UPLOAD_SIZE)
        {
            // `_warn_if_too_large` warns but still submits the upload.
            let path = paths::relative_path(&info.src, &plan.cwd);
            let _ = events.send(Event::Warning(format!(
                "warning: File {path} exceeds s3 upload limit of 5.0 TiB."
            )));
        }
        let (kind, src_text, dest_text) = describe(&plan, &info);
        if params.flag("dryrun") {
            let _ = events.send(Event::DryRun {
                kind,
                src: src_text,
                dest: dest_text,
            });
            continue;
        }
        total += 1;
        let key = counter.fetch_add(1, Ordering::Relaxed);
        let _ = events.send(Event::Queued {
            key,
            size: if info.op == Op::Delete {
                None
            } else {
                info.size
            },
        });
        let permit = Arc::clone(&in_flight).acquire_owned().await;
        let p = Arc::clone(&plan);
        let ev = events.clone();
        tasks.spawn(async move {
            let _permit = permit;
            let result = execute(&p, &info, &ev).await;
            // `CaseConflictCleanupSubscriber`: the download no longer races
            // a case variant.
            if let (Some(gate), Some(key)) = (&p.case_gate, &case_key) {
                gate.finished(key);
            }
            let event = match result {
                Ok(false) => Event::Skipped { key },
                Ok(true) => Event::Success {
                    key,
                    kind,
                    src: src_text,
                    dest: dest_text,
                },
                Err(error) => Event::Failure {
                    key,
                    kind,
                    src: src_text,
                    dest: dest_text,
                    error,
                },
            };
            let _ = ev.send(event);
        });
        while tasks.try_join_next().is_some() {}
    }
    // After a break (Ctrl-C, a fatal case conflict) a generator may wait to
    // send into the full queue: closing it lets them end.
    drop(rx);
    for g in generators {
        let _ = g.await;
    }
    // As the reference: the total is known once everything is submitted,
    // before the transfers end.
    let _ = events.send(Event::FinalTotal(total));
    while tasks.join_next().await.is_some() {}
}

fn make_filter(plan: &Plan, src: &str, dest: &str) -> Filter {
    if plan.params.filters.is_empty() {
        return Filter::default();
    }
    let root = |location: &str| -> String {
        if let Some(rest) = location.strip_prefix("s3://") {
            let (bucket, mut key) = find_bucket_key(rest);
            if !plan.dir_op && !key.ends_with('/') {
                key = key
                    .rsplit_once('/')
                    .map(|(d, _)| d.to_owned())
                    .unwrap_or_default();
            }
            format!("{bucket}/{key}")
        } else {
            let abs = paths::abspath(location, &plan.cwd);
            if plan.dir_op {
                abs
            } else {
                let dir = abs
                    .rsplit_once('/')
                    .map(|(d, _)| d.to_owned())
                    .unwrap_or_default();
                if dir.is_empty() {
                    "/".to_owned()
                } else {
                    dir
                }
            }
        }
    };
    Filter::new(&plan.params.filters, &root(src), &root(dest))
}

/// The warnings that skip a file (`_warn_glacier`, `_warn_parent_reference`,
/// `_warn_if_too_large`), plus a refusal to write through a directory
/// symlink that leads outside the destination. `Some(None)` skips silently
/// (`--ignore-glacier-warnings`).
fn skip_warning(plan: &Plan, info: &FileInfo, dest_root: &str) -> Option<Option<Event>> {
    let params = &plan.params;
    match info.op {
        Op::Download | Op::Copy => {
            if !params.flag("force-glacier-transfer") && is_glacier(info) {
                if params.flag("ignore-glacier-warnings") {
                    return Some(None);
                }
                let name = info.op.name();
                return Some(Some(Event::Warning(format!(
                    "warning: Skipping file s3://{}. Object is of storage class GLACIER. Unable to perform {name} operations on GLACIER objects. You must restore the object to be able to perform the operation. See aws s3 {name} help for additional parameter options to ignore or force these transfers.",
                    info.src
                ))));
            }
            if info.op == Op::Download {
                if paths::references_parent(&info.compare_key) {
                    return Some(Some(Event::Warning(format!(
                        "warning: Skipping file {}. File references a parent directory.",
                        info.compare_key
                    ))));
                }
                if plan.dir_op && escapes_through_symlink(&info.dest, dest_root) {
                    return Some(Some(Event::Warning(format!(
                        "warning: Skipping file {}. File would be written outside the destination directory through a symbolic link.",
                        info.compare_key
                    ))));
                }
            }
            None
        }
        Op::Upload | Op::Delete => None,
    }
}

fn is_glacier(info: &FileInfo) -> bool {
    let glacier = matches!(
        info.storage_class.as_deref(),
        Some("GLACIER") | Some("DEEP_ARCHIVE")
    );
    let restored = info
        .restore
        .as_deref()
        .is_some_and(|r| r.contains("ongoing-request=\"false\""));
    glacier && !restored
}

/// Whether the nearest existing ancestor of `dest` resolves outside `root`.
fn escapes_through_symlink(dest: &str, root: &str) -> bool {
    let Ok(root) = std::fs::canonicalize(root) else {
        return false;
    };
    let mut dir = PathBuf::from(dest);
    dir.pop();
    loop {
        if let Ok(real) = std::fs::canonicalize(&dir) {
            return !real.starts_with(&root);
        }
        if !dir.pop() {
            return false;
        }
    }
}

/// The transfer type and the source/destination as printed.
fn describe(plan: &Plan, info: &FileInfo) -> (&'static str, String, Option<String>) {
    let kind = if plan.is_move && info.op != Op::Delete {
        "move"
    } else {
        info.op.name()
    };
    let fmt = |path: &str, location: Location| match location {
        Location::Local => paths::relative_path(path, &plan.cwd),
        Location::S3 => format!("s3://{path}"),
    };
    let src = fmt(&info.src, info.src_type);
    let dest = match info.op {
        Op::Delete => None,
        _ => Some(fmt(&info.dest, info.dest_type)),
    };
    (kind, src, dest)
}

/// Runs one transfer; `Ok(false)` when `--no-overwrite` skipped it. The
/// error is the text printed after `failed: ...`.
async fn execute(
    plan: &Plan,
    info: &FileInfo,
    events: &mpsc::UnboundedSender<Event>,
) -> Result<bool, String> {
    let no_overwrite = plan.params.flag("no-overwrite");
    if no_overwrite && info.op == Op::Download && std::fs::symlink_metadata(&info.dest).is_ok() {
        return Ok(false);
    }
    let result = execute_inner(plan, info, events, no_overwrite).await;
    match result {
        Err(Failure::Transfer(awscli_s3transfer::TransferError::Call(e)))
            if no_overwrite
                && e.service_error()
                    .is_some_and(|s| s.code == "PreconditionFailed") =>
        {
            Ok(false)
        }
        Err(e) => Err(e.to_string()),
        Ok(()) => Ok(true),
    }
}

/// A failed transfer: the engine's error, or a local one.
enum Failure {
    Transfer(awscli_s3transfer::TransferError),
    Other(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Transfer(e) => write!(f, "{e}"),
            Failure::Other(m) => f.write_str(m),
        }
    }
}

impl From<awscli_s3transfer::TransferError> for Failure {
    fn from(e: awscli_s3transfer::TransferError) -> Self {
        Failure::Transfer(e)
    }
}

impl From<String> for Failure {
    fn from(m: String) -> Self {
        Failure::Other(m)
    }
}

async fn execute_inner(
    plan: &Plan,
    info: &FileInfo,
    events: &mpsc::UnboundedSender<Event>,
    no_overwrite: bool,
) -> Result<(), Failure> {
    let ev = events.clone();
    let progress: awscli_s3transfer::Progress = Arc::new(move |bytes| {
        let _ = ev.send(Event::Progress { bytes });
    });
    let params = &plan.params;
    match info.op {
        Op::Upload => {
            let (bucket, key) = find_bucket_key(&info.dest);
            let mut extra = object_extra(params, false)?;
            if no_overwrite {
                extra.insert("IfNoneMatch".into(), s("*"));
            }
            if !params.flag("no-guess-mime-type") && params.value("content-type").is_none() {
                if let Some(t) = super::mime::guess_type(&info.src) {
                    extra.insert("ContentType".into(), s(t));
                }
            }
            let request = UploadRequest {
                bucket,
                key,
                source: UploadSource::File(PathBuf::from(&info.src)),
                size: info.size,
                extra,
            };
            plan.transfers.upload(request, progress).await?;
            if plan.is_move {
                std::fs::remove_file(&info.src).map_err(|e| e.to_string())?;
            }
        }
        Op::Download => {
            let (bucket, key) = find_bucket_key(&info.src);
            let mut extra = get_object_extra(params);
            if params.value("checksum-mode").is_some() {
                extra.insert("ChecksumMode".into(), s("ENABLED"));
            }
            let request = DownloadRequest {
                bucket: bucket.clone(),
                key: key.clone(),
                dest: PathBuf::from(&info.dest),
                size: info.size.unwrap_or(0),
                etag: info.etag.clone(),
                last_modified: info.last_update.map(generate::system_time),
                extra,
            };
            match plan.transfers.download(request, progress).await {
                Ok(()) => {}
                Err(awscli_s3transfer::TransferError::Utime(path)) => {
                    let _ = events.send(Event::Warning(format!(
                        "warning: Successfully Downloaded {path} but was unable to update the last modified time. "
                    )));
                }
                Err(e) => return Err(e.into()),
            }
            if plan.is_move {
                plan.transfers
                    .delete(&bucket, &key, &delete_extra(params))
                    .await?;
            }
        }
        Op::Copy => {
            let (bucket, key) = find_bucket_key(&info.dest);
            let (source_bucket, source_key) = find_bucket_key(&info.src);
            let mut extra = object_extra(params, true)?;
            if no_overwrite {
                extra.insert("IfNoneMatch".into(), s("*"));
            }
            let copy_props = params.value("copy-props").unwrap_or("default");
            if params.value("metadata-directive").is_none() && copy_props == "none" {
                // `ReplaceMetadataDirectiveSubscriber` and `ReplaceTaggingDirectiveSubscriber`.
                extra.insert("MetadataDirective".into(), s("REPLACE"));
                extra.insert("TaggingDirective".into(), s("REPLACE"));
            }
            if params.value("metadata-directive").is_none() && copy_props == "metadata-directive" {
                // `_get_metadata_directive_subscribers`: the tags are not copied.
                extra.insert("TaggingDirective".into(), s("REPLACE"));
            }
            let copy_metadata =
                params.value("metadata-directive").is_none() && copy_props != "none";
            if copy_metadata
                && info.size.unwrap_or(0) < plan.transfers.config.multipart_threshold
                && METADATA_PROPS.iter().any(|p| extra.contains_key(*p))
            {
                // `SetMetadataDirectivePropsSubscriber`: explicit properties
                // replace the whole set, so the source's others are carried
                // over (multipart copies do this in the engine).
                extra.insert("MetadataDirective".into(), s("REPLACE"));
                let mut head = IndexMap::new();
                head.insert("Bucket".to_owned(), s(&source_bucket));
                head.insert("Key".to_owned(), s(&source_key));
                sse_c(
                    &mut head,
                    params,
                    "sse-c-copy-source",
                    "sse-c-copy-source-key",
                    "SSECustomer",
                );
                request_payer(&mut head, params);
                let response = plan
                    .source
                    .client
                    .call("HeadObject", Value::Map(head))
                    .await?;
                for prop in METADATA_PROPS {
                    if !extra.contains_key(prop) {
                        if let Some(v) = response.output.get(prop) {
                            extra.insert(prop.to_owned(), v.clone());
                        }
                    }
                }
            }
            let request = CopyRequest {
                source_bucket: source_bucket.clone(),
                source_key: source_key.clone(),
                bucket,
                key,
                size: info.size.unwrap_or(0),
                extra,
                copy_metadata,
                copy_tags: copy_props == "default" && params.value("metadata-directive").is_none(),
            };
            plan.transfers.copy(request, progress).await?;
            if plan.is_move {
                plan.source
                    .delete(&source_bucket, &source_key, &delete_extra(params))
                    .await?;
            }
        }
        Op::Delete => match info.src_type {
            Location::S3 => {
                let (bucket, key) = find_bucket_key(&info.src);
                plan.transfers
                    .delete(&bucket, &key, &delete_extra(params))
                    .await?;
            }
            Location::Local => {
                std::fs::remove_file(&info.src).map_err(|e| {
                    awscli_s3transfer::transfer::os_error(&e, std::path::Path::new(&info.src))
                        .to_string()
                })?;
            }
        },
    }
    Ok(())
}

/// `SetMetadataDirectivePropsSubscriber._ALL_METADATA_DIRECTIVE_PROPERTIES`.
const METADATA_PROPS: [&str; 7] = [
    "CacheControl",
    "ContentDisposition",
    "ContentEncoding",
    "ContentLanguage",
    "ContentType",
    "Expires",
    "Metadata",
];

fn delete_extra(params: &Params) -> IndexMap<String, Value> {
    let mut e = IndexMap::new();
    request_payer(&mut e, params);
    e
}

/// `cp - s3://b/k`: uploads stdin.
async fn submit_stream_upload(plan: &Plan, events: &mpsc::UnboundedSender<Event>, dest: &str) {
    let (bucket, key) = find_bucket_key(dest.trim_start_matches("s3://"));
    let params = &plan.params;
    let dest_text = format!("s3://{bucket}/{key}");
    if params.flag("dryrun") {
        let _ = events.send(Event::DryRun {
            kind: "upload",
            src: "-".into(),
            dest: Some(dest_text),
        });
        let _ = events.send(Event::FinalTotal(0));
        return;
    }
    let expected = params
        .value("expected-size")
        .and_then(|v| v.parse::<u64>().ok());
    let _ = events.send(Event::Queued {
        key: 0,
        size: expected,
    });
    let ev = events.clone();
    let progress: awscli_s3transfer::Progress = Arc::new(move |bytes| {
        let _ = ev.send(Event::Progress { bytes });
    });
    let result = match object_extra(params, false) {
        Err(e) => Err(e),
        Ok(extra) => {
            let request = UploadRequest {
                bucket,
                key,
                source: UploadSource::Stream(Box::new(tokio::io::stdin())),
                size: expected,
                extra,
            };
            plan.transfers
                .upload(request, progress)
                .await
                .map_err(|e| e.to_string())
        }
    };
    let event = match result {
        Ok(()) => Event::Success {
            key: 0,
            kind: "upload",
            src: "-".into(),
            dest: Some(dest_text),
        },
        Err(error) => Event::Failure {
            key: 0,
            kind: "upload",
            src: "-".into(),
            dest: Some(dest_text),
            error,
        },
    };
    let _ = events.send(event);
    let _ = events.send(Event::FinalTotal(1));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_forms() {
        let m = parse_metadata("a=1,b=2").unwrap();
        assert_eq!(m.get("b"), Some(&s("2")));
        let m = parse_metadata("{\"k\": \"v\"}").unwrap();
        assert_eq!(m.get("k"), Some(&s("v")));
    }
}
