package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeSlack is a Slack Web API that records what the bot posts.
type fakeSlack struct {
	srv   *httptest.Server
	calls atomic.Int64 // every request, to prove nothing was called

	mu    sync.Mutex
	posts []string // chat.postMessage / postEphemeral / update: text and blocks, decoded

	hold     atomic.Bool   // when set, chat.postMessage waits for release
	held     chan struct{} // receives when a held post arrives
	release  chan struct{}
	finished atomic.Int64 // held posts answered to a caller still waiting
}

func newFakeSlack(t *testing.T) *fakeSlack {
	f := &fakeSlack{held: make(chan struct{}, 10), release: make(chan struct{})}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.calls.Add(1)
		_ = r.ParseForm()
		method := strings.TrimPrefix(r.URL.Path, "/api/")
		w.Header().Set("Content-Type", "application/json")
		switch method {
		case "auth.test":
			fmt.Fprint(w, `{"ok":true,"user_id":"UBOT","user":"kbbot","team_id":"T1","bot_id":"B1"}`)
			return
		case "chat.postMessage", "chat.postEphemeral", "chat.update":
			if method == "chat.postMessage" && f.hold.Load() {
				f.held <- struct{}{}
				<-f.release
				if r.Context().Err() == nil {
					f.finished.Add(1)
				}
			}
			f.mu.Lock()
			f.posts = append(f.posts, r.Form.Get("text")+"\n"+r.Form.Get("blocks"))
			f.mu.Unlock()
			fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1700000000.%06d","message_ts":"1700000000.000001"}`,
				r.Form.Get("channel"), time.Now().Nanosecond()/1000)
			return
		}
		fmt.Fprint(w, `{"ok":true}`)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// postsWith returns how many posts contain s.
func (f *fakeSlack) postsWith(s string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return countContaining(f.posts, s)
}

// countContaining returns how many of list contain s.
func countContaining(list []string, s string) int {
	n := 0
	for _, x := range list {
		if strings.Contains(x, s) {
			n++
		}
	}
	return n
}

// fakeDiscord is a Discord REST API that records interaction edits.
type fakeDiscord struct {
	srv   *httptest.Server
	calls atomic.Int64
	mu    sync.Mutex
	edits []string
}

func newFakeDiscord(t *testing.T) *fakeDiscord {
	f := &fakeDiscord{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.calls.Add(1)
		b, _ := io.ReadAll(r.Body)
		if r.Method == http.MethodPatch && strings.Contains(r.URL.Path, "/webhooks/") {
			f.mu.Lock()
			f.edits = append(f.edits, string(b))
			f.mu.Unlock()
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"900000000000000001","channel_id":"800000000000000001","content":""}`)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// editsWith returns how many edits contain s.
func (f *fakeDiscord) editsWith(s string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return countContaining(f.edits, s)
}

// slackClient sends signed Events API requests.
type slackClient struct {
	base, secret string
	n            atomic.Int64
}

// mention posts an app_mention event and returns the response status.
func (c *slackClient) mention(t *testing.T, text string) int {
	t.Helper()
	n := c.n.Add(1)
	body, _ := json.Marshal(map[string]any{
		"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
		"event_id": fmt.Sprintf("Ev%06d", n), "event_time": time.Now().Unix(),
		"event": map[string]any{"type": "app_mention", "user": fmt.Sprintf("U%d", n), "channel": "C0123ABCD",
			"text": "<@UBOT> " + text, "ts": fmt.Sprintf("1700000000.%06d", n), "event_ts": fmt.Sprintf("1700000000.%06d", n)},
	})
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	m := hmac.New(sha256.New, []byte(c.secret))
	fmt.Fprintf(m, "v0:%s:", ts)
	m.Write(body)
	req, _ := http.NewRequest(http.MethodPost, c.base+"/slack/events", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(m.Sum(nil)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST /slack/events: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// discordClient sends signed interactions.
type discordClient struct {
	base  string
	appID string
	key   ed25519.PrivateKey
	n     atomic.Int64
}

// ask sends /ask question and returns the status and the response body.
func (c *discordClient) ask(t *testing.T, question string) (int, string) {
	t.Helper()
	n := c.n.Add(1)
	body, _ := json.Marshal(map[string]any{
		"id": fmt.Sprintf("7%017d", n), "application_id": c.appID, "type": 2, "token": fmt.Sprintf("tok%d", n),
		"version": 1, "guild_id": "600000000000000001", "channel_id": "800000000000000001", "locale": "en-US",
		"member": map[string]any{"user": map[string]any{"id": "500000000000000001", "username": "ann"}},
		"data": map[string]any{"id": "400000000000000001", "name": "ask", "type": 1,
			"options": []map[string]any{{"name": "question", "type": 3, "value": question}}},
	})
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	sig := ed25519.Sign(c.key, append([]byte(ts), body...))
	req, _ := http.NewRequest(http.MethodPost, c.base+"/discord/interactions", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	req.Header.Set("X-Signature-Timestamp", ts)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST /discord/interactions: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// get fetches base+path and returns the status and body.
func httpGet(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// eventually polls cond until it holds or 10 s pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// metricValue returns the value of one series in a Prometheus text
// exposition, or -1 when it is absent.
func metricValue(text, series string) float64 {
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` ([0-9.eE+-]+)$`)
	m := re.FindStringSubmatch(text)
	if m == nil {
		return -1
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}
