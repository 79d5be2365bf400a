package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	goldenpkg "github.com/kbbot/kbbot/bot/golden"
	"github.com/kbbot/kbbot/bot/testlog"

	"github.com/kbbot/kbbot/bot"
)

// golden compares got (JSON) with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) { goldenpkg.IndentedJSON(t, name, got) }

// fakeBot is a hand-written bot: it answers from funcs and records calls.
type fakeBot struct {
	mu      sync.Mutex
	msgs    []bot.Message
	acts    []bot.Action
	handle  func(ctx context.Context, m bot.Message) (bot.Reply, error)
	act     func(ctx context.Context, a bot.Action) (bot.Reply, error)
	suggest func(prefix string, n int) []bot.Topic
}

func (f *fakeBot) Handle(ctx context.Context, m bot.Message) (bot.Reply, error) {
	f.mu.Lock()
	f.msgs = append(f.msgs, m)
	h := f.handle
	f.mu.Unlock()
	if h != nil {
		return h(ctx, m)
	}
	return sampleAnswer(), nil
}

func (f *fakeBot) Act(ctx context.Context, a bot.Action) (bot.Reply, error) {
	f.mu.Lock()
	f.acts = append(f.acts, a)
	h := f.act
	f.mu.Unlock()
	if h != nil {
		return h(ctx, a)
	}
	r := sampleAnswer()
	r.Answer.SectionID = a.Value
	return r, nil
}

func (f *fakeBot) Suggest(ctx context.Context, prefix string, n int) []bot.Topic {
	if f.suggest != nil {
		return f.suggest(prefix, n)
	}
	return nil
}

func (f *fakeBot) messages() []bot.Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]bot.Message(nil), f.msgs...)
}

func (f *fakeBot) actions() []bot.Action {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]bot.Action(nil), f.acts...)
}

// sampleAnswer is a typical answer, with hostile bits a document may hold.
func sampleAnswer() bot.Reply {
	return bot.Reply{
		Kind: bot.KindAnswer, Lang: "en", Text: "Here is what the handbook says:",
		Answer: &bot.Answer{
			QuestionID: "42", SectionID: "handbook/vpn.md#connecting", Title: "Connecting to the VPN",
			Path:    []string{"IT", "VPN", "Connecting to the VPN"},
			Excerpt: "## Before you start\n\nInstall the client from [the portal](https://it.example.com/vpn). Ask @everyone in <#123> or ping <@456> if stuck.\n\n| OS | Client |\n|----|--------|\n| mac | Tunnelblick |\n\n![diagram](img/vpn.png)\n\n```\nvpn connect office\n```",
			Source:  "handbook/vpn.md", Line: 12, URL: "https://docs.example.com/handbook/vpn#connecting", Score: 0.82,
			Owner: "<@789>",
		},
		Related: []bot.Topic{
			{SectionID: "handbook/vpn.md#troubleshooting", Title: "Troubleshooting *VPN*", Path: []string{"IT", "VPN", "Troubleshooting *VPN*"}},
			{SectionID: "handbook/wifi.md", Title: "Office Wi-Fi", Path: []string{"Office Wi-Fi"}},
		},
		Actions: []bot.Button{
			{Name: bot.ActionHelpful, Label: "👍 Helpful", Value: "42", Style: "primary"},
			{Name: bot.ActionUnhelpful, Label: "👎 Not helpful", Value: "42"},
			{Name: bot.ActionFull, Label: "Full section", Value: "handbook/vpn.md#connecting"},
			{Name: bot.ActionMore, Label: "More answers", Value: "how do I connect to the vpn?"},
		},
	}
}

// call is one request the fake Discord API received.
type call struct {
	Method, Path, Query, Auth string
	Body                      []byte
}

// String shows the call with its body as text.
func (c call) String() string { return c.Method + " " + c.Path + " " + string(c.Body) }

func (c call) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(c.Body, &m); err != nil {
		t.Fatalf("%s %s: body %q: %v", c.Method, c.Path, c.Body, err)
	}
	return m
}

// fakeAPI is Discord's REST API (and, with a gateway, its websocket) on
// an httptest server. It records every request; hook may answer first.
type fakeAPI struct {
	mu    sync.Mutex
	calls []call
	hook  func(w http.ResponseWriter, r *http.Request, body []byte) bool
	gw    http.Handler
	srv   *httptest.Server
}

func newFakeAPI(t *testing.T) *fakeAPI {
	f := &fakeAPI{}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/gw/" && f.gw != nil {
		f.gw.ServeHTTP(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.calls = append(f.calls, call{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Authorization"), body})
	hook := f.hook
	f.mu.Unlock()
	if hook != nil && hook(w, r, body) {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.URL.Path == "/api/v9/gateway":
		_, _ = io.WriteString(w, `{"url":"`+strings.Replace(f.srv.URL, "http", "ws", 1)+`/gw"}`)
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/callback"),
		r.Method == http.MethodDelete:
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodPut && strings.Contains(r.URL.Path, "/commands"):
		_, _ = w.Write(body) // echo the commands back, as Discord does (with IDs)
	default:
		_, _ = io.WriteString(w, `{"id":"900","channel_id":"c1","content":""}`)
	}
}

func (f *fakeAPI) setHook(h func(w http.ResponseWriter, r *http.Request, body []byte) bool) {
	f.mu.Lock()
	f.hook = h
	f.mu.Unlock()
}

// all returns the calls other than gateway lookups.
func (f *fakeAPI) all() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		if c.Path != "/api/v9/gateway" {
			out = append(out, c)
		}
	}
	return out
}

// count returns how many calls match.
func (f *fakeAPI) count(match func(c call) bool) int {
	n := 0
	for _, c := range f.all() {
		if match(c) {
			n++
		}
	}
	return n
}

// waitFor polls until n calls match, and returns them.
func (f *fakeAPI) waitFor(t *testing.T, n int, match func(c call) bool) []call {
	t.Helper()
	var got []call
	if !poll(func() bool {
		got = nil
		for _, c := range f.all() {
			if match(c) {
				got = append(got, c)
			}
		}
		return len(got) >= n
	}) {
		t.Fatalf("waited for %d matching calls; got %d of %d calls: %+v", n, len(got), len(f.all()), f.all())
	}
	return got
}

// poll calls cond every 5 ms until it holds (true) or 5 s have passed
// (false). It does not fail the test, so code off the test's goroutine
// may use it too.
func poll(cond func() bool) bool {
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}

// waitUntil polls cond for up to 5 s, and fails the test, saying what it
// waited for, if cond never held.
func waitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	if !poll(cond) {
		t.Fatalf("waited 5s for %s", what)
	}
}

func isEdit(c call) bool {
	return c.Method == http.MethodPatch && strings.HasSuffix(c.Path, "/messages/@original")
}
func isPost(c call) bool {
	return c.Method == http.MethodPost && strings.HasPrefix(c.Path, "/api/v9/channels/")
}

// syncBuffer collects log output from many goroutines.
type syncBuffer = testlog.Buffer

// fakeMetrics counts adapter errors by op.
type fakeMetrics struct {
	mu     sync.Mutex
	errors map[string]int
	depth  []int
}

func (m *fakeMetrics) AdapterError(platform, op string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.errors == nil {
		m.errors = map[string]int{}
	}
	m.errors[platform+"/"+op]++
}

func (m *fakeMetrics) QueueDepth(platform string, n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.depth = append(m.depth, n)
}

func (m *fakeMetrics) count(op string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.errors["discord/"+op]
}

// harness is an Adapter wired to a fake API, with its logs and metrics.
type harness struct {
	a       *Adapter
	api     *fakeAPI
	logs    *syncBuffer
	metrics *fakeMetrics
	priv    ed25519.PrivateKey
}

// testKey is a fixed Ed25519 key, so signed requests are reproducible.
var testKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))

// hexKey is testKey's public key as DISCORD_PUBLIC_KEY holds it.
func hexKey() string { return hex.EncodeToString(testKey.Public().(ed25519.PublicKey)) }

func newHarness(t *testing.T, cfg Config) *harness {
	t.Helper()
	h := &harness{api: newFakeAPI(t), logs: &syncBuffer{}, metrics: &fakeMetrics{}, priv: testKey}
	cfg.APIURL = h.api.srv.URL
	cfg.Logger = slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg.Metrics = h.metrics
	if cfg.Token == "" && cfg.PublicKey == "" {
		cfg.PublicKey = hexKey()
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	a.backoffMin, a.backoffMax, a.grace = 20*time.Millisecond, 100*time.Millisecond, 2*time.Second
	h.a = a
	return h
}

// sign builds a signed request to the interactions endpoint.
func (h *harness) sign(body string, ts time.Time) *http.Request {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	sig := ed25519.Sign(h.priv, []byte(stamp+body))
	r := httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(body))
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	r.Header.Set("X-Signature-Timestamp", stamp)
	return r
}

// post sends a signed interaction to handler and returns the recorder.
func (h *harness) post(handler http.Handler, body string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, h.sign(body, time.Now()))
	return rec
}

// newNopHarness is an Adapter for the interactions endpoint (public key
// testKey unless cfg has one) whose REST calls all succeed without a
// network; it keeps no logs or metrics.
func newNopHarness(tb testing.TB, cfg Config) *harness {
	tb.Helper()
	if cfg.PublicKey == "" {
		cfg.PublicKey = hexKey()
	}
	a, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	a.rest = nopREST{}
	return &harness{a: a, priv: testKey}
}

// nopREST is a Discord REST API that accepts everything, for fuzzing.
type nopREST struct{}

func (nopREST) InteractionRespond(*discordgo.Interaction, *discordgo.InteractionResponse, ...discordgo.RequestOption) error {
	return nil
}

func (nopREST) InteractionResponseEdit(*discordgo.Interaction, *discordgo.WebhookEdit, ...discordgo.RequestOption) (*discordgo.Message, error) {
	return &discordgo.Message{}, nil
}

func (nopREST) InteractionResponseDelete(*discordgo.Interaction, ...discordgo.RequestOption) error {
	return nil
}

func (nopREST) ChannelMessageSendComplex(string, *discordgo.MessageSend, ...discordgo.RequestOption) (*discordgo.Message, error) {
	return &discordgo.Message{}, nil
}

func (nopREST) Channel(string, ...discordgo.RequestOption) (*discordgo.Channel, error) {
	return &discordgo.Channel{}, nil
}

func (nopREST) ApplicationCommandBulkOverwrite(string, string, []*discordgo.ApplicationCommand, ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error) {
	return nil, nil
}
