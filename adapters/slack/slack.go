// Package slack connects the bot to Slack: it takes questions from
// mentions in channels, direct messages and the /ask command, over Socket
// Mode or HTTP (Events API, slash commands, interactivity), and posts the
// bot's Replies as Block Kit messages.
//
// Every inbound request is acknowledged at once and answered by a bounded
// pool of workers; when the queue is full the request is still
// acknowledged and the user told the bot is busy. Retried deliveries of
// the same message are answered once (an in-process guard, and the bot's
// store across restarts). Web API calls honour Retry-After on 429 and
// retry 5xx and connection errors with a bounded backoff.
//
// An Adapter is safe for concurrent use: its HTTP handlers may run on any
// number of goroutines while Run works the queue.
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kbbot/kbbot/bot"
	"github.com/slack-go/slack"
)

// platform names this adapter in Messages, metrics and logs.
const platform = bot.PlatformSlack

// Default sizes of the worker pool and its queue.
const (
	DefaultWorkers   = 16
	DefaultQueueSize = 1024
)

const (
	// defaultGrace is Config.Grace when unset.
	defaultGrace = 10 * time.Second
	// jobTimeout bounds answering one request.
	jobTimeout = 2 * time.Minute
	// maxBody is the largest HTTP request body read, in bytes.
	maxBody = 1 << 20
)

// Config configures an Adapter. BotToken is always needed; AppToken turns
// on Socket Mode and SigningSecret the HTTP endpoints (either or both).
type Config struct {
	// BotToken (SLACK_BOT_TOKEN, xoxb-) posts answers.
	BotToken string
	// AppToken (SLACK_APP_TOKEN, xapp-) opens the Socket Mode connection.
	AppToken string
	// SigningSecret (SLACK_SIGNING_SECRET) verifies HTTP requests.
	SigningSecret string
	// APIURL (SLACK_API_URL) replaces https://slack.com/api/ (proxies,
	// tests); "" keeps Slack's.
	APIURL string
	// Channels, when not empty, are the only channel IDs the bot answers
	// in; direct messages are always answered.
	Channels []string
	// Workers answer in parallel; QueueSize requests wait for them. 0
	// means DefaultWorkers and DefaultQueueSize.
	Workers, QueueSize int
	// HTTPClient makes Web API calls; nil means a client with a 30 s
	// timeout that keeps a connection per worker alive.
	HTTPClient *http.Client
	// Logger receives the adapter's logs; nil discards them.
	Logger *slog.Logger
	// Metrics, when set, receives adapter errors and queue depth.
	Metrics Metrics
	// Grace is how long Run lets queued and in-flight answers finish after
	// ctx ends; 0 means 10 s.
	Grace time.Duration
}

// Metrics receives adapter errors and queue depth (kbbot serve implements
// it with Prometheus). Implementations must be safe for concurrent use.
type Metrics interface {
	// AdapterError counts one failed operation, such as "verify", "parse",
	// "post", "answer", "queue_full" or "socket".
	AdapterError(platform, op string)
	// QueueDepth reports how many requests wait for a worker.
	QueueDepth(platform string, n int)
}

type noMetrics struct{}

// AdapterError counts nothing.
func (noMetrics) AdapterError(string, string) {}

// QueueDepth records nothing.
func (noMetrics) QueueDepth(string, int) {}

// answerer is what the adapter needs of the bot; *bot.Bot implements it.
type answerer interface {
	Handle(ctx context.Context, m bot.Message) (bot.Reply, error)
	Act(ctx context.Context, a bot.Action) (bot.Reply, error)
}

// webAPI is the part of the Slack Web API the adapter calls;
// *slack.Client implements it.
type webAPI interface {
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, string, error)
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
}

// Adapter is the Slack side of the bot. Create it with New.
type Adapter struct {
	cfg    Config // with defaults filled in
	log    *slog.Logger
	client *slack.Client // Socket Mode needs the concrete client
	api    webAPI
	allow  map[string]bool
	retry  retryPolicy

	jobs    chan *job
	seen    *guard
	busySem chan struct{} // bounds goroutines posting "busy" notices

	botUser   atomic.Pointer[string] // the bot's own user ID, once known
	refused   atomic.Pointer[string] // Slack's error when it refused the bot token
	connected atomic.Bool            // Socket Mode websocket is up
	running   atomic.Bool
	// stopping is set under stopMu's write lock, and accept checks it and
	// queues under the read lock: a job is queued before the workers
	// begin draining the queue at shutdown, or refused.
	stopMu   sync.RWMutex
	stopping atomic.Bool

	reconnect retryPolicy // backoff (base, max) between Socket Mode restarts
}

var _ bot.Adapter = (*Adapter)(nil)

// New checks cfg and returns an Adapter. Errors name the environment
// variable at fault.
func New(cfg Config) (*Adapter, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if cfg.Workers == 0 {
		cfg.Workers = DefaultWorkers
	}
	if cfg.QueueSize == 0 {
		cfg.QueueSize = DefaultQueueSize
	}
	if cfg.Grace == 0 {
		cfg.Grace = defaultGrace
	}
	if cfg.HTTPClient == nil {
		// Keep a connection per worker alive: the default keeps two.
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = cfg.Workers + 4
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second, Transport: tr}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Metrics == nil {
		cfg.Metrics = noMetrics{}
	}
	opts := []slack.Option{slack.OptionHTTPClient(cfg.HTTPClient)}
	if cfg.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(cfg.APIURL))
	}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	client := slack.New(cfg.BotToken, opts...)
	a := &Adapter{
		cfg:       cfg,
		log:       cfg.Logger.With("platform", platform),
		client:    client,
		api:       client,
		retry:     defaultRetry,
		jobs:      make(chan *job, cfg.QueueSize),
		seen:      newGuard(100_000, time.Hour),
		busySem:   make(chan struct{}, 8),
		reconnect: retryPolicy{base: time.Second, max: 5 * time.Minute},
	}
	if len(cfg.Channels) > 0 {
		a.allow = make(map[string]bool, len(cfg.Channels))
		for _, c := range cfg.Channels {
			a.allow[c] = true
		}
	}
	return a, nil
}

// check validates the configuration.
func (cfg *Config) check() error {
	switch {
	case cfg.BotToken == "":
		return errors.New("slack: SLACK_BOT_TOKEN is not set (the bot token, xoxb-..., from OAuth & Permissions)")
	case !strings.HasPrefix(cfg.BotToken, "xoxb-") || strings.ContainsAny(cfg.BotToken, " \t\r\n"):
		return errors.New("slack: SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
	case cfg.AppToken != "" && (!strings.HasPrefix(cfg.AppToken, "xapp-") || strings.ContainsAny(cfg.AppToken, " \t\r\n")):
		return errors.New("slack: SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information, App-Level Tokens, scope connections:write)")
	case strings.ContainsAny(cfg.SigningSecret, " \t\r\n"):
		return errors.New("slack: SLACK_SIGNING_SECRET must not contain spaces")
	case cfg.AppToken == "" && cfg.SigningSecret == "":
		return errors.New("slack: set SLACK_APP_TOKEN for Socket Mode or SLACK_SIGNING_SECRET for HTTP mode")
	case cfg.Workers < 0 || cfg.QueueSize < 0:
		return fmt.Errorf("slack: workers (%d) and queue size (%d) must not be negative", cfg.Workers, cfg.QueueSize)
	}
	if cfg.APIURL != "" {
		u, err := url.Parse(cfg.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("slack: SLACK_API_URL %q must be an absolute http(s) URL such as https://slack.com/api/", cfg.APIURL)
		}
		if !strings.HasSuffix(cfg.APIURL, "/") {
			cfg.APIURL += "/"
		}
	}
	for _, c := range cfg.Channels {
		if !isSlackID(c) || !strings.ContainsRune("CGD", rune(c[0])) {
			return fmt.Errorf("slack: channel allow-list: %q is not a channel ID (like C0123ABCD; find it in the channel's details)", c)
		}
	}
	return nil
}

// Mode says how the adapter receives events: "socket", "http" or
// "socket+http".
func (a *Adapter) Mode() string {
	switch {
	case a.cfg.AppToken != "" && a.cfg.SigningSecret != "":
		return "socket+http"
	case a.cfg.AppToken != "":
		return "socket"
	}
	return "http"
}

// Ready reports whether the adapter can take events: Run is working,
// Slack has not refused the bot token (no answer could be posted), and
// either the HTTP endpoints are configured or the Socket Mode connection
// is up.
func (a *Adapter) Ready() bool {
	return a.running.Load() && !a.stopping.Load() && a.refused.Load() == nil &&
		(a.cfg.SigningSecret != "" || a.connected.Load())
}

// State says what keeps the adapter from answering beyond its mode, or "".
func (a *Adapter) State() string {
	if p := a.refused.Load(); p != nil {
		return "Slack refused the bot token (" + *p + "): check SLACK_BOT_TOKEN"
	}
	return ""
}

// Routes returns the HTTP handlers by path: /slack/events,
// /slack/commands and /slack/interactions in HTTP mode; none otherwise.
// Requests they accept are answered by Run's workers using b.
func (a *Adapter) Routes(b *bot.Bot) map[string]http.Handler {
	return a.routes(b)
}

// Run works the queue, and in Socket Mode keeps the connection up, until
// ctx ends; then it stops taking events and finishes queued answers for
// up to a grace period. It returns nil after a clean shutdown.
func (a *Adapter) Run(ctx context.Context, b *bot.Bot) error {
	return a.run(ctx, b)
}

// tokenRefused are the errors with which Slack refuses a token for good:
// every post would fail the same way until the token is replaced.
var tokenRefused = map[string]bool{
	"invalid_auth": true, "not_authed": true, "account_inactive": true,
	"token_revoked": true, "token_expired": true,
}

// botUserID returns the bot's own user ID, or "" while unknown.
func (a *Adapter) botUserID() string {
	if p := a.botUser.Load(); p != nil {
		return *p
	}
	return ""
}

// learnBotUser asks Slack who the bot is (auth.test), which also checks
// the bot token early.
func (a *Adapter) learnBotUser(ctx context.Context) {
	var resp *slack.AuthTestResponse
	err := a.retry.do(ctx, func(ctx context.Context) (err error) {
		resp, err = a.api.AuthTestContext(ctx)
		return err
	})
	if err != nil {
		a.cfg.Metrics.AdapterError(platform, "auth")
		a.log.Error("slack: auth.test failed; check SLACK_BOT_TOKEN", "err", err)
		if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok && tokenRefused[se.Err] {
			code := se.Err
			a.refused.Store(&code)
		}
		return
	}
	id := resp.UserID
	a.botUser.Store(&id)
	a.log.Info("slack: connected to workspace", "team", resp.Team, "bot_user", resp.UserID)
}
