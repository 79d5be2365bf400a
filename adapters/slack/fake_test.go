package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

const testSecret = "8f742231b10e8888abcd99yyyzzz85a5"

// call is one request the fake Web API received.
type call struct {
	Method       string // chat.postMessage, chat.postEphemeral, chat.update, response_url
	Channel      string
	Thread       string
	TS           string // chat.update: the message updated
	User         string
	Text         string
	Blocks       json.RawMessage
	ResponseType string
	Replace      bool
	Delete       bool
}

// fakeAPI is a local Slack Web API: it records chat.* calls and
// response_url posts, answers auth.test, serves Socket Mode through
// onSocket, and fails calls on demand.
type fakeAPI struct {
	t   testing.TB
	srv *httptest.Server

	mu        sync.Mutex
	calls     []call
	failures  map[string][]string // method -> what the next calls get: "429", "500", "drop", "err:code"
	authError string              // auth.test's error, "" for ok
	attempts  map[string]int      // method -> requests received (failed ones included)
	light     bool                // load tests: only count answers by thread
	byThread  map[string]int      // light mode: answers per thread
	total     atomic.Int64        // light mode: answers in all
	posted    chan call
	nextTS    atomic.Int64
	opens     atomic.Int32 // apps.connections.open calls
	// openFailures is how many apps.connections.open calls still get
	// invalid_auth.
	openFailures atomic.Int32

	onSocket func(c *websocket.Conn, n int) // n counts connections from 1
}

func newFakeAPI(t testing.TB) *fakeAPI {
	f := &fakeAPI{t: t, failures: map[string][]string{}, attempts: map[string]int{}, byThread: map[string]int{}, posted: make(chan call, 1<<10)}
	f.nextTS.Store(1700000000000100)
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// apiURL is what SLACK_API_URL would be.
func (f *fakeAPI) apiURL() string { return f.srv.URL + "/api/" }

// responseURL is a response_url Slack would send with a command.
func (f *fakeAPI) responseURL(id string) string { return f.srv.URL + "/response/" + id }

// failNext makes the next calls of method fail as listed.
func (f *fakeAPI) failNext(method string, how ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures[method] = append(f.failures[method], how...)
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	method, ok := strings.CutPrefix(r.URL.Path, "/api/")
	switch {
	case r.URL.Path == "/ws":
		f.serveSocket(w, r)
		return
	case strings.HasPrefix(r.URL.Path, "/response/"):
		method = "response_url"
	case !ok:
		http.NotFound(w, r)
		return
	}
	switch method {
	case "apps.connections.open":
		f.opens.Add(1)
		if f.openFailures.Add(-1) >= 0 {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
			return
		}
		writeJSON(w, map[string]any{"ok": true, "url": "ws://" + r.Host + "/ws"})
		return
	case "auth.test":
		f.mu.Lock()
		refuse := f.authError
		f.mu.Unlock()
		if refuse != "" {
			writeJSON(w, map[string]any{"ok": false, "error": refuse})
			return
		}
		writeJSON(w, map[string]any{"ok": true, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "team": "Test"})
		return
	}
	f.mu.Lock()
	f.attempts[method]++
	var fail string
	if q := f.failures[method]; len(q) > 0 {
		fail, f.failures[method] = q[0], q[1:]
	}
	f.mu.Unlock()
	switch {
	case fail == "429":
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		return
	case fail == "500":
		http.Error(w, "<html>oops</html>", http.StatusInternalServerError)
		return
	case fail == "drop":
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			_ = conn.Close()
		}
		return
	case strings.HasPrefix(fail, "err:"):
		writeJSON(w, map[string]any{"ok": false, "error": fail[4:]})
		return
	}
	c, err := parseCall(method, r)
	if err != nil {
		f.t.Errorf("fake Slack: %s: %v", method, err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	if f.light {
		f.byThread[c.Thread]++
		f.total.Add(1)
	} else {
		f.calls = append(f.calls, c)
	}
	f.mu.Unlock()
	if !f.light {
		f.posted <- c
	}
	ts := strconv.FormatInt(f.nextTS.Add(1), 10)
	ts = ts[:10] + "." + ts[10:]
	switch method {
	case "response_url":
		_, _ = io.WriteString(w, "ok")
	case "chat.postEphemeral":
		writeJSON(w, map[string]any{"ok": true, "message_ts": ts})
	default:
		writeJSON(w, map[string]any{"ok": true, "channel": c.Channel, "ts": ts})
	}
}

// parseCall reads a chat.* form or a response_url JSON body.
func parseCall(method string, r *http.Request) (call, error) {
	c := call{Method: method}
	if method == "response_url" {
		var m struct {
			Text            string          `json:"text"`
			Blocks          json.RawMessage `json:"blocks"`
			ThreadTS        string          `json:"thread_ts"`
			ResponseType    string          `json:"response_type"`
			ReplaceOriginal bool            `json:"replace_original"`
			DeleteOriginal  bool            `json:"delete_original"`
		}
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			return c, err
		}
		c.Text, c.Blocks, c.Thread, c.ResponseType, c.Replace, c.Delete =
			m.Text, m.Blocks, m.ThreadTS, m.ResponseType, m.ReplaceOriginal, m.DeleteOriginal
		return c, nil
	}
	if err := r.ParseForm(); err != nil {
		return c, err
	}
	if got := r.PostForm.Get("token"); got != "xoxb-test" {
		return c, fmt.Errorf("token = %q, want xoxb-test", got)
	}
	c.Channel, c.Thread, c.TS, c.User, c.Text =
		r.PostForm.Get("channel"), r.PostForm.Get("thread_ts"), r.PostForm.Get("ts"), r.PostForm.Get("user"), r.PostForm.Get("text")
	if b := r.PostForm.Get("blocks"); b != "" {
		c.Blocks = json.RawMessage(b)
	}
	return c, nil
}

func (f *fakeAPI) serveSocket(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	c, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer c.Close()
	_ = c.WriteControl(websocket.PingMessage, []byte("p"), time.Now().Add(time.Second))
	_ = c.WriteMessage(websocket.TextMessage, []byte(`{"type":"hello","num_connections":1,"connection_info":{"app_id":"A1"}}`))
	if f.onSocket != nil {
		f.onSocket(c, int(f.opens.Load()))
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// wait returns the next n calls, failing the test after a timeout.
func (f *fakeAPI) wait(t testing.TB, n int) []call {
	t.Helper()
	var out []call
	timeout := time.After(5 * time.Second)
	for len(out) < n {
		select {
		case c := <-f.posted:
			out = append(out, c)
		case <-timeout:
			t.Fatalf("fake Slack: got %d calls, want %d: %+v", len(out), n, out)
		}
	}
	return out
}

// quiet fails the test if any call arrives within d.
func (f *fakeAPI) quiet(t testing.TB, d time.Duration) {
	t.Helper()
	select {
	case c := <-f.posted:
		t.Fatalf("fake Slack: unexpected call %+v", c)
	case <-time.After(d):
	}
}

// testAdapter is an Adapter wired to a fake Slack, with fast retries.
type testAdapter struct {
	*Adapter
	api   *fakeAPI
	logs  *syncBuffer
	mu    sync.Mutex
	slept []time.Duration // waits the retry policy asked for
}

func newTestAdapter(t testing.TB, api *fakeAPI, cfg Config) *testAdapter {
	t.Helper()
	if cfg.BotToken == "" {
		cfg.BotToken = "xoxb-test"
	}
	if cfg.SigningSecret == "" && cfg.AppToken == "" {
		cfg.SigningSecret = testSecret
	}
	cfg.APIURL = api.apiURL()
	logs := &syncBuffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ta := &testAdapter{Adapter: a, api: api, logs: logs}
	a.retry.sleep = func(ctx context.Context, d time.Duration) error {
		ta.mu.Lock()
		ta.slept = append(ta.slept, d)
		ta.mu.Unlock()
		return sleepCtx(ctx, time.Millisecond)
	}
	a.reconnect.base, a.reconnect.max = 10*time.Millisecond, 50*time.Millisecond
	return ta
}

func (ta *testAdapter) waits() []time.Duration {
	ta.mu.Lock()
	defer ta.mu.Unlock()
	return append([]time.Duration(nil), ta.slept...)
}

// start runs the adapter until the test ends.
func (ta *testAdapter) start(t testing.TB, ans answerer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ta.run(ctx, ans) }()
	t.Cleanup(func() {
		cancel()
		waitRun(t, done, 15*time.Second)
	})
}

// startAdapter runs a test adapter over api, answering with ans, until the
// test ends, and returns it with its HTTP handlers.
func startAdapter(tb testing.TB, api *fakeAPI, cfg Config, ans answerer) (*testAdapter, map[string]http.Handler) {
	tb.Helper()
	ta := newTestAdapter(tb, api, cfg)
	ta.start(tb, ans)
	return ta, ta.routes(ans)
}

// signedRequest builds a request as Slack signs it, at time ts.
func signedRequest(path, contentType string, body []byte, ts time.Time) *http.Request {
	r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	s := strconv.FormatInt(ts.Unix(), 10)
	r.Header.Set("Content-Type", contentType)
	r.Header.Set("X-Slack-Request-Timestamp", s)
	r.Header.Set("X-Slack-Signature", "v0="+signature(testSecret, s, body))
	return r
}

// serve sends a signed request to the adapter's handler for path.
func serve(h map[string]http.Handler, path, contentType string, body []byte) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h[path].ServeHTTP(rec, signedRequest(path, contentType, body, time.Now()))
	return rec
}

func eventBody(eventID, typ, channel, channelType, ts, text string) []byte {
	ev := map[string]any{"type": typ, "user": "U1", "text": text, "ts": ts, "channel": channel, "event_ts": ts}
	if channelType != "" {
		ev["channel_type"] = channelType
	}
	b, _ := json.Marshal(map[string]any{"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
		"event_id": eventID, "event_time": 1, "event": ev,
		"authorizations": []map[string]any{{"user_id": "UBOT", "is_bot": true}}})
	return b
}

func commandBody(text, channel, responseURL, trigger string) []byte {
	return []byte(url.Values{"command": {"/ask"}, "text": {text}, "channel_id": {channel}, "user_id": {"U1"},
		"team_id": {"T1"}, "response_url": {responseURL}, "trigger_id": {trigger}}.Encode())
}
