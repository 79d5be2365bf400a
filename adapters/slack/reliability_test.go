package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kbbot/kbbot/bot"
	"github.com/slack-go/slack"
)

// TestPostRetries: Slack answers the first chat.postMessage calls badly;
// the answer still goes out once, after the waits Slack asked for.
func TestPostRetries(t *testing.T) {
	tests := []struct {
		name      string
		failures  []string
		attempts  int             // chat.postMessage requests in all
		answered  bool            // the answer went out (else a notice)
		notice    string          // text of the last post when not answered
		wantWaits []time.Duration // the first waits, exactly
		waits     int             // how many waits in all
		log       string
	}{
		{"429 honours Retry-After", []string{"429"}, 2, true, "", []time.Duration{time.Second}, 1, ""},
		{"5xx retried", []string{"500", "500"}, 3, true, "", nil, 2, ""},
		// Slack may have posted it: no retry, and no notice of failure.
		{"dropped connection not retried", []string{"drop"}, 1, false, "", nil, 0, "may have posted it"},
		{"transient API error retried", []string{"err:internal_error"}, 2, true, "", nil, 1, ""},
		{"gives up after five attempts", []string{"500", "500", "500", "500", "500"}, 6, false, "could not post the answer", nil, 4, "post answer failed"},
		{"bad blocks not retried", []string{"err:invalid_blocks"}, 2, false, "could not post the answer", nil, 0, "invalid_blocks"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeAPI(t)
			api.failNext("chat.postMessage", tc.failures...)
			ta, h := startAdapter(t, api, Config{}, &fakeBot{})
			serve(h, PathEvents, "application/json", eventBody("Ev1", "app_mention", "C1", "", "1.0", "<@UBOT> vpn?"))
			var c call
			if tc.answered || tc.notice != "" {
				c = api.wait(t, 1)[0]
			} else {
				waitFor(t, "the failure logged", func() bool { return strings.Contains(ta.logs.String(), tc.log) })
			}
			api.quiet(t, 50*time.Millisecond)
			api.mu.Lock()
			attempts := api.attempts["chat.postMessage"]
			api.mu.Unlock()
			if attempts != tc.attempts {
				t.Errorf("got %d chat.postMessage requests; want %d", attempts, tc.attempts)
			}
			if tc.answered && (len(c.Blocks) == 0 || c.Thread != "1.0") {
				t.Errorf("got %+v; want the answer in the thread", c)
			}
			if !tc.answered && tc.notice != "" && (len(c.Blocks) != 0 || !strings.Contains(c.Text, tc.notice) || c.Thread != "1.0") {
				t.Errorf("got %+v; want a plain notice %q in the thread", c, tc.notice)
			}
			waits := ta.waits()
			for i, w := range tc.wantWaits {
				if i >= len(waits) || waits[i] != w {
					t.Errorf("got waits %v; want %v first", waits, tc.wantWaits)
				}
			}
			if len(waits) != tc.waits {
				t.Errorf("got %d waits %v; want %d", len(waits), waits, tc.waits)
			}
			if logs := ta.logs.String(); tc.log != "" && (!strings.Contains(logs, tc.log) || !strings.Contains(logs, "question=vpn?")) {
				t.Errorf("log lacks %q and the question:\n%s", tc.log, logs)
			}
		})
	}
}

func TestRetryPolicy(t *testing.T) {
	p := retryPolicy{attempts: 5, base: 100 * time.Millisecond, max: time.Second, maxWait: 10 * time.Second}
	tests := []struct {
		name  string
		err   error
		retry bool
		min   time.Duration
		max   time.Duration
	}{
		{"rate limited", &slack.RateLimitedError{RetryAfter: 3 * time.Second}, true, 3 * time.Second, 3 * time.Second},
		{"rate limited without a wait", &slack.RateLimitedError{}, true, time.Second, time.Second},
		{"rate limited too long", &slack.RateLimitedError{RetryAfter: time.Minute}, false, 0, 0},
		{"server error", slack.StatusCodeError{Code: 502}, true, 75 * time.Millisecond, 125 * time.Millisecond},
		{"client error", slack.StatusCodeError{Code: 404}, false, 0, 0},
		{"api error", slack.SlackErrorResponse{Err: "channel_not_found"}, false, 0, 0},
		{"transient api error", slack.SlackErrorResponse{Err: "service_unavailable"}, true, 75 * time.Millisecond, 125 * time.Millisecond},
		{"canceled", context.Canceled, false, 0, 0},
		{"wrapped eof", fmt.Errorf("post: %w", io.ErrUnexpectedEOF), true, 75 * time.Millisecond, 125 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, ok := p.backoff(tc.err, 1)
			if ok != tc.retry || (ok && (d < tc.min || d > tc.max)) {
				t.Errorf("backoff(%v) = %v, %v; want %v in [%v, %v]", tc.err, d, ok, tc.retry, tc.min, tc.max)
			}
		})
	}
	// A post is not retried once Slack may have taken it; it is when the
	// request never left (a refused connection, a failed name lookup).
	posts := p
	posts.posts = true
	for _, tc := range []struct {
		name  string
		err   error
		maybe bool
	}{
		{"timeout awaiting the response", clientTimeout(t), true},
		{"read deadline", &net.OpError{Op: "read", Err: os.ErrDeadlineExceeded}, true},
		{"connection cut", fmt.Errorf("post: %w", io.ErrUnexpectedEOF), true},
		{"connection refused", &net.OpError{Op: "dial", Err: errors.New("connection refused")}, false},
		{"name lookup", &net.DNSError{Err: "no such host", Name: "slack.com"}, false},
		{"server error", slack.StatusCodeError{Code: 503}, false},
	} {
		t.Run("post/"+tc.name, func(t *testing.T) {
			calls := 0
			posts.sleep = func(context.Context, time.Duration) error { return nil }
			err := posts.do(context.Background(), func(context.Context) error {
				if calls++; calls == 1 {
					return tc.err
				}
				return nil
			})
			if got := errors.Is(err, errMaybePosted); got != tc.maybe || (tc.maybe && calls != 1) || (!tc.maybe && err != nil) {
				t.Errorf("do: %d calls, err %v; want maybe-posted %v", calls, err, tc.maybe)
			}
		})
	}
	if d, _ := p.backoff(slack.StatusCodeError{Code: 500}, 30); d > p.max+p.max/4 {
		t.Errorf("backoff at attempt 30 = %v; want at most %v", d, p.max)
	}
}

// TestBusy fills the one worker and the one queue slot: the next requests
// are still acknowledged at once, and their askers told to wait.
func TestBusy(t *testing.T) {
	api := newFakeAPI(t)
	release := make(chan struct{})
	started := make(chan string, 10)
	fb := &fakeBot{handle: func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		started <- m.Text
		<-release
		return answerFor(m.Text), nil
	}}
	ta, h := startAdapter(t, api, Config{Workers: 1, QueueSize: 1}, fb)
	ack := func(body []byte, path, ct string) *httptest.ResponseRecorder {
		t.Helper()
		start := time.Now()
		rec := serve(h, path, ct, body)
		if d := time.Since(start); rec.Code != 200 || d > time.Second {
			t.Errorf("ack: got %d after %v; want 200 at once", rec.Code, d)
		}
		return rec
	}
	ack(eventBody("Ev1", "app_mention", "C1", "", "1.0", "<@UBOT> one"), PathEvents, "application/json")
	<-started // the worker is busy with "one"
	ack(eventBody("Ev2", "app_mention", "C1", "", "2.0", "<@UBOT> two"), PathEvents, "application/json")
	ack(eventBody("Ev3", "app_mention", "C1", "", "3.0", "<@UBOT> three"), PathEvents, "application/json")
	rec := ack(commandBody("four", "C1", api.responseURL("1"), "t4"), PathCommands, "application/x-www-form-urlencoded")
	var body map[string]string
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	if body["response_type"] != "ephemeral" || !strings.Contains(body["text"], "busy") {
		t.Errorf("command when full: got %q; want an ephemeral busy notice", rec.Body.String())
	}
	c := api.wait(t, 1)[0]
	if c.Thread != "3.0" || !strings.Contains(c.Text, "busy") || len(c.Blocks) != 0 {
		t.Errorf("got %+v; want the busy notice in thread 3.0", c)
	}
	close(release)
	got := map[string]bool{}
	for _, c := range api.wait(t, 2) {
		got[c.Thread] = len(c.Blocks) > 0
	}
	if !got["1.0"] || !got["2.0"] {
		t.Errorf("answered threads %v; want 1.0 and 2.0", got)
	}
	if !strings.Contains(ta.logs.String(), "queue full") {
		t.Errorf("full queue not logged:\n%s", ta.logs.String())
	}
}

// TestShutdown: queued questions are answered after ctx ends; requests
// arriving after that are refused with 503 so Slack delivers them again.
func TestShutdown(t *testing.T) {
	api := newFakeAPI(t)
	ta := newTestAdapter(t, api, Config{Workers: 1})
	release := make(chan struct{})
	fb := &fakeBot{handle: func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		<-release
		return answerFor(m.Text), nil
	}}
	h := ta.routes(fb)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ta.run(ctx, fb) }()
	for i, ts := range []string{"1.0", "2.0", "3.0"} {
		serve(h, PathEvents, "application/json", eventBody("Ev"+ts, "app_mention", "C1", "", ts, "<@UBOT> q"+string(rune('1'+i))))
	}
	waitFor(t, "adapter ready", ta.Ready)
	cancel()
	waitFor(t, "adapter stopping", func() bool { return !ta.Ready() })
	if rec := serve(h, PathEvents, "application/json", eventBody("Ev9", "app_mention", "C1", "", "9.0", "<@UBOT> late")); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("after shutdown: got %d; want 503", rec.Code)
	}
	close(release)
	api.wait(t, 3) // the queued questions are answered
	waitRun(t, done, 5*time.Second)
}

// TestShutdownDuringAccept: a request that has passed accept's shutdown
// check when Run starts stopping is still answered (or refused), never
// queued after the workers have gone.
func TestShutdownDuringAccept(t *testing.T) {
	api := newFakeAPI(t)
	ta := newTestAdapter(t, api, Config{Workers: 1})
	fb := &fakeBot{}
	h := ta.routes(fb)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- ta.run(ctx, fb) }()
	waitFor(t, "adapter ready", ta.Ready)

	// Holding the duplicate guard stops the request inside accept, after
	// its shutdown check and before it queues the job.
	ta.seen.mu.Lock()
	held := true
	defer func() {
		if held {
			ta.seen.mu.Unlock()
		}
	}()
	codes := make(chan int, 1)
	go func() {
		codes <- serve(h, PathEvents, "application/json", eventBody("Ev1", "app_mention", "C1", "", "1.0", "<@UBOT> vpn?")).Code
	}()
	waitFor(t, "the request inside accept", func() bool { return inStack("slack.(*guard).first(") })
	cancel()
	// Run either stops taking requests at once (the bug: it then drains
	// the queue and returns) or waits for the request to be queued.
	waitFor(t, "run to stop or wait", func() bool { return len(done) > 0 || inStack("slack.(*Adapter).stopTaking(") })
	ta.seen.mu.Unlock()
	held = false

	select {
	case code := <-codes:
		if code == http.StatusOK {
			api.wait(t, 1) // accepted, so answered
		} else if code != http.StatusServiceUnavailable {
			t.Errorf("got status %d; want 200 or 503", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("request not acknowledged")
	}
	waitRun(t, done, 5*time.Second)
}

// waitRun waits for the adapter's run to return, without an error,
// within d.
func waitRun(t testing.TB, done <-chan error, d time.Duration) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(d):
		t.Errorf("run did not return within %v", d)
	}
}

// inStack reports whether a goroutine is in fn, as tracebacks print it.
func inStack(fn string) bool {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Contains(string(buf[:n]), fn)
		}
		buf = make([]byte, 2*len(buf))
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestGuard(t *testing.T) {
	g := newGuard(2, time.Minute)
	t0 := time.Unix(1000, 0)
	steps := []struct {
		key  string
		at   time.Duration
		want bool
	}{
		{"a", 0, true},
		{"a", time.Second, false},       // a retry
		{"b", time.Second, true},        // fills the guard
		{"a", 2 * time.Second, false},   // still held
		{"c", 2 * time.Second, true},    // evicts the oldest, a
		{"a", 3 * time.Second, true},    // forgotten: capacity
		{"c", 2 * time.Minute, true},    // forgotten: ttl
		{"c", 2*time.Minute + 1, false}, // and held again
	}
	for i, s := range steps {
		if got := g.first(s.key, t0.Add(s.at)); got != s.want {
			t.Errorf("step %d: first(%q) = %v; want %v", i, s.key, got, s.want)
		}
	}
}

// clientTimeout returns the error an http.Client with a timeout gives
// when the server took the request but answers too late.
func clientTimeout(t *testing.T) error {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(200 * time.Millisecond)
	}))
	defer srv.Close()
	_, err := (&http.Client{Timeout: 20 * time.Millisecond}).Post(srv.URL, "text/plain", strings.NewReader("x"))
	if err == nil {
		t.Fatal("no timeout")
	}
	return err
}

// TestResponseURLNotLogged: a post to a response_url that fails is
// logged without the URL, which lets whoever holds it post in the
// channel as the app.
func TestResponseURLNotLogged(t *testing.T) {
	tests := []struct {
		name string
		url  func(api *fakeAPI) string
		fail []string // how the fake's response_url fails
		log  string
	}{
		{"connection refused", func(*fakeAPI) string { return "http://127.0.0.1:1/commands/T1/1/SECRETHOOK" }, nil, "could not tell the user"},
		{"connection dropped", func(api *fakeAPI) string { return api.responseURL("SECRETHOOK") }, []string{"drop"}, "may have posted it"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeAPI(t)
			api.failNext("response_url", tc.fail...)
			ta, h := startAdapter(t, api, Config{}, &fakeBot{})
			serve(h, PathCommands, "application/x-www-form-urlencoded", commandBody("vpn?", "C1", tc.url(api), "trig1"))
			waitFor(t, "the failure logged", func() bool { return strings.Contains(ta.logs.String(), tc.log) })
			logs := ta.logs.String()
			if strings.Contains(logs, "SECRETHOOK") {
				t.Errorf("the log holds the response_url:\n%s", logs)
			}
			if !strings.Contains(logs, "(response_url)") {
				t.Errorf("the log does not say the response_url failed:\n%s", logs)
			}
		})
	}
}

// TestBotTokenRefused: when auth.test says Slack refuses the bot token,
// the adapter is not ready and says why (every answer would fail to
// post); a passing failure leaves it ready.
func TestBotTokenRefused(t *testing.T) {
	tests := []struct {
		authError string
		ready     bool
		state     string
	}{
		{"", true, ""},
		{"invalid_auth", false, "Slack refused the bot token (invalid_auth): check SLACK_BOT_TOKEN"},
		{"token_revoked", false, "Slack refused the bot token (token_revoked): check SLACK_BOT_TOKEN"},
		{"ratelimited", true, ""},
	}
	for _, tc := range tests {
		t.Run("auth.test "+tc.authError, func(t *testing.T) {
			api := newFakeAPI(t)
			api.mu.Lock()
			api.authError = tc.authError
			api.mu.Unlock()
			ta, _ := startAdapter(t, api, Config{}, &fakeBot{})
			waitFor(t, "auth.test answered", func() bool {
				logs := ta.logs.String()
				return strings.Contains(logs, "connected to workspace") || strings.Contains(logs, "auth.test failed")
			})
			if got := ta.Ready(); got != tc.ready {
				t.Errorf("Ready() = %v; want %v", got, tc.ready)
			}
			if got := ta.State(); got != tc.state {
				t.Errorf("State() = %q; want %q", got, tc.state)
			}
		})
	}
}
