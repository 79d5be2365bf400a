package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kbbot/kbbot/knowledge"
)

// testEnv returns an env whose variables are vars.
func serveTestEnv(vars map[string]string) *env {
	var out, errb bytes.Buffer
	return &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return vars[k] }}
}

// writeConfig writes a config file in a temporary folder (with a docs
// folder beside it) and returns its path.
func writeConfig(t *testing.T, yaml string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "kbbot.yaml")
	if err := os.WriteFile(p, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConfigPrecedence(t *testing.T) {
	const file = `
addr: 127.0.0.1:9001
slack:
  bot_token: xoxb-from-file
  app_token: xapp-from-file
  api_url: http://file.test/api/
discord:
  shard_id: 1
  shard_count: 2
`
	tests := []struct {
		name       string
		file       string // config file content; "" for no file
		env        map[string]string
		args       []string
		get        func(c serveConfig) any
		want       any
		wantSource string
	}{
		{"addr default", "", nil, nil,
			func(c serveConfig) any { return c.Addr }, "127.0.0.1:8080", "default"},
		{"addr file over default", file, nil, nil,
			func(c serveConfig) any { return c.Addr }, "127.0.0.1:9001", "kbbot.yaml:2"},
		{"addr flag over file", file, nil, []string{"--addr", "127.0.0.1:9002"},
			func(c serveConfig) any { return c.Addr }, "127.0.0.1:9002", "flag --addr"},
		{"api url default", "", nil, nil,
			func(c serveConfig) any { return c.Slack.APIURL }, "", "default"},
		{"api url file", file, nil, nil,
			func(c serveConfig) any { return c.Slack.APIURL }, "http://file.test/api/", "kbbot.yaml:6"},
		{"api url env over file", file, map[string]string{"SLACK_API_URL": "http://env.test/api/"}, nil,
			func(c serveConfig) any { return c.Slack.APIURL }, "http://env.test/api/", "env SLACK_API_URL"},
		{"api url flag over env and file", file, map[string]string{"SLACK_API_URL": "http://env.test/api/"},
			[]string{"--slack-api-url", "http://flag.test/api"},
			func(c serveConfig) any { return c.Slack.APIURL }, "http://flag.test/api/", "flag --slack-api-url"},
		{"token file", file, nil, nil,
			func(c serveConfig) any { return string(c.Slack.BotToken) }, "xoxb-from-file", "kbbot.yaml:4"},
		{"token env over file", file, map[string]string{"SLACK_BOT_TOKEN": "xoxb-from-env"}, nil,
			func(c serveConfig) any { return string(c.Slack.BotToken) }, "xoxb-from-env", "env SLACK_BOT_TOKEN"},
		{"shard flag over file", file, nil, []string{"--discord-shard-id", "0"},
			func(c serveConfig) any { return c.Discord.ShardID }, 0, "flag --discord-shard-id"},
		{"shard file", file, nil, nil,
			func(c serveConfig) any { return c.Discord.ShardCount }, 2, "kbbot.yaml:9"},
		{"guild env", "", map[string]string{"DISCORD_GUILD_ID": "42"}, nil,
			func(c serveConfig) any { return c.Discord.GuildID }, "42", "env DISCORD_GUILD_ID"},
		{"guild flag over env", "", map[string]string{"DISCORD_GUILD_ID": "42"}, []string{"--discord-guild-id", "43"},
			func(c serveConfig) any { return c.Discord.GuildID }, "43", "flag --discord-guild-id"},
		{"channels flag replaces file", "slack:\n  channels: [C1, C2]\n", nil, []string{"--slack-channels", "C3, C4"},
			func(c serveConfig) any { return c.Slack.Channels }, []string{"C3", "C4"}, "flag --slack-channels"},
		{"rate limit default", "", nil, nil,
			func(c serveConfig) any { return c.RateLimit }, 20, "default"},
		{"threshold file keeps other defaults", "thresholds:\n  min_score: 0.5\n", nil, nil,
			func(c serveConfig) any { return c.Thresholds.MinCoverage }, defaultServeConfig().Thresholds.MinCoverage, "default"},
		{"cjk threshold flag", "thresholds:\n  min_score_cjk: 0.3\n", nil, []string{"--min-score-cjk", "0.25"},
			func(c serveConfig) any { return c.Thresholds.MinScoreCJK }, 0.25, "flag --min-score-cjk"},
		{"cjk threshold file", "thresholds:\n  min_score_cjk: 0.3\n", nil, nil,
			func(c serveConfig) any { return c.Thresholds.MinScoreCJK }, 0.3, "kbbot.yaml:2"},
		{"confidence default", "", nil, nil,
			func(c serveConfig) any { return c.Thresholds.MinConfidence }, knowledge.DefaultThresholds.MinConfidence, "default"},
		{"confidence file", "thresholds:\n  min_confidence: 0.8\n", nil, nil,
			func(c serveConfig) any { return c.Thresholds.MinConfidence }, 0.8, "kbbot.yaml:2"},
		{"confidence flag", "thresholds:\n  min_confidence: 0.8\n", nil, []string{"--min-confidence", "0.4"},
			func(c serveConfig) any { return c.Thresholds.MinConfidence }, 0.4, "flag --min-confidence"},
		{"debounce file", "debounce: 1s\n", nil, nil,
			func(c serveConfig) any { return c.Debounce }, time.Second, "kbbot.yaml:1"},
		{"grace flag", "shutdown_grace: 3s\n", nil, []string{"--grace", "5s"},
			func(c serveConfig) any { return c.Grace }, 5 * time.Second, "flag --grace"},
	}
	keys := map[string]string{
		"addr": "addr", "api url": "slack.api_url", "token": "slack.bot_token", "shard flag": "discord.shard_id",
		"shard file": "discord.shard_count", "guild": "discord.guild_id", "channels": "slack.channels",
		"rate limit": "rate_limit", "threshold": "thresholds.min_coverage", "cjk threshold": "thresholds.min_score_cjk", "confidence": "thresholds.min_confidence", "debounce": "debounce", "grace": "shutdown_grace",
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if tt.file != "" {
				args = append([]string{"--config", writeConfig(t, tt.file)}, args...)
			}
			c, err := loadServeConfig(serveTestEnv(tt.env), args)
			if err != nil {
				t.Fatalf("loadServeConfig: %v", err)
			}
			if got := tt.get(c); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v; want %#v", got, tt.want)
			}
			var key string
			for prefix, k := range keys {
				if strings.HasPrefix(tt.name, prefix) {
					key = k
				}
			}
			got := c.source(key)
			if i := strings.LastIndex(got, string(filepath.Separator)); i >= 0 {
				got = got[i+1:]
			}
			if got != tt.wantSource {
				t.Errorf("source(%s) = %q; want %q", key, got, tt.wantSource)
			}
		})
	}
}

func TestConfigFileErrors(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []string // substrings of the error
	}{
		{"unknown top-level key", "addr: 127.0.0.1:1\naddres: x\n",
			[]string{"addres (", "kbbot.yaml:2", "unknown key", `did you mean "addr"`}},
		{"unknown nested key", "slack:\n  bot_tokn: x\n",
			[]string{"slack.bot_tokn", "kbbot.yaml:2", `did you mean "bot_token"`, "known keys here: api_url, app_token"}},
		{"wrong type int", "rate_limit: lots\n",
			[]string{"rate_limit", "kbbot.yaml:1", `want a whole number, got "lots"`}},
		{"fraction for a whole number", "rate_limit: 1.5\n",
			[]string{"rate_limit", "kbbot.yaml:1", "want a whole number, got 1.5"}},
		{"fraction below one", "rate_limit: 0.5\n",
			[]string{"rate_limit", "kbbot.yaml:1", "want a whole number, got 0.5"}},
		{"fraction for a nested whole number", "slack:\n  workers: 2.5\n",
			[]string{"slack.workers", "kbbot.yaml:2", "want a whole number, got 2.5"}},
		{"number for a duration", "debounce: 1.5\n",
			[]string{"debounce", "kbbot.yaml:1", "want a duration"}},
		{"bare number for a duration", "shutdown_grace: 10\n",
			[]string{"shutdown_grace", "kbbot.yaml:1", "with no unit"}},
		{"wrong type duration", "debounce: soon\n",
			[]string{"debounce", "kbbot.yaml:1", "want a duration"}},
		{"wrong type list", "kb: {a: b}\n",
			[]string{"kb", "kbbot.yaml:1", "want a list, got a mapping"}},
		{"section not a mapping", "slack: yes\n",
			[]string{"slack", "want a mapping of keys"}},
		{"top level list", "- a\n- b\n",
			[]string{"want keys like"}},
		{"syntax", "addr: [\n",
			[]string{"kbbot.yaml", "yaml:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeConfig(t, tt.file)
			_, err := loadServeConfig(serveTestEnv(nil), []string{"--config", p})
			if err == nil {
				t.Fatal("got no error; want one")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got error %q; want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		file string
		env  map[string]string
		args []string
		want []string
	}{
		{"bad addr", "", nil, []string{"--addr", "8080"}, []string{"addr (flag --addr): want host:port"}},
		{"bad port", "addr: localhost:99999\n", nil, nil, []string{"addr (", "port \"99999\""}},
		{"missing kb", "kb: [nope]\n", nil, nil, []string{"kb (", "cannot read", "nope"}},
		{"threshold range", "thresholds:\n  min_score: 1.5\n", nil, nil, []string{"thresholds.min_score", "from 0 to 1, got 1.5"}},
		{"confidence range", "", nil, []string{"--min-confidence", "-0.1"}, []string{"thresholds.min_confidence (flag --min-confidence)", "from 0 to 1, got -0.1"}},
		{"log level", "", nil, []string{"--log-level", "loud"}, []string{"log.level (flag --log-level)", `got "loud"`}},
		{"log format", "log:\n  format: xml\n", nil, nil, []string{"log.format", "text or json"}},
		{"rate limit", "rate_limit: -1\n", nil, nil, []string{"rate_limit", "got -1"}},
		{"max file size", "", nil, []string{"--max-file-size", "0"}, []string{"max_file_size (flag --max-file-size)"}},
		{"base url", "base_url: docs/\n", nil, nil, []string{"base_url", "absolute http(s) URL"}},
		{"api url env", "", map[string]string{"SLACK_API_URL": "ftp://x/"}, nil, []string{"slack.api_url (env SLACK_API_URL)"}},
		{"swapped slack tokens", "", map[string]string{"SLACK_BOT_TOKEN": "xapp-1", "SLACK_APP_TOKEN": "xoxb-1"}, nil,
			[]string{"slack.app_token (env SLACK_APP_TOKEN): does not look like an app-level token", "slack.bot_token (env SLACK_BOT_TOKEN): does not look like a bot token"}},
		{"slack without bot token", "", map[string]string{"SLACK_APP_TOKEN": "xapp-1"}, nil,
			[]string{"slack.bot_token (default): is required"}},
		{"slack without mode", "", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}, nil,
			[]string{"neither SLACK_APP_TOKEN"}},
		{"token with space", "", map[string]string{"DISCORD_TOKEN": "abc def"}, nil,
			[]string{"discord.token (env DISCORD_TOKEN): contains spaces"}},
		{"public key", "", map[string]string{"DISCORD_PUBLIC_KEY": "zz"}, nil, []string{"discord.public_key", "64 hex digits"}},
		{"app id", "", map[string]string{"DISCORD_APP_ID": "my-app"}, nil, []string{"discord.app_id", "numeric ID"}},
		{"shard id", "", nil, []string{"--discord-shard-id", "2", "--discord-shard-count", "2"},
			[]string{"discord.shard_id (flag --discord-shard-id): want less than discord.shard_count (2), got 2"}},
		{"shard without count", "discord:\n  shard_id: 1\n", nil, nil, []string{"discord.shard_id"}},
		{"grace", "", nil, []string{"--grace", "0s"}, []string{"shutdown_grace (flag --grace)"}},
		{"db folder", "db: nowhere/kbbot.db\n", nil, nil, []string{"db (", "does not exist"}},
		{"git interval", "kb_git:\n  url: https://example.com/docs.git\n  interval: 1s\n", nil, nil, []string{"kb_git.interval", "at least 5s"}},
		{"git path", "kb_git:\n  url: https://example.com/docs.git\n  path: ../x\n", nil, nil, []string{"kb_git.path", "inside the repository"}},
		{"contact", "contacts:\n  ops/: \"\"\n", nil, nil, []string{"contacts.ops/", "names no one"}},
		{"all at once", "rate_limit: -1\nlog:\n  level: x\n", nil, nil, []string{"log.level", "rate_limit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--config", writeConfig(t, tt.file)}, tt.args...)
			_, err := loadServeConfig(serveTestEnv(tt.env), args)
			if err == nil {
				t.Fatal("got no error; want one")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got error %q; want it to contain %q", err, w)
				}
			}
			for _, k := range []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_TOKEN"} {
				if v := tt.env[k]; v != "" && strings.Contains(err.Error(), v) {
					t.Errorf("error %q echoes %s", err, k)
				}
			}
		})
	}
}

func TestConfigValid(t *testing.T) {
	p := writeConfig(t, `# a complete example
addr: 127.0.0.1:0
kb: [docs]
base_url: https://github.com/acme/handbook/blob/main/
thresholds: {min_score: 0.3, min_score_cjk: 0.25, min_coverage: 0.5, min_margin: 0.1, strong_coverage: 0.9, min_confidence: 0.7}
db: kbbot.db
rate_limit: 10
max_question: 500
contacts:
  engineering/: "#eng-help"
log: {level: debug, format: json}
watch: false
debounce: 500ms
shutdown_grace: 20s
slack:
  channels: [C0123ABCD]
  workers: 8
  queue_size: 200
discord:
  message_content: true
  workers: 2
  channels: ["123456789012345678"]
`)
	env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1-secret", "SLACK_SIGNING_SECRET": "s3cr3t-signing",
		"DISCORD_TOKEN": "Bot discord-secret", "DISCORD_APP_ID": "123", "DISCORD_PUBLIC_KEY": strings.Repeat("ab", 32)}
	c, err := loadServeConfig(serveTestEnv(env), []string{"--config", p})
	if err != nil {
		t.Fatalf("loadServeConfig: %v", err)
	}
	dir := filepath.Dir(p)
	if got, want := c.KB, []string{filepath.Join(dir, "docs")}; !reflect.DeepEqual(got, want) {
		t.Errorf("kb: got %q; want %q (relative to the config file)", got, want)
	}
	if got, want := c.DB, filepath.Join(dir, "kbbot.db"); got != want {
		t.Errorf("db: got %q; want %q", got, want)
	}
	if got, want := string(c.Discord.Token), "discord-secret"; got != want {
		t.Errorf("discord token: got %q; want %q (without the Bot prefix)", got, want)
	}
	if !c.wantsSlack() || !c.wantsDiscord() {
		t.Errorf("wantsSlack, wantsDiscord = %v, %v; want true, true", c.wantsSlack(), c.wantsDiscord())
	}
	if got, want := c.Contacts["engineering/"], "#eng-help"; got != want {
		t.Errorf("contacts: got %q; want %q", got, want)
	}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		s := fmt.Sprintf(format, c)
		for _, secret := range []string{"xoxb-1-secret", "s3cr3t-signing", "discord-secret"} {
			if strings.Contains(s, secret) {
				t.Errorf("Sprintf(%q, config) shows a secret: %s", format, s)
			}
		}
	}
}

func TestConfigUsage(t *testing.T) {
	var out bytes.Buffer
	_, err := loadServeConfig(serveTestEnv(nil), []string{"--help"})
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("got %v; want flag.ErrHelp", err)
	}
	serveUsage(&out)
	for _, w := range []string{"-config", "-addr", "SLACK_BOT_TOKEN", "flag > environment variable > config file > default"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("help does not mention %q:\n%s", w, out.String())
		}
	}
	if _, err := loadServeConfig(serveTestEnv(nil), []string{"extra"}); err == nil || !strings.Contains(err.Error(), `"extra"`) {
		t.Errorf("got %v; want an error naming the stray argument", err)
	}
	if _, err := loadServeConfig(serveTestEnv(nil), []string{"--config", "/does/not/exist.yaml"}); err == nil ||
		!strings.Contains(err.Error(), "/does/not/exist.yaml") {
		t.Errorf("got %v; want an error naming the missing file", err)
	}
}

func FuzzConfigYAML(f *testing.F) {
	f.Add("addr: 127.0.0.1:1\nslack:\n  channels: [a]\n")
	f.Add("kb: {x: 1}\n")
	f.Add("contacts: &a {x: y}\nslack: *a\n")
	f.Add("- 1\n")
	f.Fuzz(func(t *testing.T, s string) {
		c := defaultServeConfig()
		lines, err := decodeYAML("f.yaml", []byte(s), &c)
		if err == nil && lines == nil {
			t.Fatal("got nil lines and no error")
		}
	})
}

func TestConfigWarnsOnReadableSecrets(t *testing.T) {
	p := writeConfig(t, "slack:\n  bot_token: xoxb-in-file\n  signing_secret: s\n")
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := loadServeConfig(serveTestEnv(nil), []string{"--config", p})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.warnings) != 2 || !strings.Contains(c.warnings[0], "slack.bot_token") || !strings.Contains(c.warnings[0], "chmod 600") {
		t.Errorf("got warnings %q; want two naming the secret keys", c.warnings)
	}
	if err := os.Chmod(p, 0o600); err != nil {
		t.Fatal(err)
	}
	if c, _ := loadServeConfig(serveTestEnv(nil), []string{"--config", p}); len(c.warnings) != 0 {
		t.Errorf("mode 600: got warnings %q; want none", c.warnings)
	}
}

// TestConfigExample checks that the example in testdata (and the README)
// is valid and sets what it says.
func TestConfigExample(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "kbbot.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p := writeConfig(t, string(data))
	writeTestFile(t, filepath.Join(filepath.Dir(p), "synonyms.txt"), "vpn, wireguard\n")
	c, err := loadServeConfig(serveTestEnv(map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}),
		[]string{"--config", p})
	if err != nil {
		t.Fatalf("the example config is invalid: %v", err)
	}
	def := defaultServeConfig()
	if c.Addr != def.Addr || c.Thresholds != def.Thresholds || c.Debounce != def.Debounce || c.RateLimit != def.RateLimit ||
		c.MaxFileSize != def.MaxFileSize || c.Grace != def.Grace || c.KBGit.Interval != def.KBGit.Interval {
		t.Errorf("the example does not show the defaults: got %+v", c)
	}
	if got := c.Contacts["hr/"]; got != "@people-team" {
		t.Errorf("contacts[hr/]: got %q; want @people-team", got)
	}
	// The commented thresholds show the defaults, to two decimals.
	th := def.Thresholds
	want := map[string]float64{"min_confidence": th.MinConfidence, "min_score": th.MinScore,
		"min_score_cjk": th.MinScoreCJK, "min_coverage": th.MinCoverage, "min_margin": th.MinMargin}
	for _, m := range regexp.MustCompile(`(?m)^#\s+(min_\w+):\s+([0-9.]+)`).FindAllStringSubmatch(string(data), -1) {
		if w, ok := want[m[1]]; !ok || m[2] != fmt.Sprintf("%.2f", w) {
			t.Errorf("example shows %s: %s; the default is %.2f", m[1], m[2], w)
		}
		delete(want, m[1])
	}
	if len(want) > 0 {
		t.Errorf("example does not show %v", want)
	}
}

// TestRedactURL: a --kb-git URL's password never reaches a log or an
// error, also when url.Parse misreads it.
func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://user:hunter2@git.example.com/docs.git", "https://xxxxx@git.example.com/docs.git"},
		{"https://ghp_token@github.com/acme/docs.git", "https://xxxxx@github.com/acme/docs.git"},
		{"https://git.example.com/docs.git", "https://git.example.com/docs.git"},
		{"git@github.com:acme/docs.git", "git@github.com:acme/docs.git"},
		{"/srv/git/docs", "/srv/git/docs"},
		// url.Parse fails: a bare % or #, or a / that ends the host.
		{"https://user:hunt%er2@git.example.com/docs.git", "https://xxxxx@git.example.com/docs.git"},
		{"https://user:hun#ter2@git.example.com/docs.git", "https://xxxxx@git.example.com/docs.git"},
		{"https://user:hunter/2@git.example.com/docs.git", "https://xxxxx@git.example.com/docs.git"},
		// url.Parse succeeds, reading "user:12" as a host and port.
		{"https://user:12/hunter2@git.example.com/docs.git", "https://xxxxx@git.example.com/docs.git"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := redactURL(tc.in); got != tc.want {
				t.Errorf("redactURL(%q) = %q; want %q", tc.in, got, tc.want)
			}
		})
	}
}
