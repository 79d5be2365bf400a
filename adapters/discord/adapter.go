// Package discord connects the bot to Discord: slash commands (/ask with
// topic autocomplete, /topics, /tour), messages that mention the bot and
// direct messages, and buttons, over the gateway websocket, the HTTP
// interactions endpoint, or both.
//
// Replies are rendered as one embed with buttons and a topic menu, within
// Discord's limits, and never ping anyone. Slash commands are answered with
// a deferred private response that is edited in when the answer is ready,
// so Discord's 3-second limit is never missed. Every event is handled once
// (an in-process guard, then the bot's store), at most Config.Workers at a
// time, and a panic in one handler is recovered and logged.
//
// An Adapter is safe for concurrent use.
package discord

import (
	"cmp"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kbbot/kbbot/bot"
)

// Config configures an Adapter. Token or PublicKey (or both) must be set.
type Config struct {
	Token      string // DISCORD_TOKEN (gateway + REST)
	AppID      string // DISCORD_APP_ID
	PublicKey  string // DISCORD_PUBLIC_KEY, hex (HTTP interactions)
	GuildID    string // DISCORD_GUILD_ID: register commands in one guild
	APIURL     string // DISCORD_API_URL: replaces https://discord.com keeping /api/v9/... paths
	ShardID    int
	ShardCount int
	// MessageContent requests the privileged message-content intent
	// (default off: mentions and DMs work without it).
	MessageContent bool
	Workers        int // bounded concurrency; 0 = default
	HTTPClient     *http.Client
	Logger         *slog.Logger
	Metrics        Metrics // may be nil
	// Grace is how long Run waits for answers in flight after ctx ends;
	// 0 means 10 s.
	Grace time.Duration
	// Channels, when not empty, are the only guild channel IDs the bot
	// answers in (mentions and slash commands), with their threads and
	// forum posts; DMs are always answered.
	Channels []string
}

// Metrics receives adapter errors and queue depth (serve implements it with
// Prometheus). Its methods must be safe for concurrent use.
type Metrics interface {
	AdapterError(platform, op string)
	QueueDepth(platform string, n int)
}

// DefaultWorkers is how many answers are made at once when Config.Workers
// is 0; four times as many events may wait before the bot says it is busy.
const DefaultWorkers = 8

// Adapter runs the bot on Discord. Create it with New.
type Adapter struct {
	cfg     Config
	log     *slog.Logger
	metrics Metrics
	key     ed25519.PublicKey // nil: no HTTP endpoint
	session *discordgo.Session
	rest    restAPI
	lim     *limiter
	allow   map[string]bool // channel allow-list; nil = everywhere
	parents parents         // threads' channels, for the allow-list
	seen    *dedup

	gatewayUp atomic.Bool
	selfID    atomic.Value // string: the bot's user ID, from READY
	appID     atomic.Value // string: configured, or learned from READY

	// Tunables, changed by tests.
	now        func() time.Time
	maxBody    int64         // largest HTTP interaction body
	maxSkew    time.Duration // oldest (or most future) signed timestamp accepted
	jobTimeout time.Duration // longest an answer may take
	backoffMin time.Duration // first gateway/registration retry delay
	backoffMax time.Duration
	grace      time.Duration // how long Run waits for answers in flight
	dialer     *gatewayDialer
}

var _ bot.Adapter = (*Adapter)(nil)

// restAPI is what the adapter calls on Discord's REST API: satisfied by
// *discordgo.Session, and by fakes in tests.
type restAPI interface {
	InteractionRespond(i *discordgo.Interaction, r *discordgo.InteractionResponse, opts ...discordgo.RequestOption) error
	InteractionResponseEdit(i *discordgo.Interaction, e *discordgo.WebhookEdit, opts ...discordgo.RequestOption) (*discordgo.Message, error)
	InteractionResponseDelete(i *discordgo.Interaction, opts ...discordgo.RequestOption) error
	ChannelMessageSendComplex(channelID string, m *discordgo.MessageSend, opts ...discordgo.RequestOption) (*discordgo.Message, error)
	ApplicationCommandBulkOverwrite(appID, guildID string, cmds []*discordgo.ApplicationCommand, opts ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error)
	Channel(channelID string, opts ...discordgo.RequestOption) (*discordgo.Channel, error)
}

// answerer is what the adapter calls on the bot: *bot.Bot, or a fake.
type answerer interface {
	Handle(ctx context.Context, m bot.Message) (bot.Reply, error)
	Act(ctx context.Context, a bot.Action) (bot.Reply, error)
	Suggest(ctx context.Context, prefix string, n int) []bot.Topic
}

// New checks cfg and returns an Adapter; it makes no network connection.
// Errors name the environment variable at fault.
func New(cfg Config) (*Adapter, error) {
	cfg.Token = strings.TrimSpace(cfg.Token)
	key, target, err := cfg.check()
	if err != nil {
		return nil, err
	}
	var allow map[string]bool
	if len(cfg.Channels) > 0 {
		allow = make(map[string]bool, len(cfg.Channels))
		for _, c := range cfg.Channels {
			allow[c] = true
		}
	}
	a := &Adapter{
		allow: allow, key: key,
		cfg: cfg, log: cfg.Logger, metrics: cfg.Metrics, now: time.Now,
		maxBody: 256 << 10, maxSkew: 5 * time.Minute, jobTimeout: 2 * time.Minute,
		backoffMin: time.Second, backoffMax: 2 * time.Minute, grace: cmp.Or(cfg.Grace, 10*time.Second),
		dialer: &gatewayDialer{timeout: time.Minute},
	}
	if a.log == nil {
		a.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	workers := cmp.Or(cfg.Workers, DefaultWorkers)
	a.lim = newLimiter(workers, 4*workers, func(n int) {
		if a.metrics != nil {
			a.metrics.QueueDepth(bot.PlatformDiscord, n)
		}
	})
	a.seen = newDedup(20*time.Minute, 100_000, func() time.Time { return a.now() })
	a.appID.Store(cfg.AppID)
	a.selfID.Store("")
	s, err := a.newSession(target)
	if err != nil {
		return nil, err
	}
	a.session, a.rest = s, s
	return a, nil
}

// check validates the configuration New is given, and returns the
// public key to verify interactions with (nil without one) and the API
// URL to send requests to instead of Discord's (nil for Discord's).
func (cfg *Config) check() (ed25519.PublicKey, *url.URL, error) {
	if cfg.Token == "" && cfg.PublicKey == "" {
		return nil, nil, errors.New("discord: set DISCORD_TOKEN (gateway) or DISCORD_PUBLIC_KEY (HTTP interactions endpoint), or both")
	}
	if strings.ContainsAny(cfg.Token, " \t\r\n") && !strings.HasPrefix(cfg.Token, "Bot ") {
		return nil, nil, errors.New("discord: DISCORD_TOKEN contains white space: paste the bot token alone")
	}
	for _, v := range []struct{ name, val string }{{"DISCORD_APP_ID", cfg.AppID}, {"DISCORD_GUILD_ID", cfg.GuildID}} {
		if v.val != "" && strings.Trim(v.val, "0123456789") != "" {
			return nil, nil, fmt.Errorf("discord: %s %q is not a Discord ID (digits only)", v.name, v.val)
		}
	}
	var key ed25519.PublicKey
	if cfg.PublicKey != "" {
		k, err := hex.DecodeString(strings.TrimSpace(cfg.PublicKey))
		if err != nil || len(k) != ed25519.PublicKeySize {
			return nil, nil, errors.New("discord: DISCORD_PUBLIC_KEY must be the application's public key: 64 hex digits (32 bytes)")
		}
		key = ed25519.PublicKey(k)
	}
	var target *url.URL
	if cfg.APIURL != "" {
		u, err := url.Parse(cfg.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
			return nil, nil, fmt.Errorf("discord: DISCORD_API_URL %q must be an http(s) URL like https://discord.com", cfg.APIURL)
		}
		target = u
	}
	if cfg.ShardCount < 0 || cfg.ShardID < 0 || (cfg.ShardCount > 0 && cfg.ShardID >= cfg.ShardCount) ||
		(cfg.ShardCount == 0 && cfg.ShardID > 0) {
		return nil, nil, fmt.Errorf("discord: shard %d of %d: the shard ID must be at least 0 and less than the shard count", cfg.ShardID, cfg.ShardCount)
	}
	if cfg.Workers < 0 {
		return nil, nil, fmt.Errorf("discord: workers %d: must be 0 (default) or more", cfg.Workers)
	}
	return key, target, nil
}

// newSession returns the discordgo session the adapter talks through: its
// HTTP client retries rate-limited requests a bounded number of times
// (and sends them to target when set), it neither reconnects nor keeps
// state on its own, and it runs handlers in order.
func (a *Adapter) newSession(target *url.URL) (*discordgo.Session, error) {
	cfg := a.cfg
	token := cfg.Token
	if token != "" && !strings.HasPrefix(token, "Bot ") {
		token = "Bot " + token
	}
	s, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("discord: new session: %w", err)
	}
	client := &http.Client{Timeout: 20 * time.Second}
	if cfg.HTTPClient != nil {
		c := *cfg.HTTPClient
		client = &c
	}
	base := client.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	client.Transport = &transport{
		base: base, target: target, gate: &gate{}, maxRetries: 3, maxWait: 30 * time.Second, log: a.log,
		limited: func(final bool) {
			if final {
				a.count("ratelimit")
			}
		},
	}
	s.Client = client
	s.Dialer = a.dialer.websocket()
	s.ShouldRetryOnRateLimit = false // transport retries, a bounded number of times
	s.ShouldReconnectOnError = false // gatewayLoop reconnects, and stops with ctx
	s.StateEnabled = false
	// Handlers run in order on the gateway's goroutine (READY before the
	// messages after it); they start their own goroutines for the work.
	s.SyncEvents = true
	s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount
	s.Identify.Intents = discordgo.IntentGuildMessages | discordgo.IntentDirectMessages
	if cfg.MessageContent {
		s.Identify.Intents |= discordgo.IntentMessageContent
	}
	return s, nil
}

// Mode says how the adapter reaches Discord: "gateway", "http" or
// "gateway+http".
func (a *Adapter) Mode() string {
	switch {
	case a.cfg.Token != "" && a.key != nil:
		return "gateway+http"
	case a.cfg.Token != "":
		return "gateway"
	}
	return "http"
}

// State says what Ready does not: whether the gateway is connected, when
// there is one ("" without a token).
func (a *Adapter) State() string {
	switch {
	case a.cfg.Token == "":
		return ""
	case a.gatewayUp.Load():
		return "gateway connected"
	}
	return "gateway not connected"
}

// Ready reports whether the bot can be reached: the HTTP endpoint is
// configured (it answers while the gateway retries, and a readiness probe
// must not take it out of service then), or the gateway is connected.
func (a *Adapter) Ready() bool {
	return a.key != nil || a.gatewayUp.Load()
}

// Routes returns the HTTP handlers to mount: "/discord/interactions" when a
// public key is configured, else none.
func (a *Adapter) Routes(b *bot.Bot) map[string]http.Handler {
	routes := map[string]http.Handler{}
	if a.key != nil && b != nil {
		routes["/discord/interactions"] = a.interactions(b)
	}
	return routes
}

// Run registers the slash commands and runs the gateway (when a token is
// set), reconnecting with backoff while Discord is unreachable; the HTTP
// endpoint keeps answering meanwhile. It blocks until ctx ends, then waits
// a little for answers in flight. It returns an error only when Discord
// refuses the token or the gateway's settings (a close code no retry
// fixes, such as a privileged intent the application may not ask for).
func (a *Adapter) Run(ctx context.Context, b *bot.Bot) error {
	if b == nil {
		return errors.New("discord: run: nil bot")
	}
	return a.run(ctx, b)
}

func (a *Adapter) run(ctx context.Context, b answerer) error {
	a.log.Info("discord: starting", "mode", a.Mode(), "shard", a.cfg.ShardID, "shards", a.cfg.ShardCount,
		"guild", a.cfg.GuildID, "message_content", a.cfg.MessageContent)
	if a.cfg.Token == "" {
		a.log.Warn("discord: no DISCORD_TOKEN: slash commands are not registered and mentions and DMs are not read; only the HTTP interactions endpoint answers")
		<-ctx.Done()
		a.lim.drain(a.grace)
		return nil
	}
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	reg := newRegistrar(a, cancel)
	if a.cfg.ShardID == 0 {
		reg.start(runCtx, a.appID.Load().(string))
	}
	a.gatewayLoop(runCtx, b, reg)
	reg.wait()
	if !a.lim.drain(a.grace) {
		a.log.Warn("discord: stopped with answers still in flight", "n", a.lim.busy())
	}
	if err := context.Cause(runCtx); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

// count tells the metrics of an error in op.
func (a *Adapter) count(op string) {
	if a.metrics != nil {
		a.metrics.AdapterError(bot.PlatformDiscord, op)
	}
}

// backoff returns the delay before retry n (0-based): doubling from
// backoffMin up to backoffMax, with up to 25% jitter.
func (a *Adapter) backoff(n int) time.Duration {
	d := a.backoffMin
	for i := 0; i < n && d < a.backoffMax; i++ {
		d *= 2
	}
	d = min(d, a.backoffMax)
	return d + time.Duration(a.now().UnixNano()%int64(d/4+1))
}

// allowed reports whether the bot answers in channel of guild: always in
// DMs, else when there is no allow-list or the channel is on it.
func (a *Adapter) allowed(guild, channel string) bool {
	return guild == "" || a.allow == nil || a.allow[channel]
}
