//! Sharing a show: the hub every action goes through, the HTTP server that
//! exposes it (axum on hyper and tokio), and the follower that mirrors it
//! elsewhere (reqwest).

mod access;
mod client;
mod control;
mod events;
mod follow;
mod headless;
mod hub;
mod limits;
mod links;
mod live;
mod meter;
mod overview;
mod pages;
mod reply;
mod server;
mod sse;

pub use access::{Access, HostPolicy, Role, check_token, generate_token};
pub use client::runtime;
pub use client::{Endpoint, PostError, Response, action_request, request};
pub use control::{ACTIONS, MAX_MESSAGE_CHARS, parse_action};
pub use events::{HEARTBEAT, Heartbeat, Hello, Resume};
pub use follow::{FollowOptions, Follower, LINK_TIMEOUT, LinkState, LinkStatus};
pub use headless::{
    ShareRequest, TokenSource, follow_token, serve_headless, serve_hub, share_request,
    start_server, token_file,
};
pub use hub::{BACKLOG, Change, Hub};
pub use limits::{
    MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS, MAX_CONTROL_STREAMS, MAX_VIEWER_STREAMS,
    MAX_VIEWER_STREAMS_PER_ADDRESS, STALL_TIMEOUT, StreamInfo,
};
pub use links::{PageLink, links_lines, links_text, page_links, qr_lines};
pub use meter::{MAX_UNREAD, SEND_BUFFER};
pub use overview::{BoardOrder, Overview};
pub use reply::ApiError;
pub use server::{
    HEADER_READ_TIMEOUT, MAX_BODY, MAX_HEAD, ServeOptions, ServerHandle, parse_share_addr, serve,
    serve_with,
};
