//! The network half of an AWS CLI API call, async on tokio: HTTP transport
//! ([`http`]), SigV4 signing ([`sign`]), standard-mode retries ([`retry`]),
//! the call itself ([`invoke`]), botocore's built-in event handlers
//! ([`handlers`]), pagination ([`paginate`]), waiters ([`waiter`]) and the
//! `--debug` sink ([`debug`]).
//!
//! The reference is AWS CLI v2 and its vendored botocore: `endpoint.py`,
//! `httpsession.py`, `auth.py`, `retries/`, `paginate.py`, `waiter.py`.
//! Serialization and parsing are the protocol crate's job, reached through
//! the [`OperationCodec`] trait; endpoint resolution happens before a call
//! and arrives as a URL in the [`CallContext`].
//!
//! ```no_run
//! # async fn demo(service: &awscli_model::Service, codec: std::sync::Arc<dyn awscli_client::OperationCodec>)
//! # -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use awscli_client::*;
//! let http = Arc::new(HttpClient::new(&HttpConfig::default())?);
//! let operation = service.operation("ListQueues")?;
//! let signing = SigningConfig::resolve(service, operation, None, "us-east-1", false);
//! let credentials = Some(Credentials::new("AKID", "SECRET"));
//! let ctx = CallContext::new("https://sqs.us-east-1.amazonaws.com", signing, credentials, http, codec);
//! let output = invoke(&ctx, service, operation, &awscli_model::Value::empty_map()).await?;
//! # let _ = output; Ok(()) }
//! ```

pub mod credentials;
pub mod debug;
pub mod handlers;
pub mod http;
pub mod invoke;
pub mod paginate;
pub mod path;
pub mod python;
pub mod retry;
pub mod sign;
pub mod waiter;

pub use credentials::Credentials;
pub use debug::{DebugLog, DebugSink, MemoryLog};
pub use handlers::{ChecksumAlgorithm, ChecksumWhen, HandlerConfig, HandlerError, TraceEnv};
pub use http::{
    BodyStream, BoxFuture, BufferedBody, HttpClient, HttpConfig, HttpConfigError, HttpTransport,
    PreparedRequest, ProxyConfig, TransportError, TransportResponse,
};
pub use invoke::{
    invoke, invoke_full, invoke_owned, join_endpoint_url, CallContext, CallError, Clock,
    CodecError, InvokeOptions, Invoker, OperationCaller, OperationCodec, ProtocolCodec,
    RandomSource, Response, Sleeper, TokioSleeper,
};
pub use paginate::{PageIterator, PaginateError, PaginationConfig, TokenDecoder, TokenEncoder};
pub use retry::{RetryConfig, RetryMode, RetryQuota};
pub use sign::{presign_url, sign_request, PayloadInfo, SignerKind, SigningConfig, SigningError};
pub use waiter::{wait, WaiterConfig, WaiterError};
