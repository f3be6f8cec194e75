//! The hand-written `cloudformation` commands: `deploy` (change sets for a
//! local template) and `package` (local artifacts uploaded to S3 and the
//! template rewritten to point at them).
//!
//! Spec: `awscli/customizations/cloudformation/`.
pub mod deploy;
pub mod package;
