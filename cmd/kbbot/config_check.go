package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kbbot/kbbot/knowledge"
)

// validate checks every value and returns all the problems at once, each
// naming its key and where the value came from. It reads the file system
// (folders exist, the synonyms file parses) but never the network.
func (c *serveConfig) validate() error {
	var errs configErrors
	bad := func(key, format string, args ...any) {
		errs = append(errs, &configError{key, c.source(key), fmt.Sprintf(format, args...)})
	}

	if host, port, err := net.SplitHostPort(c.Addr); err != nil {
		bad("addr", "want host:port like 127.0.0.1:8080, got %q", c.Addr)
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		bad("addr", "port %q is not a number from 0 to 65535", port)
	} else if host != "" && net.ParseIP(host) == nil && strings.ContainsAny(host, " /") {
		bad("addr", "host %q is not a host name or IP address", host)
	}
	for i, p := range c.KB {
		if p == "" {
			bad("kb", "entry %d is empty", i+1)
		} else if _, err := os.Stat(p); err != nil {
			bad("kb", "cannot read %s: %v", p, pathErr(err))
		}
	}
	if c.BaseURL != "" {
		if err := checkHTTPURL(c.BaseURL); err != nil {
			bad("base_url", "%v", err)
		}
	}
	if c.Synonyms != "" {
		if _, err := readSynonyms(c.Synonyms); err != nil {
			bad("synonyms", "%v", err)
		}
	}
	for _, t := range []struct {
		key string
		v   float64
	}{
		{"thresholds.min_score", c.Thresholds.MinScore},
		{"thresholds.min_score_cjk", c.Thresholds.MinScoreCJK},
		{"thresholds.min_coverage", c.Thresholds.MinCoverage},
		{"thresholds.min_margin", c.Thresholds.MinMargin},
		{"thresholds.strong_coverage", c.Thresholds.StrongCoverage},
		{"thresholds.min_confidence", c.Thresholds.MinConfidence},
	} {
		if !(t.v >= 0 && t.v <= 1) {
			bad(t.key, "want a number from 0 to 1, got %v", t.v)
		}
	}
	if c.DB == "" {
		bad("db", "must not be empty (use :memory: for a store that forgets on exit)")
	} else if c.DB != ":memory:" {
		if fi, err := os.Stat(filepath.Dir(c.DB)); err != nil || !fi.IsDir() {
			bad("db", "folder %s does not exist", filepath.Dir(c.DB))
		} else if fi, err := os.Stat(c.DB); err == nil && fi.IsDir() {
			bad("db", "%s is a folder, want a file", c.DB)
		}
	}
	if c.MaxFileSize <= 0 {
		bad("max_file_size", "want a positive number of bytes, got %d", c.MaxFileSize)
	}
	if c.RateLimit < 0 {
		bad("rate_limit", "want 0 (the default, 20) or more questions per minute, got %d", c.RateLimit)
	}
	if c.MaxQuestion < 0 {
		bad("max_question", "want 0 (the default, 1000) or more characters, got %d", c.MaxQuestion)
	}
	for k, v := range c.Contacts {
		if strings.TrimSpace(v) == "" {
			bad("contacts."+k, "names no one: want a person or channel to hand off to")
		}
	}
	switch strings.ToLower(c.Log.Level) {
	case "debug", "info", "warn", "warning", "error":
	default:
		bad("log.level", "want debug, info, warn or error, got %q", c.Log.Level)
	}
	switch strings.ToLower(c.Log.Format) {
	case "text", "json":
	default:
		bad("log.format", "want text or json, got %q", c.Log.Format)
	}
	if c.Debounce < 0 || c.Debounce > time.Minute {
		bad("debounce", "want a duration from 0s to 1m, got %v", c.Debounce)
	}
	if c.Grace <= 0 {
		bad("shutdown_grace", "want a positive duration like 10s, got %v", c.Grace)
	}
	c.validateGit(bad)
	c.validateSlack(bad)
	c.validateDiscord(bad)
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func (c *serveConfig) validateGit(bad func(key, format string, args ...any)) {
	g := c.KBGit
	if g.URL == "" {
		return
	}
	if _, err := exec.LookPath("git"); err != nil {
		bad("kb_git.url", "needs the git command on the PATH: %v", err)
	}
	if strings.HasPrefix(g.URL, "-") || strings.ContainsAny(g.URL, " \t\n") {
		bad("kb_git.url", "%q is not a repository URL", redactURL(g.URL))
	}
	if strings.HasPrefix(g.Branch, "-") {
		bad("kb_git.branch", "%q is not a branch name", g.Branch)
	}
	if g.Interval < 5*time.Second {
		bad("kb_git.interval", "want at least 5s, got %v", g.Interval)
	}
	if p := filepath.Clean(g.Path); filepath.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") {
		bad("kb_git.path", "want a folder inside the repository, got %q", g.Path)
	}
	if fi, err := os.Stat(g.Dir); err == nil && !fi.IsDir() {
		bad("kb_git.dir", "%s is a file, want a folder", g.Dir)
	}
}

func (c *serveConfig) validateSlack(bad func(key, format string, args ...any)) {
	s := c.Slack
	checkToken(bad, "slack.bot_token", string(s.BotToken), "xoxb-", "a bot token (xoxb-...)")
	checkToken(bad, "slack.app_token", string(s.AppToken), "xapp-", "an app-level token (xapp-...)")
	checkToken(bad, "slack.signing_secret", string(s.SigningSecret), "", "")
	if c.wantsSlack() && s.BotToken == "" {
		bad("slack.bot_token", "is required to post answers when Slack is configured; set SLACK_BOT_TOKEN (xoxb-...)")
	}
	if s.BotToken != "" && s.AppToken == "" && s.SigningSecret == "" {
		bad("slack.bot_token", "is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP events) is: set one")
	}
	if s.APIURL != "" {
		if err := checkHTTPURL(s.APIURL); err != nil {
			bad("slack.api_url", "%v", err)
		}
	}
	for i, ch := range s.Channels {
		if ch == "" || strings.ContainsAny(ch, " #") {
			bad("slack.channels", "entry %d %q: want a channel ID like C0123ABCD, not a name", i+1, ch)
		}
	}
	if s.Workers < 0 {
		bad("slack.workers", "want 0 (the adapter's default) or more, got %d", s.Workers)
	}
	if s.QueueSize < 0 {
		bad("slack.queue_size", "want 0 (the adapter's default) or more, got %d", s.QueueSize)
	}
}

func (c *serveConfig) validateDiscord(bad func(key, format string, args ...any)) {
	d := c.Discord
	checkToken(bad, "discord.token", string(d.Token), "", "")
	if d.PublicKey != "" {
		if b, err := hex.DecodeString(d.PublicKey); err != nil || len(b) != 32 {
			bad("discord.public_key", "want the 64 hex digits shown as Public Key in the Developer Portal")
		}
	}
	for _, id := range []struct{ key, v string }{{"discord.app_id", d.AppID}, {"discord.guild_id", d.GuildID}} {
		if id.v == "" {
			continue
		}
		if _, err := strconv.ParseUint(id.v, 10, 64); err != nil {
			bad(id.key, "want a numeric ID (a snowflake like 1234567890123456789), got %q", id.v)
		}
	}
	if d.APIURL != "" {
		if err := checkHTTPURL(d.APIURL); err != nil {
			bad("discord.api_url", "%v", err)
		}
	}
	switch {
	case d.ShardCount < 0:
		bad("discord.shard_count", "want 0 (no sharding) or more, got %d", d.ShardCount)
	case d.ShardID < 0:
		bad("discord.shard_id", "want 0 or more, got %d", d.ShardID)
	case d.ShardID > 0 && d.ShardID >= max(d.ShardCount, 1):
		bad("discord.shard_id", "want less than discord.shard_count (%d), got %d", d.ShardCount, d.ShardID)
	}
	if d.Workers < 0 {
		bad("discord.workers", "want 0 (the adapter's default) or more, got %d", d.Workers)
	}
	for i, ch := range d.Channels {
		if ch == "" || strings.Trim(ch, "0123456789") != "" {
			bad("discord.channels", "entry %d %q: want a channel ID (digits), not a name", i+1, ch)
		}
	}
}

// checkToken rejects a credential with spaces (a pasted line) or, when
// prefix is set, one of the wrong kind. It never echoes the value.
func checkToken(bad func(key, format string, args ...any), key, v, prefix, want string) {
	switch {
	case v == "":
	case strings.ContainsAny(v, " \t\r\n\"'"):
		bad(key, "contains spaces or quotes: paste the value alone")
	case prefix != "" && !strings.HasPrefix(v, prefix):
		bad(key, "does not look like %s", want)
	}
}

// checkHTTPURL accepts an absolute http or https URL.
func checkHTTPURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("want an absolute http(s) URL, got %q", redactURL(s))
	}
	return nil
}

// redactURL hides a password in a URL so it can be logged. A URL whose
// user part url.Parse misreads (a password with a bare %, # or /, which
// git takes as written) loses everything between "://" and its last "@".
func redactURL(s string) string {
	if u, err := url.Parse(s); err == nil && u.User != nil {
		u.User = url.User("xxxxx")
		return u.String()
	}
	if i := strings.Index(s, "://"); i >= 0 {
		if j := strings.LastIndex(s[i+3:], "@"); j >= 0 {
			return s[:i+3] + "xxxxx" + s[i+3+j:]
		}
	}
	return s
}

// pathErr drops the path from an *os.PathError, which the caller names.
func pathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// defaultGitDir is where --kb-git is cloned when kb_git.dir is not set: a
// folder under the user's cache named after the URL.
func defaultGitDir(rawURL string) string {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	sum := sha256.Sum256([]byte(rawURL))
	name := strings.TrimSuffix(filepath.Base(strings.TrimRight(rawURL, "/")), ".git")
	name = strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r == '.' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			return r
		}
		return '_'
	}, name)
	return filepath.Join(base, "kbbot", "git", name+"-"+hex.EncodeToString(sum[:4]))
}

// readSynonyms reads and parses the synonyms file.
func readSynonyms(name string) (*knowledge.Synonyms, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("synonyms: %s: %w", name, pathErr(err))
	}
	defer f.Close()
	s, err := knowledge.ParseSynonyms(f)
	if se, ok := errors.AsType[*knowledge.SynonymsError](err); ok {
		return nil, fmt.Errorf("synonyms: %s:%d: %s", name, se.Line, se.Msg)
	}
	if err != nil {
		return nil, fmt.Errorf("synonyms: %s: %w", name, err)
	}
	return s, nil
}
