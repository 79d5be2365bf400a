package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// Paths of the HTTP endpoints.
const (
	PathEvents       = "/slack/events"
	PathCommands     = "/slack/commands"
	PathInteractions = "/slack/interactions"
)

// maxSkew is how far a request's timestamp may be from now (Slack's
// replay window).
const maxSkew = 5 * time.Minute

// routes returns the HTTP handlers, all behind signature verification.
func (a *Adapter) routes(ans answerer) map[string]http.Handler {
	if a.cfg.SigningSecret == "" {
		return map[string]http.Handler{}
	}
	return map[string]http.Handler{
		PathEvents:       a.verified(func(w http.ResponseWriter, r *http.Request, body []byte) { a.serveEvents(w, r, body, ans) }),
		PathCommands:     a.verified(func(w http.ResponseWriter, r *http.Request, body []byte) { a.serveCommand(w, r, body, ans) }),
		PathInteractions: a.verified(func(w http.ResponseWriter, r *http.Request, body []byte) { a.serveInteraction(w, r, body, ans) }),
	}
}

// verified wraps h: POST only, the body read within the size limit, and
// the signature and timestamp checked before anything else. h never runs
// for a request that fails.
func (a *Adapter) verified(h func(w http.ResponseWriter, r *http.Request, body []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				a.cfg.Metrics.AdapterError(platform, "panic")
				a.log.Error("slack: panic in HTTP handler", "path", r.URL.Path, "panic", fmt.Sprint(p))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			a.reject(w, r, http.StatusMethodNotAllowed, "verify", "method "+r.Method+" not allowed")
			return
		}
		if r.ContentLength > maxBody {
			a.reject(w, r, http.StatusRequestEntityTooLarge, "verify", fmt.Sprintf("body of %d bytes is over the %d-byte limit", r.ContentLength, maxBody))
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				a.reject(w, r, http.StatusRequestEntityTooLarge, "verify", fmt.Sprintf("body over the %d-byte limit", maxBody))
				return
			}
			a.reject(w, r, http.StatusBadRequest, "verify", "reading body: "+err.Error())
			return
		}
		if err := verify(r.Header, body, a.cfg.SigningSecret, time.Now()); err != nil {
			a.reject(w, r, http.StatusUnauthorized, "verify", err.Error())
			return
		}
		h(w, r, body)
	})
}

// verify checks Slack's v0 signature, HMAC-SHA256 over "v0:ts:body", and
// that ts is within five minutes of now.
func verify(h http.Header, body []byte, secret string, now time.Time) error {
	ts, sig := h.Get("X-Slack-Request-Timestamp"), h.Get("X-Slack-Signature")
	switch {
	case ts == "":
		return errors.New("missing X-Slack-Request-Timestamp header")
	case sig == "":
		return errors.New("missing X-Slack-Signature header")
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("bad X-Slack-Request-Timestamp %q", trimPlain(ts, 40))
	}
	if d := now.Sub(time.Unix(sec, 0)); d > maxSkew || d < -maxSkew {
		return fmt.Errorf("stale timestamp: %s away from now (limit %s)", d.Round(time.Second), maxSkew)
	}
	got, ok := strings.CutPrefix(sig, "v0=")
	want := signature(secret, ts, body)
	if !ok || !hmac.Equal([]byte(got), []byte(want)) {
		return errors.New("signature does not match (check SLACK_SIGNING_SECRET)")
	}
	return nil
}

// signature is hex(HMAC-SHA256(secret, "v0:" + ts + ":" + body)).
func signature(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + ts + ":"))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// reject answers a bad request with status and logs why.
func (a *Adapter) reject(w http.ResponseWriter, r *http.Request, status int, op, why string) {
	a.cfg.Metrics.AdapterError(platform, op)
	a.log.Warn("slack: request rejected", "path", r.URL.Path, "status", status, "reason", why,
		"remote", r.RemoteAddr, "retry", r.Header.Get("X-Slack-Retry-Num"))
	http.Error(w, why, status)
}

// serveEvents answers the Events API: url_verification at once, callbacks
// queued for the workers, with 200 before any work is done.
func (a *Adapter) serveEvents(w http.ResponseWriter, r *http.Request, body []byte, ans answerer) {
	env, err := parseEnvelope(body)
	if err != nil {
		a.reject(w, r, http.StatusBadRequest, "parse", err.Error())
		return
	}
	switch env.Type {
	case "url_verification":
		if env.Challenge == "" {
			a.reject(w, r, http.StatusBadRequest, "parse", "url_verification without a challenge")
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, env.Challenge)
		return
	case "app_rate_limited":
		a.cfg.Metrics.AdapterError(platform, "rate_limited")
		a.log.Warn("slack: Slack is dropping events: the app is over the Events API rate limit")
		return
	case "event_callback":
	default:
		a.reject(w, r, http.StatusBadRequest, "parse", "unknown payload type "+strconv.Quote(trimPlain(env.Type, 40)))
		return
	}
	var retry any
	if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
		retry = n
	}
	o, err := a.takeEvent(env, ans, retry, r.Header.Get("X-Slack-Retry-Reason"))
	switch {
	case err != nil:
		a.reject(w, r, http.StatusBadRequest, "parse", err.Error())
	case o == stopping:
		// Slack delivers it again (to this process after a restart, or
		// to another one).
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
	}
}

// serveCommand answers /ask: the answer follows on response_url.
func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request, body []byte, ans answerer) {
	v, err := url.ParseQuery(string(body))
	if err != nil {
		a.reject(w, r, http.StatusBadRequest, "parse", "slash command: "+err.Error())
		return
	}
	if v.Get("ssl_check") == "1" {
		// Slack checks the endpoint's certificate now and then with a
		// request that is no command: a 200 is all it wants.
		return
	}
	cmd := slack.SlashCommand{
		TeamID: v.Get("team_id"), ChannelID: v.Get("channel_id"), ChannelName: v.Get("channel_name"),
		UserID: v.Get("user_id"), Command: v.Get("command"), Text: v.Get("text"),
		ResponseURL: v.Get("response_url"), TriggerID: v.Get("trigger_id"), EnterpriseID: v.Get("enterprise_id"),
	}
	notice, err := a.takeCommand(cmd, ans)
	switch {
	case err != nil:
		a.reject(w, r, http.StatusBadRequest, "parse", err.Error())
	case notice != "":
		writeEphemeral(w, notice)
	}
}

// serveInteraction answers button presses.
func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request, body []byte, ans answerer) {
	v, err := url.ParseQuery(string(body))
	if err != nil {
		a.reject(w, r, http.StatusBadRequest, "parse", "interaction: "+err.Error())
		return
	}
	payload := v.Get("payload")
	if payload == "" {
		a.reject(w, r, http.StatusBadRequest, "parse", "interaction without a payload")
		return
	}
	var ic slack.InteractionCallback
	if err := json.Unmarshal([]byte(payload), &ic); err != nil {
		a.reject(w, r, http.StatusBadRequest, "parse", "interaction payload: "+err.Error())
		return
	}
	o, err := a.takeAction(ic, ans)
	switch {
	case err != nil:
		a.reject(w, r, http.StatusBadRequest, "parse", err.Error())
	case o == stopping:
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
	}
}

// writeEphemeral answers a slash command at once with a private notice.
func writeEphemeral(w http.ResponseWriter, text string) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(ephemeralPayload(text))
}
