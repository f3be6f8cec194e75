//! Definitions of the hand-written commands of `aws`: the commands that
//! have no service model, described once as data so that the binary's
//! parser, the help pages (`awscli-help`, which cannot depend on the
//! binary) and the shell completer all read the same table.
//!
//! So far: the `aws s3` commands ([`s3`]).
pub mod s3;
