vcl 4.1;
# Varnish in front of gunicorn (docs/production.md, "A reverse proxy that purges by tag").
#
# What it does:
# - stores only what the application marks `Cache-Control: public` (anonymous pages; the
#   application's `s-maxage` is the lifetime), each with the tags of its `xkey` header;
# - passes everything that belongs to one visitor: any request with a session, CSRF or
#   messages cookie, the admin, every method but GET and HEAD;
# - drops tracking parameters (utm_*, fbclid, gclid, ...) before looking up or fetching,
#   so a link shared with them is the same page, not a new entry;
# - answers `PURGE` with `xkey-purge: <tags>` from the application (ACL `purgers`) by
#   removing every stored page carrying one of those tags;
# - reads a whole request before handing it to gunicorn, so slow clients wait in Varnish
#   (timeout_idle, 5 s by default, closes a client that has not sent its headers by then)
#   instead of holding a sync worker.
#
# Needs the xkey and var vmods (Debian: varnish-modules). tests/production/test_varnish.py
# runs this file against a real varnishd; it only rewrites the backend's host and port.

import std;
import var;
import xkey;

backend web {
    .host = "web";
    .port = "8000";
    .connect_timeout = 2s;
    # gunicorn's own limit (GUNICORN_TIMEOUT) kills a request at 30 s; wait a little longer
    # so its error page, not a Varnish 503, reaches the visitor.
    .first_byte_timeout = 35s;
    .between_bytes_timeout = 10s;
    .probe = {
        .url = "/healthz";
        .interval = 5s;
        .timeout = 3s;
        .window = 5;
        .threshold = 3;
        # A degraded site (stopped scheduler) answers 200; only a 503 takes it out.
        .expected_response = 200;
    }
}

# Who may purge: this machine and the containers of the compose network
# (docker-compose.yml fixes its subnet). Not the network's gateway: with Docker's port
# publishing, connections from the host (and through its userland proxy, from outside)
# arrive from that address.
acl purgers {
    "127.0.0.1";
    "::1";
    "172.30.0.0"/24;
    ! "172.30.0.1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is not allowed from this address"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "A PURGE needs an xkey-purge header listing the tags"));
        }
        # A page whose rendering began before this purge may still be on its way from
        # the backend with the old content; vcl_backend_response refuses to store it.
        var.global_set("last-purge", "" + std.integer(real=std.real(time=now) * 1000));
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged + " pages"));
    }

    # Tracking parameters never reach the cache key nor the application.
    if (req.url ~ "[?&](utm_[^=&]*|fbclid|gclid|gbraid|wbraid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl)=") {
        set req.url = regsuball(req.url, "([?&])(utm_[^=&]*|fbclid|gclid|gbraid|wbraid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl)=[^&]*", "\1");
        set req.url = regsuball(req.url, "&&+", "&");
        set req.url = regsub(req.url, "\?&", "?");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    # ?b=2&a=1 and ?a=1&b=2 are the same page.
    set req.url = std.querysort(req.url);

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin moves with ADMIN_URL; it always carries a session cookie too, which is
    # what keeps it out when it lives elsewhere.
    if (req.url ~ "^/admin(/|$)") {
        return (pass);
    }
    # A visitor's own view: logged in, in the middle of a form, or with a notice to show.
    if (req.http.Cookie ~ "(^|;\s*)(__Host-)?(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    # Any other cookie (analytics, consent banners) changes nothing on our pages.
    unset req.http.Cookie;
    # Only gzip or nothing: the application stores those two, and so do we.
    if (req.http.Accept-Encoding ~ "\bgzip\b") {
        set req.http.Accept-Encoding = "gzip";
    } else {
        unset req.http.Accept-Encoding;
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(req.http.host);
    # http and https are different pages (one is a redirect with HTTPS=1).
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_hit {
    set req.http.x-cache = "hit";
}

sub vcl_miss {
    set req.http.x-cache = "miss";
}

sub vcl_pass {
    set req.http.x-cache = "pass";
}

sub vcl_backend_fetch {
    # Milliseconds since the epoch, compared with the last purge once the page arrives.
    set bereq.http.x-fetch-started = std.integer(real=std.real(time=now) * 1000);
}

sub vcl_backend_response {
    set beresp.http.x-fetch-started = bereq.http.x-fetch-started;
    unset bereq.http.x-fetch-started;
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Stored only when the application says any shared cache may keep it: errors,
    # redirects, pages that set a cookie, staff previews (private) are not.
    if (beresp.status != 200
        || beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "(^|,)\s*public\s*(,|$)"
        || beresp.http.Cache-Control ~ "(private|no-store)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    # A purge arrived while this page was being rendered: it may show the data from
    # before that commit. Deliver it to this visitor but do not keep it.
    if (std.integer(var.global_get("last-purge"), 0)
        >= std.integer(beresp.http.x-fetch-started, 0)) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Pages change only through a purge; once their s-maxage has passed, fetch afresh
    # rather than show an old copy while refetching.
    set beresp.grace = 0s;
    return (deliver);
}

sub vcl_deliver {
    set resp.http.X-Cache = req.http.x-cache;
    if (req.http.x-cache == "hit") {
        set resp.http.X-Cache-Hits = obj.hits;
    }
    # Internal: what the page depends on, and when it was fetched.
    unset resp.http.xkey;
    unset resp.http.x-fetch-started;
    # The application's ETag is strong; a gzip copy keeps its own (the application sends
    # a distinct one), so there is nothing to weaken here.
}

sub vcl_synth {
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.body = resp.reason + {"
"};
    return (deliver);
}
