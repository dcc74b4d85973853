//! The first-paint shell: the header and heading that `dist/index.html` shows before the
//! app runs (written by xtask/src/shell.rs, chosen by static/boot.js and static/app.css).

/// Removes the shell. Called as the app first draws its own page: effects run before the
/// browser paints again, so the shell and the app are never on screen together and there
/// is no blank frame between them.
pub fn dismiss() {
    let document = gloo::utils::document();
    if let Some(shell) = document.get_element_by_id("shell") {
        shell.remove();
    }
    if let Some(root) = document.document_element() {
        let _ = root.remove_attribute("data-shell-page");
    }
}
