//! The botocore service models, as the AWS CLI reads them at run time.
//!
//! This crate owns three things:
//! - [`store`]: the snapshot of one pinned botocore release embedded in the
//!   binary (written by `scripts/update-models`), one compressed file per
//!   service, decoded only when a command needs that service;
//! - [`Service`], [`Operation`], [`Shape`], [`Paginator`], [`Waiter`]: typed
//!   views of `service-2.json`, `paginators-1.json` and `waiters-2.json`
//!   (format: <https://github.com/boto/botocore/tree/develop/botocore/data>);
//! - [`Value`]: the one value type every stage passes along (parameters,
//!   request input, parsed responses, output).
//!
//! It does no I/O besides reading the embedded bytes, and no network.
//!
//! ```
//! let ec2 = awscli_model::store::load("ec2").unwrap();
//! let op = ec2.operation("DescribeInstances").unwrap();
//! assert_eq!(op.http.method, "POST");
//! ```

mod error;
mod service;
mod shape;
pub mod store;
mod value;

pub use error::ModelError;
pub use service::{
    Docs, HttpBinding, Metadata, Operation, Paginator, Service, Waiter, WaiterAcceptor,
};
pub use shape::{ContextParam, ErrorTrait, Location, MemberRef, Shape, ShapeType, XmlNamespace};
pub use value::{Timestamp, Value, WireValue};
