package discord

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func rateLimited(w http.ResponseWriter, retryAfter string, global bool) {
	w.Header().Set("Content-Type", "application/json")
	if global {
		w.Header().Set("X-RateLimit-Global", "true")
		w.Header().Set("X-RateLimit-Scope", "global")
	}
	w.WriteHeader(http.StatusTooManyRequests)
	g := "false"
	if global {
		g = "true"
	}
	_, _ = w.Write([]byte(`{"message":"You are being rate limited.","retry_after":` + retryAfter + `,"global":` + g + `}`))
}

func TestRateLimitPerRouteRetried(t *testing.T) {
	h := newHarness(t, Config{Token: "t0k"})
	var mu sync.Mutex
	n := 0
	h.api.setHook(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
		mu.Lock()
		defer mu.Unlock()
		n++
		if n <= 2 {
			rateLimited(w, "0.05", false)
			return true
		}
		return false
	})
	start := time.Now()
	if _, err := h.a.session.ChannelMessageSendComplex("c1", notice("hi").message(nil)); err != nil {
		t.Fatalf("send after two 429s: %v", err)
	}
	if n != 3 {
		t.Errorf("%d requests; want 3 (two 429s, then success)", n)
	}
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("took %v; want at least 2×retry_after = 100ms", d)
	}
	calls := h.api.all()
	for _, c := range calls {
		if c.Auth != "Bot t0k" || !strings.Contains(string(c.Body), `"content":"hi"`) {
			t.Errorf("retried request lost its token or body: %+v", c)
		}
	}
	if !strings.Contains(h.logs.String(), "discord: rate limited") {
		t.Errorf("no rate-limit log line")
	}
}

func TestRateLimitBounded(t *testing.T) {
	h := newHarness(t, Config{Token: "t0k"})
	h.api.setHook(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
		rateLimited(w, "0.01", false)
		return true
	})
	_, err := h.a.session.ChannelMessageSendComplex("c1", notice("hi").message(nil))
	var rl *discordgo.RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("got %v; want a *discordgo.RateLimitError after the retries", err)
	}
	if got := len(h.api.all()); got != 4 {
		t.Errorf("%d requests; want 4 (1 + 3 retries)", got)
	}
	if h.metrics.count("ratelimit") != 1 {
		t.Errorf("ratelimit metric %d; want 1", h.metrics.count("ratelimit"))
	}
}

func TestRateLimitTooLongNotWaited(t *testing.T) {
	h := newHarness(t, Config{Token: "t0k"})
	h.api.setHook(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
		rateLimited(w, "3600", false)
		return true
	})
	start := time.Now()
	_, err := h.a.session.ChannelMessageSendComplex("c1", notice("hi").message(nil))
	if err == nil || time.Since(start) > 2*time.Second || len(h.api.all()) != 1 {
		t.Errorf("got %v after %v and %d requests; want an error at once", err, time.Since(start), len(h.api.all()))
	}
}

func TestRateLimitGlobalHoldsOtherRoutes(t *testing.T) {
	h := newHarness(t, Config{Token: "t0k"})
	var mu sync.Mutex
	first := true
	var times []time.Time
	h.api.setHook(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
		mu.Lock()
		defer mu.Unlock()
		times = append(times, time.Now())
		if first {
			first = false
			rateLimited(w, "0.3", true)
			return true
		}
		return false
	})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if _, err := h.a.session.ChannelMessageSendComplex("c1", notice("a").message(nil)); err != nil {
			t.Errorf("first route: %v", err)
		}
	}()
	time.Sleep(50 * time.Millisecond) // the global 429 has arrived
	start := time.Now()
	if _, err := h.a.session.ChannelMessageSendComplex("c2", notice("b").message(nil)); err != nil {
		t.Fatalf("second route: %v", err)
	}
	wg.Wait()
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("another route went out after %v; want it held by the global limit (~250ms)", d)
	}
	if len(times) != 3 {
		t.Errorf("%d requests; want 3", len(times))
	}
}

// TestRateLimitGlobalSparesInteractions: interaction endpoints are not
// bound to the global limit, and an initial response must arrive within 3
// seconds, so a global 429 on a channel post does not hold them.
func TestRateLimitGlobalSparesInteractions(t *testing.T) {
	h := newHarness(t, Config{Token: "t0k"})
	var limited atomic.Bool
	h.api.setHook(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
		if strings.HasPrefix(r.URL.Path, "/api/v9/channels/") && limited.CompareAndSwap(false, true) {
			rateLimited(w, "2", true)
			return true
		}
		return false
	})
	go func() { _, _ = h.a.session.ChannelMessageSendComplex("c1", notice("hi").message(nil)) }()
	waitUntil(t, "the global 429", limited.Load)
	time.Sleep(50 * time.Millisecond)
	i := &discordgo.Interaction{ID: "i9", AppID: "111", Token: "tok", Type: discordgo.InteractionApplicationCommand}
	start := time.Now()
	if err := h.a.session.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.a.session.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: new("done")}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("interaction response and edit took %v; want them not held by the global limit (2s)", d)
	}
}

// TestRateLimitInteractionWaits: an interaction route that gets a 429
// itself still waits it out before retrying, global or not.
func TestRateLimitInteractionWaits(t *testing.T) {
	h := newHarness(t, Config{Token: "t0k"})
	var n atomic.Int32
	h.api.setHook(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
		if strings.Contains(r.URL.Path, "/interactions/") && n.Add(1) == 1 {
			rateLimited(w, "0.3", true)
			return true
		}
		return false
	})
	i := &discordgo.Interaction{ID: "i9", AppID: "111", Token: "tok", Type: discordgo.InteractionApplicationCommand}
	start := time.Now()
	err := h.a.session.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
	if d := time.Since(start); err != nil || n.Load() != 2 || d < 250*time.Millisecond {
		t.Errorf("err %v after %d requests in %v; want success on the second, after the 0.3s asked", err, n.Load(), d)
	}
}

func TestRewriteKeepsPaths(t *testing.T) {
	h := newHarness(t, Config{Token: "t0k"})
	h.a.session.Client.Transport.(*transport).target.Path = "/proxy/"
	_, _ = h.a.session.ChannelMessageSendComplex("c1", notice("a").message(nil))
	if c := h.api.all(); len(c) != 1 || c[0].Path != "/proxy/api/v9/channels/c1/messages" {
		t.Errorf("calls %+v; want one to /proxy/api/v9/channels/c1/messages", c)
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/api/v9/interactions/1/secret/callback", "/api/v9/interactions/1/:token/callback"},
		{"/api/v9/webhooks/2/secret/messages/@original", "/api/v9/webhooks/2/:token/messages/@original"},
		{"/api/v9/channels/3/messages", "/api/v9/channels/3/messages"},
	}
	for _, tt := range tests {
		if got := redact(tt.in); got != tt.want {
			t.Errorf("redact(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	err := errors.New(`Patch "http://x/api/v9/webhooks/2/secret/messages/@original": dial tcp: refused`)
	if got := safeErr(err); strings.Contains(got, "secret") {
		t.Errorf("safeErr = %q; want the token hidden", got)
	}
}
