//! Content-Security-Policy. Pages get a policy with a per-response nonce for the inline
//! hydration script; everything else gets [`NON_PAGE_POLICY`] from the server's middleware.

use leptos::prelude::*;

/// For responses that are not HTML pages (files, server functions, JSON): nothing may load.
pub const NON_PAGE_POLICY: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The policy of an HTML page whose inline scripts carry `nonce`. `'wasm-unsafe-eval'` lets the
/// page compile its WebAssembly bundle; nothing else may be evaluated.
pub fn page_policy(nonce: &str, live_reload: Option<&str>) -> String {
    let reload = live_reload.map(|src| format!(" {src}")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'{reload}; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    )
}

/// Where a page render leaves its policy for the server's middleware, which puts it on the
/// response. (Headers set through Leptos's `ResponseOptions` were occasionally missing from
/// pages rendered while the server was busy; this path does not depend on them.)
#[derive(Clone, Debug, Default)]
pub struct PagePolicySlot(std::sync::Arc<std::sync::Mutex<Option<String>>>);

impl PagePolicySlot {
    /// The policy the page asked for, if a page was rendered.
    pub fn take(&self) -> Option<String> {
        self.0.lock().ok().and_then(|mut policy| policy.take())
    }

    fn set(&self, policy: String) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(policy);
        }
    }
}

/// Called once per page render, before anything is streamed: makes sure Leptos has a nonce for
/// its inline scripts and leaves the matching policy for the middleware.
pub fn provide_for_page(options: &LeptosOptions) {
    if leptos::nonce::use_nonce().is_none() {
        leptos::nonce::provide_nonce();
    }
    let (Some(nonce), Some(parts)) = (
        leptos::nonce::use_nonce(),
        use_context::<http::request::Parts>(),
    ) else {
        return;
    };
    // `cargo leptos watch` injects a live-reload socket; allow it only in that mode.
    let live_reload = std::env::var_os("LEPTOS_WATCH").map(|_| {
        format!(
            "ws://{}:{}",
            options.site_addr.ip(),
            options.reload_external_port.unwrap_or(options.reload_port)
        )
    });
    if let Some(slot) = parts.extensions.get::<PagePolicySlot>() {
        slot.set(page_policy(&nonce, live_reload.as_deref()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_policy_allows_only_the_nonce_and_wasm() {
        let policy = page_policy("abc123", None);
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("connect-src 'self';"));
    }

    #[test]
    fn live_reload_is_added_to_connect_src() {
        let policy = page_policy("n", Some("ws://127.0.0.1:3001"));
        assert!(policy.contains("connect-src 'self' ws://127.0.0.1:3001;"));
    }
}
