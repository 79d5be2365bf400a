package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kbbot/kbbot/bot/sqlite"
)

// serveRun is kbbot serve running in-process.
type serveRun struct {
	base   string // http://127.0.0.1:port
	stderr *syncBuffer
	cancel context.CancelFunc
	done   chan int
}

// startServe runs serve with args and environment vars and waits until it
// listens; it fails the test if serve exits first.
func startServe(t *testing.T, vars map[string]string, args ...string) *serveRun {
	t.Helper()
	e := serveTestEnv(vars)
	r := &serveRun{stderr: &syncBuffer{}, done: make(chan int, 1)}
	e.stderr = r.stderr
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	addr := make(chan string, 1)
	go func() {
		r.done <- runServe(ctx, e, args, serveHooks{listening: func(a string) { addr <- a }})
	}()
	select {
	case a := <-addr:
		r.base = "http://" + a
	case code := <-r.done:
		t.Fatalf("serve exited with %d before listening:\n%s", code, r.stderr)
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not start:\n%s", r.stderr)
	}
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(20 * time.Second):
			t.Errorf("serve did not stop")
		}
	})
	return r
}

// stop cancels serve and returns its exit status.
func (r *serveRun) stop(t *testing.T) int {
	t.Helper()
	r.cancel()
	select {
	case code := <-r.done:
		r.done <- code // for Cleanup
		return code
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not stop:\n%s", r.stderr)
		return -1
	}
}

func TestServe(t *testing.T) {
	tmp := t.TempDir()
	kb := filepath.Join(tmp, "kb")
	writeTestFile(t, filepath.Join(kb, "it", "vpn.md"),
		"# VPN\n\nTo connect to the office VPN, install WireGuard and ask the IT desk for a key.\n")
	writeTestFile(t, filepath.Join(kb, "hr", "leave.md"),
		"# Time off\n\nRequest holiday and time off in the HR portal at least two weeks ahead.\n")
	db := filepath.Join(tmp, "kbbot.db")
	config := filepath.Join(tmp, "kbbot.yaml")
	writeTestFile(t, config, "debounce: 50ms\nrate_limit: 10000\nshutdown_grace: 5s\nlog:\n  level: debug\n")

	slackAPI := newFakeSlack(t)
	discordAPI := newFakeDiscord(t)
	pub, priv, _ := ed25519.GenerateKey(nil)
	const botToken, signing, appID = "xoxb-1-super-secret-token", "8f742231b10e8888abcd99yyyzzz85a5", "123456789012345678"
	vars := map[string]string{
		"SLACK_BOT_TOKEN": botToken, "SLACK_SIGNING_SECRET": signing, "SLACK_API_URL": slackAPI.srv.URL + "/api/",
		"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub), "DISCORD_APP_ID": appID, "DISCORD_API_URL": discordAPI.srv.URL,
	}
	r := startServe(t, vars, "--config", config, "--addr", "127.0.0.1:0", "--kb", kb, "--db", db)
	sc := &slackClient{base: r.base, secret: signing}
	dc := &discordClient{base: r.base, appID: appID, key: priv}

	if code, body := httpGet(t, r.base+"/healthz"); code != 200 {
		t.Errorf("GET /healthz: got %d %q; want 200", code, body)
	}
	eventually(t, "/readyz to say ready", func() bool { code, _ := httpGet(t, r.base+"/readyz"); return code == 200 })
	if _, body := httpGet(t, r.base+"/readyz"); !strings.Contains(body, "slack: ok") || !strings.Contains(body, "discord: ok") ||
		!strings.Contains(body, "knowledge: ok (2 sections)") {
		t.Errorf("GET /readyz: got %q; want knowledge, slack and discord ok", body)
	}

	// Slack over HTTP events, Discord over HTTP interactions.
	if code := sc.mention(t, "how do I connect to the VPN?"); code != 200 {
		t.Fatalf("slack event: got status %d; want 200", code)
	}
	eventually(t, "the Slack answer naming WireGuard", func() bool { return slackAPI.postsWith("WireGuard") > 0 })
	if code, body := dc.ask(t, "how do I request time off?"); code != 200 || !strings.Contains(body, `"type":5`) {
		t.Fatalf("discord /ask: got %d %s; want 200 and a deferred response (type 5)", code, body)
	}
	eventually(t, "the Discord answer naming the HR portal", func() bool { return discordAPI.editsWith("HR portal") > 0 })

	// Edit a document: the new text is answered without a restart.
	writeTestFile(t, filepath.Join(kb, "it", "vpn.md"),
		"# VPN\n\nTo connect to the office VPN, install Tailscale and sign in with your work account.\n")
	eventually(t, "the edited answer naming Tailscale", func() bool {
		sc.mention(t, "how do I connect to the VPN?")
		time.Sleep(100 * time.Millisecond)
		return slackAPI.postsWith("Tailscale") > 0
	})

	// Break documents: a binary file and bad UTF-8 are warnings; answers go on.
	writeTestFile(t, filepath.Join(kb, "it", "broken.md"), "# Broken\x00\x01\x02")
	writeTestFile(t, filepath.Join(kb, "hr", "mangled.md"), "# Mangled \xff\xfe\n\nbad bytes\n")
	eventually(t, "the warning about broken.md in the log", func() bool {
		return strings.Contains(r.stderr.String(), "broken.md")
	})
	before := slackAPI.postsWith("Tailscale")
	sc.mention(t, "how do I connect to the VPN?")
	eventually(t, "an answer after breaking documents", func() bool { return slackAPI.postsWith("Tailscale") > before })

	// SIGHUP reloads.
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a reload on SIGHUP", func() bool {
		return strings.Contains(r.stderr.String(), `msg="knowledge base loaded" reason=SIGHUP`)
	})

	// A folder that cannot be read fails the reload; the old base serves on.
	if err := os.Rename(kb, kb+".away"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a failed reload in the log", func() bool {
		return strings.Contains(r.stderr.String(), "still serving the previous one")
	})
	if code, body := httpGet(t, r.base+"/readyz"); code != 200 || !strings.Contains(body, "the last reload failed") {
		t.Errorf("GET /readyz after a failed reload: got %d %q; want 200 saying the last reload failed", code, body)
	}
	before = slackAPI.postsWith("Tailscale")
	sc.mention(t, "how do I connect to the VPN?")
	eventually(t, "an answer after a failed reload", func() bool { return slackAPI.postsWith("Tailscale") > before })

	// Metrics.
	_, metricsText := httpGet(t, r.base+"/metrics")
	for _, c := range []struct {
		series string
		min    float64
	}{
		{`kbbot_questions_total{outcome="answered",platform="slack"}`, 3},
		{`kbbot_questions_total{outcome="answered",platform="discord"}`, 1},
		{`kbbot_answer_latency_seconds_count{platform="slack"}`, 3},
		{`kbbot_reloads_total{result="ok"}`, 3},
		{`kbbot_reloads_total{result="failed"}`, 1},
		{`kbbot_sections`, 2},
		{`kbbot_kb_warnings`, 1},
		{`kbbot_queue_depth{platform="slack"}`, 0},
	} {
		if got := metricValue(metricsText, c.series); got < c.min {
			t.Errorf("metric %s: got %v; want at least %v", c.series, got, c.min)
		}
	}

	// Shut down with an answer in flight: it is posted, then serve exits 0.
	slackAPI.hold.Store(true)
	sc.mention(t, "how do I connect to the VPN?")
	select {
	case <-slackAPI.held:
	case <-time.After(10 * time.Second):
		t.Fatal("the answer in flight never reached Slack")
	}
	r.cancel()
	time.Sleep(200 * time.Millisecond) // shutdown under way
	if _, err := httpGetQuick(r.base + "/healthz"); err == nil {
		t.Error("the server still takes requests after shutdown began")
	}
	close(slackAPI.release)
	if code := r.stop(t); code != 0 {
		t.Errorf("serve exited with %d; want 0\n%s", code, r.stderr)
	}
	if got := slackAPI.finished.Load(); got != 1 {
		t.Errorf("answers in flight posted to completion: got %d; want 1", got)
	}

	// The store was closed cleanly and kept the questions.
	st, err := sqlite.Open(context.Background(), db, sqlite.Options{})
	if err != nil {
		t.Fatalf("reopen the store: %v", err)
	}
	defer st.Close()
	qs, err := st.Questions(context.Background(), time.Time{})
	if err != nil || len(qs) < 5 {
		t.Errorf("questions stored: got %d (err %v); want at least 5", len(qs), err)
	}

	logs := r.stderr.String()
	for _, secret := range []string{botToken, signing, hex.EncodeToString(priv)} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log shows a secret %q", secret[:8])
		}
	}
	for _, want := range []string{"kbbot serve listening", `adapters="discord (http), slack (http)"`, "stopped cleanly", "sections=2",
		`routes="/discord/interactions /slack/commands /slack/events /slack/interactions /healthz /readyz /metrics"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %q", want)
		}
	}
	if t.Failed() || os.Getenv("KBBOT_SERVE_LOG") != "" {
		t.Logf("serve log:\n%s", logs)
	}
}

// httpGetQuick tries a GET with a short timeout and no kept connection.
func httpGetQuick(u string) (int, error) {
	c := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func TestServeNoCredentials(t *testing.T) {
	e := serveTestEnv(nil)
	var errb syncBuffer
	e.stderr = &errb
	if code := runServe(context.Background(), e, []string{"--addr", "127.0.0.1:0"}, serveHooks{}); code != 2 {
		t.Errorf("got exit %d; want 2", code)
	}
	for _, want := range []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "DISCORD_TOKEN", "https://api.slack.com/apps", "kbbot chat"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("message lacks %q:\n%s", want, errb.String())
		}
	}
}

func TestServeInvalidConfigBeforeNetwork(t *testing.T) {
	slackAPI := newFakeSlack(t)
	discordAPI := newFakeDiscord(t)
	good := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1",
		"SLACK_API_URL": slackAPI.srv.URL + "/api/", "DISCORD_TOKEN": "abc", "DISCORD_API_URL": discordAPI.srv.URL}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range good {
			m[a] = b
		}
		m[k] = v
		return m
	}
	tests := []struct {
		name string
		vars map[string]string
		args []string
		want string
	}{
		{"threshold", good, []string{"--min-score", "2"}, "thresholds.min_score (flag --min-score)"},
		{"channel name", good, []string{"--slack-channels", "#general"}, "slack.channels"},
		{"discord channel name", good, []string{"--discord-channels", "general"}, "discord.channels"},
		{"user token", with("SLACK_BOT_TOKEN", "xoxp-1"), nil, "slack.bot_token (env SLACK_BOT_TOKEN)"},
		{"public key", with("DISCORD_PUBLIC_KEY", "abc"), nil, "discord.public_key (env DISCORD_PUBLIC_KEY)"},
		{"shard", good, []string{"--discord-shard-id", "3", "--discord-shard-count", "2"}, "discord.shard_id"},
		{"missing kb", good, []string{"--kb", "/nonexistent/kb"}, "kb (flag --kb): cannot read /nonexistent/kb"},
		{"unknown flag", good, []string{"--kb-folder", "x"}, "flag provided but not defined: -kb-folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := serveTestEnv(tt.vars)
			var errb syncBuffer
			e.stderr = &errb
			listened := false
			args := append([]string{"--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "db")}, tt.args...)
			code := runServe(context.Background(), e, args, serveHooks{listening: func(string) { listened = true }})
			if code != 2 {
				t.Errorf("got exit %d; want 2", code)
			}
			if !strings.Contains(errb.String(), tt.want) {
				t.Errorf("got message %q; want it to contain %q", errb.String(), tt.want)
			}
			if listened || slackAPI.calls.Load() != 0 || discordAPI.calls.Load() != 0 {
				t.Errorf("listened=%v, Slack calls %d, Discord calls %d; want none before the config is valid",
					listened, slackAPI.calls.Load(), discordAPI.calls.Load())
			}
		})
	}
}

func TestServePortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	e := serveTestEnv(map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
	var errb syncBuffer
	e.stderr = &errb
	code := runServe(context.Background(), e, []string{"--addr", ln.Addr().String(), "--db", ":memory:"}, serveHooks{})
	if code != 1 || !strings.Contains(errb.String(), "cannot listen") {
		t.Errorf("got exit %d, log %q; want 1 and \"cannot listen\"", code, errb.String())
	}
}

func TestServeHelp(t *testing.T) {
	e := serveTestEnv(nil)
	var out syncBuffer
	e.stdout = &out
	if code := runServe(context.Background(), e, []string{"--help"}, serveHooks{}); code != 0 {
		t.Errorf("got exit %d; want 0", code)
	}
	if !strings.Contains(out.String(), "Usage: kbbot serve") {
		t.Errorf("help on stdout: got %q", out.String())
	}
	var errb syncBuffer
	e.stderr = &errb
	if code := runServe(context.Background(), e, []string{"--addr"}, serveHooks{}); code != 2 ||
		strings.Count(errb.String(), "\n") != 1 || !strings.Contains(errb.String(), "--help") {
		t.Errorf("usage error: got exit %d, %q; want 2 and one line", code, errb.String())
	}
}

// gitOrigin makes a git repository in tmp/origin with a handbook/
// folder of one page and a README outside it, and returns its path.
func gitOrigin(t *testing.T, tmp string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git on the PATH")
	}
	origin := filepath.Join(tmp, "origin")
	writeTestFile(t, filepath.Join(origin, "handbook", "vpn.md"), "# VPN\n\nInstall WireGuard to reach the office network.\n")
	writeTestFile(t, filepath.Join(origin, "README.md"), "# Not part of the knowledge base\n")
	gitRun(t, origin, "init", "-q")
	gitRun(t, origin, "add", ".")
	gitRun(t, origin, "commit", "-q", "-m", "docs")
	return origin
}

// gitRun runs git with args in dir, as a test user, failing the test on
// an error.
func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com",
		"-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func TestServeKBGit(t *testing.T) {
	tmp := t.TempDir()
	origin := gitOrigin(t, tmp)
	config := filepath.Join(tmp, "kbbot.yaml")
	writeTestFile(t, config, "kb_git:\n  url: "+origin+"\n  dir: clone\n  path: handbook\n")
	slackAPI := newFakeSlack(t)
	vars := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": slackAPI.srv.URL + "/api/"}
	r := startServe(t, vars, "--config", config, "--addr", "127.0.0.1:0", "--db", ":memory:")
	if _, err := os.Stat(filepath.Join(tmp, "clone", "handbook", "vpn.md")); err != nil {
		t.Errorf("no clone next to the config file: %v", err)
	}
	eventually(t, "ready", func() bool { code, _ := httpGet(t, r.base+"/readyz"); return code == 200 })
	if _, body := httpGet(t, r.base+"/readyz"); !strings.Contains(body, "knowledge: ok (1 sections)") {
		t.Errorf("GET /readyz: got %q; want the one section of handbook/", body)
	}
	sc := &slackClient{base: r.base, secret: "s"}
	sc.mention(t, "how do I reach the office network?")
	eventually(t, "an answer from the cloned docs", func() bool { return slackAPI.postsWith("WireGuard") > 0 })
	if code := r.stop(t); code != 0 {
		t.Errorf("serve exited with %d; want 0\n%s", code, r.stderr)
	}
}

func TestServeKBGitMissingPath(t *testing.T) {
	tmp := t.TempDir()
	origin := gitOrigin(t, tmp)
	config := filepath.Join(tmp, "kbbot.yaml")
	writeTestFile(t, config, "kb_git:\n  url: "+origin+"\n  dir: clone\n  path: docs\n")
	e := serveTestEnv(map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
	var errb syncBuffer
	e.stderr = &errb
	listened := false
	code := runServe(context.Background(), e, []string{"--config", config, "--addr", "127.0.0.1:0", "--db", ":memory:"},
		serveHooks{listening: func(string) { listened = true }})
	if code != 1 || listened || !strings.Contains(errb.String(), `kb_git.path \"docs\" is not in the repository`) {
		t.Errorf("got exit %d, listened=%v, log %q; want 1, no listening, and the missing path named", code, listened, errb.String())
	}
}

func TestServeLogger(t *testing.T) {
	var b bytes.Buffer
	log := newLogger(&b, logConfig{Level: "warn", Format: "json"})
	log.Info("hidden")
	log.Warn("shown", "token", secret("xoxb-secret"))
	var rec map[string]any
	if err := json.Unmarshal(b.Bytes(), &rec); err != nil {
		t.Fatalf("log line is not one JSON object: %v: %s", err, b.String())
	}
	if rec["msg"] != "shown" || rec["token"] != "[redacted]" {
		t.Errorf("got %v; want msg=shown token=[redacted] and no info line", rec)
	}
}

// TestServeDBInKB: with the database inside the watched kb folder (kbbot
// serve --kb . and the default ./kbbot.db), the bot's own writes to it
// reload nothing, and an edit made while questions keep coming is
// picked up.
func TestServeDBInKB(t *testing.T) {
	kb := t.TempDir()
	writeTestFile(t, filepath.Join(kb, "vpn.md"), "# VPN\n\nTo connect to the office VPN, install WireGuard.\n")
	config := filepath.Join(t.TempDir(), "kbbot.yaml")
	writeTestFile(t, config, "debounce: 200ms\nrate_limit: 10000\nshutdown_grace: 5s\n")
	slackAPI := newFakeSlack(t)
	const signing = "8f742231b10e8888abcd99yyyzzz85a5"
	vars := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1-token", "SLACK_SIGNING_SECRET": signing, "SLACK_API_URL": slackAPI.srv.URL + "/api/"}
	r := startServe(t, vars, "--config", config, "--addr", "127.0.0.1:0", "--kb", kb, "--db", filepath.Join(kb, "kbbot.db"))
	sc := &slackClient{base: r.base, secret: signing}
	reloads := func() float64 {
		_, body := httpGet(t, r.base+"/metrics")
		return metricValue(body, `kbbot_reloads_total{result="ok"}`)
	}

	// Questions 100 ms apart: never 200 ms without a write to the database.
	ask := func(n int) {
		for range n {
			sc.mention(t, "how do I connect to the VPN?")
			time.Sleep(100 * time.Millisecond)
		}
	}
	ask(5)
	eventually(t, "an answer", func() bool { return slackAPI.postsWith("WireGuard") > 0 })
	time.Sleep(400 * time.Millisecond)
	if got := reloads(); got != 1 {
		t.Errorf("after 5 questions: got %v reloads; want 1 (the start)", got)
	}
	writeTestFile(t, filepath.Join(kb, "vpn.md"), "# VPN\n\nTo connect to the office VPN, install Tailscale.\n")
	ask(15)
	if slackAPI.postsWith("Tailscale") == 0 {
		t.Errorf("an edit made while questions kept coming was not answered within 1.5 s:\n%s", r.stderr)
	}
}
