//! Sharing a show: the hub every action goes through, the HTTP server that
//! exposes it, and the follower that mirrors it elsewhere.

mod follow;
mod headless;
mod http;
mod hub;
mod server;

pub use follow::{
    Endpoint, Follower, LINK_TIMEOUT, LinkState, LinkStatus, PostError, Response, action_request,
    request,
};
pub use headless::{ShareRequest, TokenSource, serve_headless, share_request, start_server};
pub use http::{MAX_BODY, MAX_HEAD};
pub use hub::Hub;
pub use server::{
    ACTIONS, Access, HEARTBEAT, Heartbeat, Hello, MAX_CONNECTIONS, MAX_MESSAGE_CHARS, ServerHandle,
    check_token, generate_token, parse_action, parse_share_addr, serve,
};
