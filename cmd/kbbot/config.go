package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/kbbot/kbbot/knowledge"
)

// serveConfig is the configuration of kbbot serve. Each value comes from,
// in order of precedence: a flag, an environment variable (secrets and API
// URLs only, with the names in DESIGN.md), the YAML config file, the
// default. The yaml tags are the config file's keys.
type serveConfig struct {
	Addr        string            `yaml:"addr"`
	KB          []string          `yaml:"kb"`
	BaseURL     string            `yaml:"base_url"`
	Synonyms    string            `yaml:"synonyms"`
	NoGeneral   bool              `yaml:"no_general_synonyms"`
	MaxFileSize int64             `yaml:"max_file_size"`
	Thresholds  thresholdConfig   `yaml:"thresholds"`
	DB          string            `yaml:"db"`
	RateLimit   int               `yaml:"rate_limit"`
	MaxQuestion int               `yaml:"max_question"`
	Contacts    map[string]string `yaml:"contacts"`
	Log         logConfig         `yaml:"log"`
	Watch       bool              `yaml:"watch"`
	Debounce    time.Duration     `yaml:"debounce"`
	Grace       time.Duration     `yaml:"shutdown_grace"`
	KBGit       gitConfig         `yaml:"kb_git"`
	Slack       slackConfig       `yaml:"slack"`
	Discord     discordConfig     `yaml:"discord"`

	// warnings are problems that do not stop kbbot, logged at start.
	warnings []string `yaml:"-"`
	// sources maps a key ("slack.api_url") to where its value came from
	// ("flag --slack-api-url", "env SLACK_API_URL", "kbbot.yaml:12");
	// a key absent here has its default.
	sources map[string]string `yaml:"-"`
}

// thresholdConfig mirrors knowledge.Thresholds.
type thresholdConfig struct {
	MinScore       float64 `yaml:"min_score"`
	MinScoreCJK    float64 `yaml:"min_score_cjk"`
	MinCoverage    float64 `yaml:"min_coverage"`
	MinMargin      float64 `yaml:"min_margin"`
	StrongCoverage float64 `yaml:"strong_coverage"`
	MinConfidence  float64 `yaml:"min_confidence"`
}

type logConfig struct {
	Level  string `yaml:"level"`
	Format string `yaml:"format"`
}

// gitConfig configures the optional knowledge base pulled from git.
type gitConfig struct {
	URL      string        `yaml:"url"`
	Branch   string        `yaml:"branch"`
	Dir      string        `yaml:"dir"`
	Path     string        `yaml:"path"`
	Interval time.Duration `yaml:"interval"`
}

type slackConfig struct {
	BotToken      secret   `yaml:"bot_token"`
	AppToken      secret   `yaml:"app_token"`
	SigningSecret secret   `yaml:"signing_secret"`
	APIURL        string   `yaml:"api_url"`
	Channels      []string `yaml:"channels"`
	Workers       int      `yaml:"workers"`
	QueueSize     int      `yaml:"queue_size"`
}

type discordConfig struct {
	Token          secret   `yaml:"token"`
	AppID          string   `yaml:"app_id"`
	PublicKey      string   `yaml:"public_key"`
	GuildID        string   `yaml:"guild_id"`
	APIURL         string   `yaml:"api_url"`
	ShardID        int      `yaml:"shard_id"`
	ShardCount     int      `yaml:"shard_count"`
	MessageContent bool     `yaml:"message_content"`
	Workers        int      `yaml:"workers"`
	Channels       []string `yaml:"channels"`
}

// secret is a token or signing secret: it prints and logs as "[redacted]".
type secret string

// String hides the value.
func (s secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// GoString hides the value from %#v.
func (s secret) GoString() string { return s.String() }

// LogValue hides the value from slog.
func (s secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// defaultServeConfig returns the defaults.
func defaultServeConfig() serveConfig {
	return serveConfig{
		Addr:        "127.0.0.1:8080",
		DB:          defaultDB,
		RateLimit:   20,
		MaxQuestion: 1000,
		MaxFileSize: knowledge.DefaultMaxFileSize,
		Thresholds:  thresholdConfig(knowledge.DefaultThresholds),
		Log:         logConfig{Level: "info", Format: "text"},
		Watch:       true,
		Debounce:    300 * time.Millisecond,
		Grace:       10 * time.Second,
		KBGit:       gitConfig{Interval: time.Minute, Path: "."},
		sources:     map[string]string{},
	}
}

// envVars are the environment variables read, with their config keys.
var envVars = []struct {
	name, key string
	set       func(c *serveConfig, v string)
}{
	{"SLACK_BOT_TOKEN", "slack.bot_token", func(c *serveConfig, v string) { c.Slack.BotToken = secret(v) }},
	{"SLACK_APP_TOKEN", "slack.app_token", func(c *serveConfig, v string) { c.Slack.AppToken = secret(v) }},
	{"SLACK_SIGNING_SECRET", "slack.signing_secret", func(c *serveConfig, v string) { c.Slack.SigningSecret = secret(v) }},
	{"SLACK_API_URL", "slack.api_url", func(c *serveConfig, v string) { c.Slack.APIURL = v }},
	{"DISCORD_TOKEN", "discord.token", func(c *serveConfig, v string) { c.Discord.Token = secret(v) }},
	{"DISCORD_APP_ID", "discord.app_id", func(c *serveConfig, v string) { c.Discord.AppID = v }},
	{"DISCORD_PUBLIC_KEY", "discord.public_key", func(c *serveConfig, v string) { c.Discord.PublicKey = v }},
	{"DISCORD_GUILD_ID", "discord.guild_id", func(c *serveConfig, v string) { c.Discord.GuildID = v }},
	{"DISCORD_API_URL", "discord.api_url", func(c *serveConfig, v string) { c.Discord.APIURL = v }},
}

// serveFlags defines the flags of kbbot serve on fs, bound to c's fields,
// and returns the config key of each flag name.
func serveFlags(fs *flag.FlagSet, c *serveConfig, configFile *string) map[string]string {
	keys := map[string]string{}
	def := func(name, key string) string { keys[name] = key; return name }
	fs.StringVar(configFile, "config", "", "read the YAML config `file`")
	fs.StringVar(&c.Addr, def("addr", "addr"), c.Addr, "listen on `host:port` for the HTTP routes")
	fs.Var(&listFlag{p: &c.KB}, def("kb", "kb"), "knowledge-base `folder` (repeatable; default: the embedded one)")
	fs.StringVar(&c.BaseURL, def("base-url", "base_url"), c.BaseURL, "`URL` prefix for source links")
	fs.StringVar(&c.Synonyms, def("synonyms", "synonyms"), c.Synonyms, "synonyms `file`")
	fs.BoolVar(&c.NoGeneral, def("no-general-synonyms", "no_general_synonyms"), c.NoGeneral, "leave out the built-in general and Taiwan/mainland synonyms and the places list")
	fs.Int64Var(&c.MaxFileSize, def("max-file-size", "max_file_size"), c.MaxFileSize, "skip knowledge-base files larger than this many bytes")
	fs.Float64Var(&c.Thresholds.MinScore, def("min-score", "thresholds.min_score"), c.Thresholds.MinScore, "least score of an answer, 0-1")
	fs.Float64Var(&c.Thresholds.MinScoreCJK, def("min-score-cjk", "thresholds.min_score_cjk"), c.Thresholds.MinScoreCJK, "least score of an answer to a question in Chinese, Japanese or Korean, 0-1")
	fs.Float64Var(&c.Thresholds.MinCoverage, def("min-coverage", "thresholds.min_coverage"), c.Thresholds.MinCoverage, "least share of the question an answer covers, 0-1")
	fs.Float64Var(&c.Thresholds.MinConfidence, def("min-confidence", "thresholds.min_confidence"), c.Thresholds.MinConfidence, "least confidence of the answer model that an answer is right, 0-1")
	fs.StringVar(&c.DB, def("db", "db"), c.DB, "SQLite database `file`")
	fs.IntVar(&c.RateLimit, def("rate-limit", "rate_limit"), c.RateLimit, "questions per user per minute")
	fs.StringVar(&c.Log.Level, def("log-level", "log.level"), c.Log.Level, "log `level`: debug, info, warn or error")
	fs.StringVar(&c.Log.Format, def("log-format", "log.format"), c.Log.Format, "log `format`: text or json")
	fs.BoolVar(&c.Watch, def("watch", "watch"), c.Watch, "reload when files in the knowledge-base folders change")
	fs.DurationVar(&c.Grace, def("grace", "shutdown_grace"), c.Grace, "how long to let answers in flight finish on shutdown")
	fs.StringVar(&c.KBGit.URL, def("kb-git", "kb_git.url"), c.KBGit.URL, "git repository `URL` to pull the knowledge base from")
	fs.DurationVar(&c.KBGit.Interval, def("kb-git-interval", "kb_git.interval"), c.KBGit.Interval, "how often to pull --kb-git")
	fs.StringVar(&c.Slack.APIURL, def("slack-api-url", "slack.api_url"), c.Slack.APIURL, "Slack Web API `URL` (env SLACK_API_URL)")
	fs.Var(&listFlag{p: &c.Slack.Channels, comma: true}, def("slack-channels", "slack.channels"), "comma-separated Slack channel `IDs` to answer mentions in (default: all)")
	fs.Var(&listFlag{p: &c.Discord.Channels, comma: true}, def("discord-channels", "discord.channels"), "comma-separated Discord channel `IDs` to answer in (default: all)")
	fs.StringVar(&c.Discord.APIURL, def("discord-api-url", "discord.api_url"), c.Discord.APIURL, "Discord API `URL` (env DISCORD_API_URL)")
	fs.StringVar(&c.Discord.GuildID, def("discord-guild-id", "discord.guild_id"), c.Discord.GuildID, "register slash commands in this guild `ID` only (env DISCORD_GUILD_ID)")
	fs.IntVar(&c.Discord.ShardID, def("discord-shard-id", "discord.shard_id"), c.Discord.ShardID, "Discord gateway shard of this process")
	fs.IntVar(&c.Discord.ShardCount, def("discord-shard-count", "discord.shard_count"), c.Discord.ShardCount, "Discord gateway shards in all")
	return keys
}

// listFlag is a repeatable (or comma-separated) flag that replaces, not
// extends, the list from the config file.
type listFlag struct {
	p     *[]string
	comma bool
	set   bool
}

// String joins the values with commas (how the flag package shows them).
func (l *listFlag) String() string {
	if l == nil || l.p == nil {
		return ""
	}
	return strings.Join(*l.p, ",")
}

// Set adds v to the list; the first use on the command line replaces what
// the config file gave. A comma-separated flag takes several values at once.
func (l *listFlag) Set(v string) error {
	if !l.set {
		*l.p, l.set = nil, true
	}
	if !l.comma {
		*l.p = append(*l.p, v)
		return nil
	}
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l.p = append(*l.p, s)
		}
	}
	return nil
}

// loadServeConfig builds the configuration from args, the environment and
// the config file, and validates it. A usage or validation error names the
// key, where its value came from and the problem.
func loadServeConfig(e *env, args []string) (serveConfig, error) {
	// First pass: find --config and report usage errors.
	probe := defaultServeConfig()
	var file string
	fs := flag.NewFlagSet("kbbot serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	serveFlags(fs, &probe, &file)
	if err := fs.Parse(args); err != nil {
		return serveConfig{}, err
	}
	if fs.NArg() > 0 {
		return serveConfig{}, fmt.Errorf("unexpected argument %q (serve takes only flags)", fs.Arg(0))
	}

	c := defaultServeConfig()
	if file != "" {
		if err := c.readFile(file); err != nil {
			return serveConfig{}, err
		}
	}
	for _, v := range envVars {
		if s := e.getenv(v.name); s != "" {
			v.set(&c, s)
			c.sources[v.key] = "env " + v.name
		}
	}
	// Second pass: flags over everything, bound to the real config.
	fs2 := flag.NewFlagSet("kbbot serve", flag.ContinueOnError)
	fs2.SetOutput(io.Discard)
	keys := serveFlags(fs2, &c, &file)
	if err := fs2.Parse(args); err != nil {
		return serveConfig{}, err
	}
	fs2.Visit(func(f *flag.Flag) {
		if k, ok := keys[f.Name]; ok {
			c.sources[k] = "flag --" + f.Name
		}
	})
	c.normalize()
	if err := c.validate(); err != nil {
		return serveConfig{}, err
	}
	return c, nil
}

// serveUsage prints the help of kbbot serve to w.
func serveUsage(w io.Writer) {
	c := defaultServeConfig()
	var file string
	fs := flag.NewFlagSet("kbbot serve", flag.ContinueOnError)
	fs.SetOutput(w)
	serveFlags(fs, &c, &file)
	fmt.Fprintln(w, "Usage: kbbot serve [--config kbbot.yaml] [flags]")
	fmt.Fprintln(w, "\nRuns the Slack and Discord adapters whose credentials are set, with")
	fmt.Fprintln(w, "/healthz, /readyz and /metrics on one HTTP listener, reloading the")
	fmt.Fprintln(w, "knowledge base when its files change or on SIGHUP.")
	fmt.Fprintln(w, "\nPrecedence: flag > environment variable > config file > default.")
	fmt.Fprintln(w, "\nEnvironment:")
	for _, v := range envVars {
		fmt.Fprintf(w, "  %-22s %s\n", v.name, v.key)
	}
	fmt.Fprintln(w, "\nFlags:")
	fs.PrintDefaults()
}

// readFile decodes the YAML config file onto c (unknown keys are errors)
// and resolves its relative paths against the file's folder.
func (c *serveConfig) readFile(name string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	lines, err := decodeYAML(name, data, c)
	if err != nil {
		return err
	}
	for k, line := range lines {
		c.sources[k] = fmt.Sprintf("%s:%d", name, line)
	}
	if fi, err := os.Stat(name); err == nil && fi.Mode().Perm()&0o077 != 0 {
		for _, k := range []string{"slack.bot_token", "slack.app_token", "slack.signing_secret", "discord.token"} {
			if _, ok := lines[k]; ok {
				c.warnings = append(c.warnings, fmt.Sprintf(
					"config file %s holds %s but other users can read it: chmod 600 it, or use the environment variable", name, k))
			}
		}
	}
	dir := filepath.Dir(name)
	rel := func(p *string) {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
	for i := range c.KB {
		rel(&c.KB[i])
	}
	if _, ok := lines["db"]; ok && c.DB != ":memory:" {
		rel(&c.DB)
	}
	rel(&c.Synonyms)
	rel(&c.KBGit.Dir)
	return nil
}

// normalize fills derived values after all sources are applied.
func (c *serveConfig) normalize() {
	c.Discord.Token = secret(strings.TrimPrefix(string(c.Discord.Token), "Bot "))
	if c.Slack.APIURL != "" && !strings.HasSuffix(c.Slack.APIURL, "/") {
		c.Slack.APIURL += "/"
	}
	c.Discord.APIURL = strings.TrimSuffix(c.Discord.APIURL, "/")
	if c.KBGit.URL != "" && c.KBGit.Dir == "" {
		c.KBGit.Dir = defaultGitDir(c.KBGit.URL)
	}
}

// source says where key's value came from.
func (c *serveConfig) source(key string) string {
	if s, ok := c.sources[key]; ok {
		return s
	}
	return "default"
}

// wantsSlack reports whether any Slack credential is set.
func (c *serveConfig) wantsSlack() bool {
	s := c.Slack
	return s.BotToken != "" || s.AppToken != "" || s.SigningSecret != ""
}

// wantsDiscord reports whether any Discord credential is set.
func (c *serveConfig) wantsDiscord() bool {
	return c.Discord.Token != "" || c.Discord.PublicKey != ""
}

// knowledgeOptions returns the options to load the knowledge base with;
// synonyms are read again on every call so a reload picks up their edits.
func (c *serveConfig) knowledgeOptions() (knowledge.Options, error) {
	opts, err := kbOptions(c.BaseURL, c.Synonyms, c.NoGeneral, c.MaxFileSize)
	t := knowledge.Thresholds(c.Thresholds)
	opts.Thresholds = &t
	return opts, err
}

// configError is an invalid value: the key, where it came from, and why.
type configError struct {
	key, source, problem string
}

// Error names the setting, where it came from and what is wrong with it.
func (e *configError) Error() string {
	return fmt.Sprintf("%s (%s): %s", e.key, e.source, e.problem)
}

// configErrors joins validation errors, sorted by key, one a line.
type configErrors []*configError

// Error lists every problem, one a line, sorted by setting.
func (es configErrors) Error() string {
	sort.SliceStable(es, func(i, j int) bool { return es[i].key < es[j].key })
	var b strings.Builder
	b.WriteString("invalid config:")
	for _, e := range es {
		b.WriteString("\n  ")
		b.WriteString(e.Error())
	}
	return b.String()
}
