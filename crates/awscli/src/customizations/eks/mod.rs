//! `aws eks get-token` and `aws eks update-kubeconfig`.
//!
//! Spec: `awscli/customizations/eks/` (`get_token.py`,
//! `update_kubeconfig.py`, `kubeconfig.py`) of AWS CLI v2.
pub mod get_token;
pub mod kubeconfig;
pub mod update_kubeconfig;
