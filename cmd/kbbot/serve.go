package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/kbbot/kbbot/bot"
	"github.com/kbbot/kbbot/bot/sqlite"
	"github.com/kbbot/kbbot/knowledge"
)

// cmdServe runs the chat adapters whose credentials are set, with the
// operational HTTP routes, until ctx ends.
func cmdServe(ctx context.Context, e *env, args []string) int {
	return runServe(ctx, e, args, serveHooks{})
}

// serveHooks let tests watch a running server.
type serveHooks struct {
	// listening is called with the bound address once the routes are served.
	listening func(addr string)
	// httpClient, when set, is what the adapters call the platforms with.
	httpClient *http.Client
}

// maxEventBody caps the body of a request on a platform route.
const maxEventBody = 1 << 20

// server is one run of kbbot serve.
type server struct {
	cfg      serveConfig
	log      *slog.Logger
	metrics  *metrics
	adapters []*platformAdapter
	live     *liveKB
	kbs      []string // folders loaded, after --kb-git
	reloader *reloader
	mounted  []string // the routes served, for the start-up log
	stopping atomic.Bool
}

func runServe(ctx context.Context, e *env, args []string, hooks serveHooks) int {
	cfg, err := loadServeConfig(e, args)
	var invalid configErrors
	switch {
	case errors.Is(err, flag.ErrHelp):
		serveUsage(e.stdout)
		return 0
	case errors.As(err, &invalid):
		fmt.Fprintf(e.stderr, "kbbot serve: %v\n", err) // one line per problem
		return 2
	case err != nil:
		fmt.Fprintf(e.stderr, "kbbot serve: %v (run 'kbbot serve --help')\n", err)
		return 2
	}
	if !cfg.wantsSlack() && !cfg.wantsDiscord() {
		fmt.Fprint(e.stderr, noCredentialsHelp)
		return 2
	}
	s := &server{cfg: cfg, log: newLogger(e.stderr, cfg.Log), metrics: newMetrics(buildVersion()), live: &liveKB{}}
	// Adapters check their configuration without connecting anywhere.
	s.adapters, err = newPlatformAdapters(&cfg, s.log, s.metrics, hooks.httpClient)
	if err != nil {
		fmt.Fprintf(e.stderr, "kbbot serve: invalid config: %v\n", err)
		return 2
	}
	return s.run(ctx, hooks)
}

// noCredentialsHelp is printed when no platform has credentials.
const noCredentialsHelp = `kbbot serve: no Slack or Discord credentials are set, so there is nothing to serve.

Slack: create an app at https://api.slack.com/apps, give its bot the scopes
app_mentions:read, chat:write, commands, im:history and im:read, install it
to your workspace, then set
  SLACK_BOT_TOKEN=xoxb-...      (OAuth & Permissions > Bot User OAuth Token)
and one of
  SLACK_APP_TOKEN=xapp-...      (Basic Information > App-Level Tokens, scope
                                connections:write; Socket Mode: no public URL)
  SLACK_SIGNING_SECRET=...      (Basic Information > Signing Secret; HTTP mode:
                                point Event Subscriptions, Slash Commands and
                                Interactivity at https://YOUR-HOST/slack/...)

Discord: create an application at https://discord.com/developers/applications,
then set
  DISCORD_TOKEN=...             (Bot > Reset Token; invite the bot with the
                                bot and applications.commands scopes)
  DISCORD_APP_ID=...            (General Information > Application ID)
  DISCORD_PUBLIC_KEY=...        (optional, General Information > Public Key:
                                Interactions Endpoint URL
                                https://YOUR-HOST/discord/interactions)

To try the bot on your documents without any chat platform:
  kbbot chat --kb ./docs
  kbbot ask --kb ./docs "how do I request time off?"
`

// newLogger returns the logger the config asks for, writing to w.
func newLogger(w io.Writer, c logConfig) *slog.Logger {
	var level slog.Level
	switch strings.ToLower(c.Level) {
	case "debug":
		level = slog.LevelDebug
	case "warn", "warning":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	}
	opts := &slog.HandlerOptions{Level: level}
	if strings.EqualFold(c.Format, "json") {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// run loads the knowledge base, opens the store, serves, and shuts down
// in order when ctx ends. It returns the exit status.
func (s *server) run(ctx context.Context, hooks serveHooks) int {
	log := s.log
	// SIGHUP reloads; caught from the start so an early one does not kill us.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	// Background work (reloads, watching, pulls) stops first on shutdown.
	var bg sync.WaitGroup
	defer bg.Wait()
	bgCtx, stopBG := context.WithCancel(ctx)
	defer stopBG() // runs before bg.Wait

	gs, err := s.prepareKB(ctx)
	if err != nil {
		log.Error("cannot load the knowledge base", "err", err)
		return 1
	}
	store, err := sqlite.Open(ctx, s.cfg.DB, sqlite.Options{Logger: log})
	if err != nil {
		log.Error("cannot open the store", "db", s.cfg.DB, "err", err)
		return 1
	}
	defer func() {
		if err := store.Close(); err != nil {
			log.Error("closing the store", "err", err)
		}
	}()
	b := bot.New(s.live, store, bot.Options{
		Logger: log, MaxQuestion: s.cfg.MaxQuestion, RatePerMinute: s.cfg.RateLimit,
		Contacts: s.cfg.Contacts, Observer: s.metrics,
	})

	mux, err := s.routes(b)
	if err != nil {
		log.Error("cannot mount the routes", "err", err)
		return 1
	}
	for _, a := range s.adapters {
		s.metrics.initPlatform(a.platform, a.ready)
	}
	srv, ln, err := s.listen(mux)
	if err != nil {
		log.Error("cannot listen", "addr", s.cfg.Addr, "err", err)
		return 1
	}
	srvErr := make(chan error, 1)
	go func() { srvErr <- srv.Serve(ln) }()
	s.announce(ln.Addr().String())
	s.startReloads(bgCtx, &bg, hup, gs)

	// Adapters run on a context of their own: cancelled only after the
	// HTTP server stopped taking events, so they can finish what came in.
	runCtx, stopAdapters := context.WithCancel(context.WithoutCancel(ctx))
	defer stopAdapters()
	stopped := make(chan adapterExit, len(s.adapters))
	for _, a := range s.adapters {
		go func() { stopped <- adapterExit{a, a.run(runCtx, b)} }()
	}
	if hooks.listening != nil {
		hooks.listening(ln.Addr().String())
	}
	code, running := s.wait(ctx, srvErr, stopped)
	s.shutdown(ctx, srv, stopBG, stopAdapters, stopped, running)
	return code
}

// prepareKB clones or pulls the kb_git repository when one is set, adds
// its folder to the knowledge base's, and loads the knowledge base. The
// git sync it returns (nil without kb_git) keeps pulling once started.
func (s *server) prepareKB(ctx context.Context) (*gitSync, error) {
	s.kbs = append([]string(nil), s.cfg.KB...)
	var gs *gitSync
	if s.cfg.KBGit.URL != "" {
		gs = &gitSync{url: s.cfg.KBGit.URL, branch: s.cfg.KBGit.Branch, dir: s.cfg.KBGit.Dir,
			interval: s.cfg.KBGit.Interval, log: s.log}
		if err := gs.prepare(ctx); err != nil {
			return nil, fmt.Errorf("from git: %w", err)
		}
		dir := filepath.Join(s.cfg.KBGit.Dir, s.cfg.KBGit.Path)
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("kb_git.path %q is not in the repository: %w", s.cfg.KBGit.Path, pathErr(err))
		}
		s.kbs = append(s.kbs, dir)
	}
	s.reloader = newReloader(s.live, s.load, s.log, s.metrics)
	if err := s.reloader.reload(ctx, "start"); err != nil {
		return nil, err
	}
	return gs, nil
}

// listen opens the listening socket and the HTTP server for h.
func (s *server) listen(h http.Handler) (*http.Server, net.Listener, error) {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return nil, nil, err
	}
	srv := &http.Server{
		Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	return srv, ln, nil
}

// startReloads starts, in bg, what reloads the knowledge base live:
// SIGHUP, file changes (when watching), and git pulls (gs, when set).
// They stop when ctx ends.
func (s *server) startReloads(ctx context.Context, bg *sync.WaitGroup, hup <-chan os.Signal, gs *gitSync) {
	rl := s.reloader
	bg.Go(func() { rl.run(ctx) })
	bg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				rl.trigger("SIGHUP")
			}
		}
	})
	if s.cfg.Watch && len(s.kbs) > 0 {
		var files []string
		if s.cfg.Synonyms != "" {
			files = append(files, s.cfg.Synonyms)
		}
		w, err := newTreeWatcher(s.kbs, files, s.cfg.Debounce, s.log, rl.trigger)
		if err != nil {
			s.log.Warn("live reload off: cannot watch the knowledge base; send SIGHUP to reload", "err", err)
		} else {
			bg.Go(func() { w.run(ctx) })
		}
	}
	if gs != nil {
		gs.onChange = rl.trigger
		bg.Go(func() { gs.run(ctx) })
	}
}

// wait serves until ctx ends, the HTTP server fails, or no adapter is
// left running. It returns the exit status and how many adapters still
// run.
func (s *server) wait(ctx context.Context, srvErr <-chan error, stopped <-chan adapterExit) (code, running int) {
	running = len(s.adapters)
	for {
		select {
		case <-ctx.Done():
			s.log.Info("shutting down: no new events; finishing answers in flight", "grace", s.cfg.Grace)
			return 0, running
		case err := <-srvErr:
			s.log.Error("HTTP server failed", "err", err)
			return 1, running
		case x := <-stopped:
			running--
			if x.err != nil {
				s.metrics.AdapterError(x.a.platform, "run")
				s.log.Error(x.a.platform+": stopped", "err", x.err)
			} else {
				s.log.Warn(x.a.platform + ": stopped")
			}
			if running == 0 {
				s.log.Error("no chat adapter is running any more; exiting")
				return 1, running
			}
		}
	}
}

// adapterExit is an adapter's Run returning.
type adapterExit struct {
	a   *platformAdapter
	err error
}

// adapterStopSlack is how long past their grace period the adapters are
// waited for: their own shutdown after the answers in flight.
const adapterStopSlack = time.Second

// shutdown stops taking events, lets the answers in flight finish within
// the grace period, and stops the background work. The store is closed
// by the caller afterwards.
func (s *server) shutdown(ctx context.Context, srv *http.Server, stopBG, stopAdapters context.CancelFunc,
	stopped <-chan adapterExit, running int) {
	s.stopping.Store(true)
	stopBG()
	graceCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.Grace)
	defer cancel()
	if err := srv.Shutdown(graceCtx); err != nil {
		s.log.Warn("HTTP requests still open at the end of the grace period were cut off", "err", err)
		srv.Close()
	}
	stopAdapters()
	// Each adapter gives its answers in flight the grace period from now,
	// not from the signal: waiting only for what is left of graceCtx
	// would close the store under answers still being posted.
	adapterCtx, cancelAdapters := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.Grace+adapterStopSlack)
	defer cancelAdapters()
	for ; running > 0; running-- {
		select {
		case x := <-stopped:
			if x.err != nil {
				s.log.Warn(x.a.platform+": stopped with an error", "err", x.err)
			}
		case <-adapterCtx.Done():
			s.log.Warn("answers still in flight at the end of the grace period were dropped", "adapters", running)
			return
		}
	}
	s.log.Info("stopped cleanly")
}

// load builds the knowledge base from the configured folders (the
// embedded one when there are none), reading the synonyms file again.
func (s *server) load(ctx context.Context) (*knowledge.Base, error) {
	opts, err := s.cfg.knowledgeOptions() // warnings are logged by the reloader
	if err != nil {
		return nil, err
	}
	return loadKB(ctx, s.kbs, opts)
}

// announce logs what runs, what is missing and how to add it.
func (s *server) announce(addr string) {
	kb := "embedded default"
	if len(s.kbs) > 0 {
		kb = strings.Join(s.kbs, ", ")
	}
	var running []string
	for _, a := range s.adapters {
		running = append(running, a.platform+" ("+a.mode()+")")
	}
	sort.Strings(running)
	s.log.Info("kbbot serve listening", "addr", addr, "version", buildVersion(), "kb", kb,
		"sections", len(s.live.Base().Sections()), "db", s.cfg.DB, "watch", s.cfg.Watch && len(s.kbs) > 0,
		"adapters", strings.Join(running, ", "),
		"routes", strings.Join(s.mounted, " "))
	for _, w := range s.cfg.warnings {
		s.log.Warn(w)
	}
	if len(s.cfg.KB) == 0 && s.cfg.KBGit.URL == "" {
		s.log.Warn("no kb folders configured: answering from the embedded example; set kb: in the config or --kb")
	}
	if !s.cfg.wantsSlack() {
		s.log.Info("slack: not running: set SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP events)")
	}
	if !s.cfg.wantsDiscord() {
		s.log.Info("discord: not running: set DISCORD_TOKEN and DISCORD_APP_ID (gateway), or DISCORD_PUBLIC_KEY (HTTP interactions)")
	}
}
