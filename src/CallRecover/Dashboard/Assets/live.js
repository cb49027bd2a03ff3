// Live dashboard without reloads: the server pushes "something changed" hints over Server-Sent Events
// (/api/dashboard/live); this script re-fetches the current page and swaps the regions marked data-region,
// leaving forms the owner is typing in untouched. Forms marked data-inline are posted with fetch the same way.
(function () {
    "use strict";
    var kindsHost = document.querySelector("[data-live-kinds]");
    var kinds = kindsHost ? kindsHost.getAttribute("data-live-kinds").split(",") : [];
    var timer = null;
    var inFlight = false;
    var again = false;

    // Each render of a form carries a fresh anti-forgery token (any of them stays valid for this session), so two
    // renders of an unchanged region differ only there. Compared with the tokens, every refresh would replace every
    // form in a region, and a tap landing while its button is swapped for an identical one would be lost.
    function comparable(el) {
        var copy = el.cloneNode(true);
        copy.querySelectorAll("input[name='__RequestVerificationToken']").forEach(function (i) { i.removeAttribute("value"); });
        return copy.outerHTML;
    }

    function swap(html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-region]").forEach(function (el) {
            var fresh = el.id ? doc.getElementById(el.id) : null;
            if (fresh && comparable(fresh) !== comparable(el)) el.replaceWith(document.importNode(fresh, true));
        });
        document.body.setAttribute("data-refreshed", String(Date.now()));
    }

    function refresh() {
        if (inFlight) { again = true; return; }
        inFlight = true;
        fetch(location.href, { headers: { "X-Live-Refresh": "1" }, credentials: "same-origin" })
            .then(function (r) {
                if (r.redirected && /\/login/.test(r.url)) { location.href = r.url; return null; }
                return r.ok || r.status === 404 ? r.text() : null;
            })
            .then(function (html) { if (html) swap(html); })
            .catch(function () { /* the next event retries */ })
            .finally(function () {
                inFlight = false;
                if (again) { again = false; refresh(); }
            });
    }

    function schedule() {
        if (timer) return;
        timer = setTimeout(function () { timer = null; refresh(); }, 60);
    }

    if (window.EventSource && document.body.hasAttribute("data-live")) {
        var source = new EventSource("/api/dashboard/live");
        source.addEventListener("live", function (e) {
            var kind = "";
            try { kind = JSON.parse(e.data).kind; } catch (_) { }
            if (kind === "notification" || kinds.indexOf(kind) >= 0) schedule();
        });
        source.addEventListener("open", function () {
            document.body.setAttribute("data-live-connected", "1");
        });
    }

    document.addEventListener("submit", function (e) {
        var form = e.target;
        if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-inline")) return;
        e.preventDefault();
        var buttons = form.querySelectorAll("button");
        buttons.forEach(function (b) { b.disabled = true; });
        var body = new FormData(form);
        if (e.submitter && e.submitter.name) body.append(e.submitter.name, e.submitter.value);
        fetch(form.getAttribute("action") || location.href, { method: "POST", body: body, credentials: "same-origin" })
            .then(function (r) { return r.text().then(function (t) { return { ok: r.ok, text: t }; }); })
            .then(function (res) {
                swap(res.text);
                if (res.ok && form.hasAttribute("data-reset") && !document.querySelector("[data-form-error]")) form.reset();
            })
            .catch(function () { form.submit(); })
            .finally(function () { buttons.forEach(function (b) { b.disabled = false; }); });
    });
})();
