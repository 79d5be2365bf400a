package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// transport sits under discordgo's REST client. It sends requests meant for
// discord.com to the configured API URL (DISCORD_API_URL), and honours 429
// responses: a global limit holds every request until it lifts, a
// per-route one retries that request after Retry-After, at most maxRetries
// times and never waiting longer than maxWait; then the 429 goes back to
// discordgo (whose own retrying is off), which returns a RateLimitError.
type transport struct {
	base       http.RoundTripper
	target     *url.URL // nil: no rewrite
	gate       *gate
	maxRetries int
	maxWait    time.Duration
	log        *slog.Logger
	limited    func(final bool) // told of every 429, final when given up; may be nil
}

// discordHosts are the hosts rewritten to the configured API URL.
var discordHosts = map[string]bool{"discord.com": true, "discordapp.com": true}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.target != nil && discordHosts[req.URL.Host] {
		req = req.Clone(req.Context())
		req.URL.Scheme, req.URL.Host, req.Host = t.target.Scheme, t.target.Host, t.target.Host
		if p := strings.TrimSuffix(t.target.Path, "/"); p != "" {
			req.URL.Path = p + req.URL.Path
			req.URL.RawPath = ""
		}
	}
	exempt := interactionRoute(req.URL.Path)
	for attempt := 0; ; attempt++ {
		// Interaction endpoints are not bound to the global limit, and an
		// initial response must arrive within 3 seconds.
		if !exempt {
			if err := t.gate.wait(req.Context()); err != nil {
				return nil, err
			}
		}
		try := req
		if attempt > 0 {
			try = req.Clone(req.Context())
			if req.GetBody != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, err
				}
				try.Body = body
			}
		}
		resp, err := t.base.RoundTrip(try)
		if err != nil || resp.StatusCode != http.StatusTooManyRequests {
			return resp, err
		}
		wait, global, raw := retryAfter(resp)
		if global && !exempt {
			t.gate.hold(wait)
		}
		final := attempt >= t.maxRetries || wait > t.maxWait || (req.Body != nil && req.GetBody == nil)
		t.log.Warn("discord: rate limited", "method", req.Method, "route", redact(req.URL.Path),
			"retry_after", wait, "global", global, "attempt", attempt+1, "giving_up", final)
		if t.limited != nil {
			t.limited(final)
		}
		if final {
			resp.Body = io.NopCloser(bytes.NewReader(raw))
			return resp, nil
		}
		if (!global || exempt) && !sleep(req.Context(), wait) { // a global limit held the gate, but not for this route
			return nil, req.Context().Err()
		}
	}
}

// retryAfter reads a 429: how long to wait, whether the limit is global,
// and the body it consumed.
func retryAfter(resp *http.Response) (time.Duration, bool, []byte) {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	var body struct {
		RetryAfter float64 `json:"retry_after"`
		Global     bool    `json:"global"`
	}
	_ = json.Unmarshal(raw, &body)
	wait := time.Duration(body.RetryAfter * float64(time.Second))
	if s, err := strconv.ParseFloat(resp.Header.Get("Retry-After"), 64); err == nil {
		wait = max(wait, time.Duration(s*float64(time.Second)))
	}
	if wait <= 0 {
		wait = time.Second
	}
	global := body.Global || strings.EqualFold(resp.Header.Get("X-RateLimit-Global"), "true") ||
		resp.Header.Get("X-RateLimit-Scope") == "global"
	return wait, global, raw
}

// interactionRoute reports whether an API path is an interaction's
// (its response, or the webhook that edits it and sends follow-ups): those
// are not bound to the bot's global rate limit.
func interactionRoute(path string) bool {
	return strings.Contains(path, "/interactions/") || strings.Contains(path, "/webhooks/")
}

var reTokenURL = regexp.MustCompile(`/(interactions|webhooks)/([^/\s"]+)/[^/\s"?]+`)

// redact hides interaction and webhook tokens in an API path or a text
// holding URLs, for logs.
func redact(s string) string { return reTokenURL.ReplaceAllString(s, "/$1/$2/:token") }

// safeErr is err's text with interaction and webhook tokens hidden.
func safeErr(err error) string { return redact(err.Error()) }

// gate holds every request while a global rate limit lasts.
type gate struct {
	mu    sync.Mutex
	until time.Time
}

func (g *gate) hold(d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if t := time.Now().Add(d); t.After(g.until) {
		g.until = t
	}
}

func (g *gate) wait(ctx context.Context) error {
	for {
		g.mu.Lock()
		d := time.Until(g.until)
		g.mu.Unlock()
		if d <= 0 {
			return ctx.Err()
		}
		if !sleep(ctx, d) {
			return ctx.Err()
		}
	}
}

// sleep waits d or until ctx ends; false means ctx ended.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
