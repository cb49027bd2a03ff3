// Nothing typed is lost when the live connection drops for good (a server restart or deploy makes Blazor reload
// the page): text in a field marked data-draft is kept in this tab's sessionStorage until it is sent, and put back
// after the reload. Blazor's enhanced navigation and circuits do everything else; this is the only page script (it also keeps the
// phone menu's current entry in view).
// It also copies: a button with data-copy="field-id" puts that field's value on the clipboard (the field is
// readonly and selectable, so copying by hand works without this).
(function () {
    "use strict";
    function key(el) { return "draft:" + location.pathname + ":" + el.getAttribute("data-draft"); }
    document.addEventListener("input", function (e) {
        var el = e.target;
        if (el && el.hasAttribute && el.hasAttribute("data-draft")) {
            if (el.value) sessionStorage.setItem(key(el), el.value); else sessionStorage.removeItem(key(el));
        }
    });
    function restore() {
        document.querySelectorAll("[data-draft]").forEach(function (el) {
            var saved = sessionStorage.getItem(key(el));
            if (saved && !el.value && !el.disabled) {
                el.value = saved;
                // Tell a live page's binding about it too.
                el.dispatchEvent(new Event("input", { bubbles: true }));
                el.dispatchEvent(new Event("change", { bubbles: true }));
            }
        });
    }
    // A live page calls this once its circuit runs, so the field's binding on the server hears the restored text.
    window.callrecoverDrafts = { restore: restore };
    // A sent form clears its draft (the page confirms by emptying the field). A form already on its way is not sent
    // again by a second tap (an invoice line added twice): the second submit is dropped until the page has answered.
    document.addEventListener("submit", function (e) {
        var form = e.target;
        if (form && form.hasAttribute && form.hasAttribute("data-enhance") && (form.getAttribute("method") || "").toLowerCase() === "post") {
            if (form.dataset.sending === "1") { e.preventDefault(); e.stopImmediatePropagation(); return; }
            form.dataset.sending = "1";
            setTimeout(function () { delete form.dataset.sending; }, 10000);
        }
        form.querySelectorAll && form.querySelectorAll("[data-draft]").forEach(function (el) { sessionStorage.removeItem(key(el)); });
    }, true);
    function sent() { document.querySelectorAll("form[data-sending]").forEach(function (f) { delete f.dataset.sending; }); }
    document.addEventListener("click", function (e) {
        var button = e.target && e.target.closest ? e.target.closest("[data-copy]") : null;
        if (!button) return;
        var field = document.getElementById(button.getAttribute("data-copy"));
        if (!field) return;
        field.select();
        var done = function () { button.textContent = "Copied"; };
        if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(field.value).then(done, function () { });
        else if (document.execCommand && document.execCommand("copy")) done();
    });
    // On a phone the menu is one row that scrolls sideways: bring the page's own entry into view, without moving the page.
    function showActive() {
        var nav = document.querySelector("nav.nav"), a = nav && nav.querySelector("a.active");
        if (a && nav.scrollWidth > nav.clientWidth) nav.scrollLeft = a.offsetLeft - nav.offsetLeft - (nav.clientWidth - a.offsetWidth) / 2;
    }
    function loaded() { restore(); showActive(); }
    document.addEventListener("DOMContentLoaded", loaded);
    if (window.Blazor && Blazor.addEventListener) { Blazor.addEventListener("enhancedload", loaded); Blazor.addEventListener("enhancedload", sent); }
    else document.addEventListener("DOMContentLoaded", function () {
        if (window.Blazor && Blazor.addEventListener) { Blazor.addEventListener("enhancedload", loaded); Blazor.addEventListener("enhancedload", sent); }
    });
})();
