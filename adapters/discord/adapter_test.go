package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kbbot/kbbot/bot"
)

func TestNewValidates(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string // substring of the error; empty: valid
	}{
		{"nothing", Config{}, "DISCORD_TOKEN"},
		{"token", Config{Token: "abc"}, ""},
		{"key", Config{PublicKey: hexKey()}, ""},
		{"key not hex", Config{PublicKey: "xyz"}, "DISCORD_PUBLIC_KEY"},
		{"key too short", Config{PublicKey: "abcd"}, "DISCORD_PUBLIC_KEY"},
		{"app id", Config{Token: "abc", AppID: "12a"}, "DISCORD_APP_ID"},
		{"guild id", Config{Token: "abc", GuildID: "g"}, "DISCORD_GUILD_ID"},
		{"api url", Config{Token: "abc", APIURL: "ftp://x"}, "DISCORD_API_URL"},
		{"api url no host", Config{Token: "abc", APIURL: "http://"}, "DISCORD_API_URL"},
		{"shard past count", Config{Token: "abc", ShardID: 2, ShardCount: 2}, "shard"},
		{"shard without count", Config{Token: "abc", ShardID: 1}, "shard"},
		{"negative shards", Config{Token: "abc", ShardCount: -1}, "shard"},
		{"workers", Config{Token: "abc", Workers: -1}, "workers"},
		{"token with space", Config{Token: "abc def"}, "white space"},
		{"token with Bot prefix", Config{Token: "Bot abc"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := New(tt.cfg)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("New: %v; want no error", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("New: %v; want an error naming %s", err, tt.want)
			case tt.want == "" && a == nil:
				t.Error("New returned nil")
			}
		})
	}
	a, _ := New(Config{Token: "Bot abc"})
	if a.session.Token != "Bot abc" {
		t.Errorf("session token %q; want %q", a.session.Token, "Bot abc")
	}
}

func TestModeAndRoutes(t *testing.T) {
	tests := []struct {
		cfg    Config
		mode   string
		routes int
	}{
		{Config{Token: "t"}, "gateway", 0},
		{Config{PublicKey: hexKey()}, "http", 1},
		{Config{Token: "t", PublicKey: hexKey()}, "gateway+http", 1},
	}
	for _, tt := range tests {
		a, err := New(tt.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Mode(); got != tt.mode {
			t.Errorf("Mode() = %q; want %q", got, tt.mode)
		}
		routes := a.Routes(bot.New(nil, nil, bot.Options{}))
		if len(routes) != tt.routes || (tt.routes == 1 && routes["/discord/interactions"] == nil) {
			t.Errorf("%s: Routes() = %v; want %d route(s)", tt.mode, routes, tt.routes)
		}
	}
}

func TestCommandsGolden(t *testing.T) {
	h := newHarness(t, Config{Token: "t0k"})
	for _, guild := range []string{"", "555", ""} {
		h.a.cfg.GuildID = guild
		if err := h.a.register(context.Background(), "111"); err != nil {
			t.Fatal(err)
		}
	}
	calls := h.api.all()
	if len(calls) != 3 {
		t.Fatalf("%d calls; want 3", len(calls))
	}
	wantPaths := []string{"/api/v9/applications/111/commands", "/api/v9/applications/111/guilds/555/commands", "/api/v9/applications/111/commands"}
	for i, c := range calls {
		if c.Method != http.MethodPut || c.Path != wantPaths[i] {
			t.Errorf("call %d: %s %s; want PUT %s", i, c.Method, c.Path, wantPaths[i])
		}
	}
	golden(t, "commands.json", calls[0].Body)
	for _, cmd := range commands() {
		if cmd.DescriptionLocalizations == nil || (*cmd.DescriptionLocalizations)[discordgo.ChineseCN] == "" {
			t.Errorf("/%s has no zh-CN description", cmd.Name)
		}
		for _, o := range cmd.Options {
			if o.DescriptionLocalizations[discordgo.ChineseCN] == "" || units(o.Description) > 100 {
				t.Errorf("/%s %s: description %q, zh-CN %q", cmd.Name, o.Name, o.Description, o.DescriptionLocalizations[discordgo.ChineseCN])
			}
		}
	}
}

func TestRegisterRetriesWhileUnreachable(t *testing.T) {
	h := newHarness(t, Config{Token: "t0k", AppID: "111"})
	n := 0
	h.api.setHook(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
		n++
		if n <= 2 {
			http.Error(w, "bad gateway", http.StatusServiceUnavailable)
			return true
		}
		return false
	})
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	reg := newRegistrar(h.a, cancel)
	reg.start(ctx, "111")
	reg.start(ctx, "111") // once per Run
	reg.wait()
	if n != 3 || context.Cause(ctx) != nil {
		t.Errorf("%d attempts, cause %v; want 3 attempts and no fatal error", n, context.Cause(ctx))
	}
}

func TestMessageBusyAndPanic(t *testing.T) {
	h := newHarness(t, Config{Token: "t0k"})
	h.a.selfID.Store("bot1")
	m := func(id string) *discordgo.Message {
		return &discordgo.Message{ID: id, ChannelID: "c1", GuildID: "g1", Content: "<@bot1> q", Author: &discordgo.User{ID: "u1"},
			Mentions: []*discordgo.User{{ID: "bot1"}}}
	}
	// A panicking bot: the handler recovers, logs and counts it.
	h.a.onMessage(context.Background(), &fakeBot{handle: func(context.Context, bot.Message) (bot.Reply, error) { panic("kaboom") }}, m("p1"))
	if !strings.Contains(h.logs.String(), "panic=kaboom") || h.metrics.count("panic") != 1 {
		t.Errorf("panic not logged and counted:\n%s", h.logs.String())
	}
	// Saturated: the message gets a busy notice instead of an answer.
	h.a.lim = newLimiter(1, 0, nil)
	t1 := h.a.lim.enter()
	h.a.onMessage(context.Background(), &fakeBot{}, m("b1"))
	t1.leave()
	posts := h.api.waitFor(t, 1, isPost)
	if !strings.Contains(string(posts[len(posts)-1].Body), "try again in a minute") {
		t.Errorf("busy reply %s; want the busy notice", posts[len(posts)-1].Body)
	}
	// A duplicate in the store gets no reply.
	before := h.api.count(isPost)
	h.a.onMessage(context.Background(), &fakeBot{handle: func(context.Context, bot.Message) (bot.Reply, error) {
		return bot.Reply{}, bot.ErrDuplicate
	}}, m("d1"))
	if h.api.count(isPost) != before {
		t.Error("a duplicate message was answered")
	}
	// A failed send is logged with the question.
	h.api.setHook(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
		http.Error(w, `{"message":"Missing Permissions","code":50013}`, http.StatusForbidden)
		return true
	})
	h.a.onMessage(context.Background(), &fakeBot{}, m("f1"))
	if !strings.Contains(h.logs.String(), `send answer failed`) || !strings.Contains(h.logs.String(), `question=q`) {
		t.Errorf("failed send not logged with the question:\n%s", h.logs.String())
	}
}

func TestMessageChannelAllowList(t *testing.T) {
	h := newHarness(t, Config{Token: "t0k", Channels: []string{"c1"}})
	h.a.selfID.Store("bot1")
	h.api.setHook(threads(map[string]string{"t1": "c1", "t2": "c2"}))
	fb := &fakeBot{}
	msg := func(id, guild, channel string) *discordgo.Message {
		return &discordgo.Message{ID: id, ChannelID: channel, GuildID: guild, Content: "<@bot1> q", Author: &discordgo.User{ID: "u1"},
			Mentions: []*discordgo.User{{ID: "bot1"}}}
	}
	h.a.onMessage(context.Background(), fb, msg("m1", "g1", "c2")) // not listed: ignored
	h.a.onMessage(context.Background(), fb, msg("m2", "g1", "c1")) // listed
	h.a.onMessage(context.Background(), fb, msg("m3", "", "d1"))   // a DM: always
	h.a.onMessage(context.Background(), fb, msg("m4", "g1", "t1")) // a thread of c1 (or a forum post)
	h.a.onMessage(context.Background(), fb, msg("m5", "g1", "t2")) // a thread of c2: ignored
	h.a.onMessage(context.Background(), fb, msg("m6", "g1", "t1")) // t1 again: no second lookup
	h.api.waitFor(t, 4, isPost)
	var got []string
	for _, m := range fb.messages() {
		got = append(got, m.Channel)
	}
	if strings.Join(got, ",") != "c1,d1,t1,t1" {
		t.Errorf("bot asked from channels %q; want c1, d1 and t1 (twice) only", got)
	}
	if n := h.api.count(func(c call) bool { return c.Method == http.MethodGet && c.Path == "/api/v9/channels/t1" }); n != 1 {
		t.Errorf("looked thread t1 up %d times; want once", n)
	}
}

// threads makes the fake API answer GET /channels/{id} for the threads
// given (thread ID to channel ID), and with a text channel for any other.
func threads(parent map[string]string) func(w http.ResponseWriter, r *http.Request, body []byte) bool {
	return func(w http.ResponseWriter, r *http.Request, body []byte) bool {
		id, ok := strings.CutPrefix(r.URL.Path, "/api/v9/channels/")
		if r.Method != http.MethodGet || !ok || strings.Contains(id, "/") {
			return false
		}
		ch := map[string]any{"id": id, "type": discordgo.ChannelTypeGuildText}
		if p, ok := parent[id]; ok {
			ch = map[string]any{"id": id, "type": discordgo.ChannelTypeGuildPublicThread, "parent_id": p}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(ch)
		return true
	}
}

func TestLimiter(t *testing.T) {
	var depth []int
	l := newLimiter(1, 1, func(n int) { depth = append(depth, n) })
	a, b := l.enter(), l.enter()
	if a == nil || b == nil || l.enter() != nil {
		t.Fatal("want 2 places (1 worker + 1 waiting), then saturation")
	}
	if err := a.start(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := b.start(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("second start: %v; want to wait for the worker", err)
	}
	b.leave()
	a.leave()
	a.leave() // twice is harmless
	if l.busy() != 0 || !l.drain(time.Second) {
		t.Errorf("busy %d after leaving; want 0", l.busy())
	}
	if got, want := fmt.Sprint(depth), fmt.Sprint([]int{1, 2, 1, 0}); got != want {
		t.Errorf("queue depth reports %v; want %v", got, want)
	}
}

func TestDedup(t *testing.T) {
	now := time.Unix(1000, 0)
	d := newDedup(time.Minute, 3, func() time.Time { return now })
	if d.seen("a") || !d.seen("a") {
		t.Error("a: want new, then seen")
	}
	now = now.Add(90 * time.Second) // one rotation: still remembered
	if !d.seen("a") {
		t.Error("a forgotten after one rotation")
	}
	now = now.Add(3 * time.Minute)
	d.seen("x")
	now = now.Add(3 * time.Minute)
	if d.seen("a") {
		t.Error("a remembered after two rotations")
	}
	for _, id := range []string{"1", "2", "3", "4", "5", "6", "7"} {
		d.seen(id)
	}
	if len(d.cur)+len(d.prev) > 6 {
		t.Errorf("%d IDs kept; want at most 2×max", len(d.cur)+len(d.prev))
	}
}
