//! Sharing a show: the hub every action goes through, the HTTP server that
//! exposes it, and the follower that mirrors it elsewhere.

mod hub;

pub use hub::Hub;
