//! The S3 operations the transfers call, through the model-driven client
//! (`awscli_client::invoke_full`), with a call context per operation and
//! bucket supplied by the caller (endpoint resolution and credentials are
//! the binary's business).
use std::sync::Arc;

use awscli_client::{CallContext, CallError, InvokeOptions, Response};
use awscli_model::{Service, Value};
use indexmap::IndexMap;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::io::AsyncWrite;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

use crate::TransferError;

/// The default memory budget for upload bodies: 24 MiB, which keeps the
/// whole process under 64 MB.
const DEFAULT_BUFFER_BUDGET_KIB: u32 = 24 * 1024;

/// File creations and renames in flight (see [`S3Client::file_op`]).
const FILE_OPS: usize = 2;

/// Supplies the call context (endpoint, signing, credentials, transport) of
/// one call. Implementations should cache: the transfers call this once per
/// request.
pub trait ContextProvider: Send + Sync {
    fn context(
        &self,
        operation: &awscli_model::Operation,
        input: &Value,
    ) -> Result<Arc<CallContext>, TransferError>;
}

/// The S3 service model plus a context provider, and the semaphore that
/// bounds the requests in flight (`max_concurrent_requests`).
pub struct S3Client {
    service: Arc<Service>,
    provider: Arc<dyn ContextProvider>,
    requests: Arc<Semaphore>,
    /// Bytes of upload bodies held in memory at once, in KiB permits.
    buffers: Arc<Semaphore>,
    buffer_permits: u32,
    /// Blocking file creations and renames at once.
    file_ops: Arc<Semaphore>,
    cancel: Cancel,
    bandwidth: Option<Bandwidth>,
}

/// `max_bandwidth`: a leaky bucket shared by every transfer.
struct Bandwidth {
    bytes_per_second: u64,
    next_free: std::sync::Mutex<tokio::time::Instant>,
}

/// Cancellation of every transfer (Ctrl-C): requests in flight stop, and
/// the transfers clean up (abort multipart uploads, remove temp files).
#[derive(Default)]
pub struct Cancel {
    flag: AtomicBool,
    notify: Notify,
}

impl Cancel {
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    /// Resolves once [`Cancel::cancel`] has been called.
    pub async fn cancelled(&self) {
        loop {
            let notified = self.notify.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

impl S3Client {
    pub fn new(
        service: Arc<Service>,
        provider: Arc<dyn ContextProvider>,
        max_concurrent_requests: usize,
    ) -> S3Client {
        S3Client {
            service,
            provider,
            requests: Arc::new(Semaphore::new(max_concurrent_requests.max(1))),
            buffers: Arc::new(Semaphore::new(DEFAULT_BUFFER_BUDGET_KIB as usize)),
            buffer_permits: DEFAULT_BUFFER_BUDGET_KIB,
            file_ops: Arc::new(Semaphore::new(FILE_OPS)),
            cancel: Cancel::default(),
            bandwidth: None,
        }
    }

    /// Bounds the bytes of upload bodies read into memory at once (a
    /// request slot alone would allow `max_concurrent_requests` parts).
    pub fn with_buffer_budget(mut self, bytes: u64) -> S3Client {
        let permits = bytes.div_ceil(1024).clamp(1, u64::from(u32::MAX >> 4)) as u32;
        self.buffers = Arc::new(Semaphore::new(permits as usize));
        self.buffer_permits = permits;
        self
    }

    /// Waits for a turn to create and rename a file: two at a time keep
    /// both cores busy without contending for a directory's lock.
    pub async fn file_op(&self) -> OwnedSemaphorePermit {
        Arc::clone(&self.file_ops)
            .acquire_owned()
            .await
            .expect("the file semaphore is never closed")
    }

    /// Waits until `bytes` more may be held in memory; the permit gives
    /// them back when dropped. A body larger than the whole budget waits
    /// for all of it.
    pub async fn buffer(&self, bytes: u64) -> OwnedSemaphorePermit {
        let wanted = bytes
            .div_ceil(1024)
            .clamp(1, u64::from(self.buffer_permits)) as u32;
        Arc::clone(&self.buffers)
            .acquire_many_owned(wanted)
            .await
            .expect("the buffer semaphore is never closed")
    }

    /// Limits the bytes per second over all transfers (`max_bandwidth`).
    pub fn with_max_bandwidth(mut self, bytes_per_second: Option<u64>) -> S3Client {
        self.bandwidth = bytes_per_second.filter(|b| *b > 0).map(|b| Bandwidth {
            bytes_per_second: b,
            next_free: std::sync::Mutex::new(tokio::time::Instant::now()),
        });
        self
    }

    /// How long to wait before `bytes` more may move, under `max_bandwidth`.
    pub fn reserve(&self, bytes: u64) -> Option<std::time::Duration> {
        let limit = self.bandwidth.as_ref()?;
        let mut next = limit.next_free.lock().ok()?;
        let now = tokio::time::Instant::now();
        if *next < now {
            *next = now;
        }
        // These bytes may have moved once the bucket has drained them.
        *next += std::time::Duration::from_secs_f64(bytes as f64 / limit.bytes_per_second as f64);
        let wait = *next - now;
        (!wait.is_zero()).then_some(wait)
    }

    /// Waits for `bytes` of bandwidth.
    pub async fn throttle(&self, bytes: u64) {
        if let Some(wait) = self.reserve(bytes) {
            tokio::time::sleep(wait).await;
        }
    }

    pub fn service(&self) -> &Service {
        &self.service
    }

    /// Cancels every transfer of this client.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// Waits for a request slot. Transfers hold one while a part is read
    /// into memory and sent, which bounds memory to slots x part size.
    pub async fn slot(&self) -> OwnedSemaphorePermit {
        // The semaphore is never closed.
        Arc::clone(&self.requests)
            .acquire_owned()
            .await
            .expect("the request semaphore is never closed")
    }

    /// Calls `operation` with `input`.
    pub async fn call(&self, operation: &str, input: Value) -> Result<Response, TransferError> {
        tokio::select! {
            r = self.call_uncancellable(operation, input) => r,
            _ = self.cancel.cancelled() => Err(TransferError::Cancelled),
        }
    }

    /// Calls `operation` even after a cancellation (clean-up calls).
    pub async fn call_uncancellable(
        &self,
        operation: &str,
        input: Value,
    ) -> Result<Response, TransferError> {
        validate(&input)?;
        let op = self
            .service
            .operation(operation)
            .map_err(|e| TransferError::Other(e.to_string()))?;
        let ctx = self.provider.context(op, &input)?;
        // By value: a part's body moves into the request, never copied.
        awscli_client::invoke_owned(&ctx, &self.service, op, input, InvokeOptions::default())
            .await
            .map_err(TransferError::from)
    }

    /// Calls a streaming-output `operation`, writing the body to `writer`.
    pub async fn call_to(
        &self,
        operation: &str,
        input: Value,
        writer: &mut (dyn AsyncWrite + Unpin + Send),
    ) -> Result<Response, TransferError> {
        validate(&input)?;
        let op = self
            .service
            .operation(operation)
            .map_err(|e| TransferError::Other(e.to_string()))?;
        let ctx = self.provider.context(op, &input)?;
        let options = InvokeOptions {
            stream_to: Some(writer),
        };
        let call = awscli_client::invoke_owned(&ctx, &self.service, op, input, options);
        tokio::select! {
            r = call => r.map_err(|e| match e {
                CallError::Io(io) => TransferError::Io(io),
                other => TransferError::Call(other),
            }),
            _ = self.cancel.cancelled() => Err(TransferError::Cancelled),
        }
    }
}

/// botocore's client-side check that the reference reports first: an
/// empty `Key` (a directory given to `cp` without `--recursive`).
pub fn validate(input: &Value) -> Result<(), TransferError> {
    if input.get("Key").and_then(Value::as_str) == Some("") {
        return Err(TransferError::Other(
            "Parameter validation failed:\nInvalid length for parameter Key, value: 0, valid min length: 1"
                .into(),
        ));
    }
    Ok(())
}

/// Builds an input map.
pub fn input(pairs: impl IntoIterator<Item = (&'static str, Value)>) -> IndexMap<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// A string value.
pub fn s(v: impl Into<String>) -> Value {
    Value::String(v.into())
}
