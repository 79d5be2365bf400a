package slack

import (
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestNewValidates(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string // "" = valid
	}{
		{"socket", Config{BotToken: "xoxb-1", AppToken: "xapp-1"}, ""},
		{"http", Config{BotToken: "xoxb-1", SigningSecret: "s3cr3t"}, ""},
		{"both", Config{BotToken: "xoxb-1", AppToken: "xapp-1", SigningSecret: "s"}, ""},
		{"api url", Config{BotToken: "xoxb-1", AppToken: "xapp-1", APIURL: "http://127.0.0.1:9000/api"}, ""},
		{"channels", Config{BotToken: "xoxb-1", AppToken: "xapp-1", Channels: []string{"C0123ABCD", "G1"}}, ""},
		{"no bot token", Config{AppToken: "xapp-1"}, "SLACK_BOT_TOKEN is not set"},
		{"user token", Config{BotToken: "xoxp-hush", AppToken: "xapp-1"}, "SLACK_BOT_TOKEN must be a bot token starting with xoxb-"},
		{"token with newline", Config{BotToken: "xoxb-hush\n", AppToken: "xapp-1"}, "SLACK_BOT_TOKEN must be"},
		{"bad app token", Config{BotToken: "xoxb-1", AppToken: "xoxb-hush"}, "SLACK_APP_TOKEN must be an app-level token"},
		{"secret with space", Config{BotToken: "xoxb-1", SigningSecret: "hush X"}, "SLACK_SIGNING_SECRET must not contain spaces"},
		{"no way in", Config{BotToken: "xoxb-1"}, "set SLACK_APP_TOKEN for Socket Mode or SLACK_SIGNING_SECRET for HTTP mode"},
		{"relative api url", Config{BotToken: "xoxb-1", AppToken: "xapp-1", APIURL: "/api/"}, "SLACK_API_URL \"/api/\" must be an absolute http(s) URL"},
		{"ftp api url", Config{BotToken: "xoxb-1", AppToken: "xapp-1", APIURL: "ftp://x/"}, "SLACK_API_URL"},
		{"channel name", Config{BotToken: "xoxb-1", AppToken: "xapp-1", Channels: []string{"#general"}}, `"#general" is not a channel ID`},
		{"user id as channel", Config{BotToken: "xoxb-1", AppToken: "xapp-1", Channels: []string{"U123"}}, `"U123" is not a channel ID`},
		{"negative workers", Config{BotToken: "xoxb-1", AppToken: "xapp-1", Workers: -1}, "must not be negative"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := New(tc.cfg)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("New: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("New: got %v; want an error containing %q", err, tc.want)
			case tc.want == "" && strings.Contains(tc.name, "url") && !strings.HasSuffix(a.cfg.APIURL, "/api/"):
				t.Errorf("APIURL = %q; want a trailing slash", a.cfg.APIURL)
			}
			if err != nil && strings.Contains(err.Error(), "hush") {
				t.Errorf("error %q shows a secret", err)
			}
		})
	}
}

func TestModeRoutesReady(t *testing.T) {
	tests := []struct {
		cfg    Config
		mode   string
		routes []string
	}{
		{Config{BotToken: "xoxb-1", AppToken: "xapp-1"}, "socket", nil},
		{Config{BotToken: "xoxb-1", SigningSecret: "s"}, "http", []string{PathCommands, PathEvents, PathInteractions}},
		{Config{BotToken: "xoxb-1", AppToken: "xapp-1", SigningSecret: "s"}, "socket+http", []string{PathCommands, PathEvents, PathInteractions}},
	}
	for _, tc := range tests {
		t.Run(tc.mode, func(t *testing.T) {
			a, err := New(tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for p := range a.Routes(nil) {
				got = append(got, p)
			}
			slices.Sort(got)
			if a.Mode() != tc.mode || !slices.Equal(got, tc.routes) {
				t.Errorf("got mode %q routes %v; want %q %v", a.Mode(), got, tc.mode, tc.routes)
			}
			if a.Ready() {
				t.Errorf("Ready() before Run; want false")
			}
		})
	}
}

func TestManifest(t *testing.T) {
	tests := []struct {
		name   string
		opts   ManifestOptions
		socket bool
		url    string
	}{
		{"socket mode", ManifestOptions{}, true, ""},
		{"http mode", ManifestOptions{Name: "Docs Bot", Command: "/kb", RequestURL: "https://kb.example.com/"}, false, "https://kb.example.com"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Manifest(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			var m struct {
				Display  struct{ Name string } `yaml:"display_information"`
				Features struct {
					BotUser struct {
						DisplayName string `yaml:"display_name"`
					} `yaml:"bot_user"`
					AppHome struct {
						Messages bool `yaml:"messages_tab_enabled"`
					} `yaml:"app_home"`
					Commands []struct{ Command, URL string } `yaml:"slash_commands"`
				}
				OAuth struct {
					Scopes struct{ Bot []string }
				} `yaml:"oauth_config"`
				Settings struct {
					Events struct {
						RequestURL string   `yaml:"request_url"`
						BotEvents  []string `yaml:"bot_events"`
					} `yaml:"event_subscriptions"`
					Interactivity struct {
						Enabled    bool   `yaml:"is_enabled"`
						RequestURL string `yaml:"request_url"`
					}
					Socket bool `yaml:"socket_mode_enabled"`
				}
			}
			if err := yaml.Unmarshal([]byte(out), &m); err != nil {
				t.Fatalf("manifest is not YAML: %v\n%s", err, out)
			}
			name, cmd := tc.opts.Name, tc.opts.Command
			if name == "" {
				name, cmd = "kbbot", "/ask"
			}
			wantScopes := []string{"app_mentions:read", "chat:write", "commands", "im:history", "im:read"}
			switch {
			case m.Display.Name != name || m.Features.BotUser.DisplayName != name:
				t.Errorf("names %q %q; want %q", m.Display.Name, m.Features.BotUser.DisplayName, name)
			case !slices.Equal(m.OAuth.Scopes.Bot, wantScopes):
				t.Errorf("scopes %v; want %v", m.OAuth.Scopes.Bot, wantScopes)
			case !slices.Equal(m.Settings.Events.BotEvents, []string{"app_mention", "message.im"}):
				t.Errorf("events %v", m.Settings.Events.BotEvents)
			case len(m.Features.Commands) != 1 || m.Features.Commands[0].Command != cmd:
				t.Errorf("commands %+v; want %s", m.Features.Commands, cmd)
			case m.Settings.Socket != tc.socket || !m.Settings.Interactivity.Enabled || !m.Features.AppHome.Messages:
				t.Errorf("socket %v interactivity %v messages tab %v", m.Settings.Socket, m.Settings.Interactivity.Enabled, m.Features.AppHome.Messages)
			}
			wantURL := func(path string) string {
				if tc.url == "" {
					return ""
				}
				return tc.url + path
			}
			if m.Settings.Events.RequestURL != wantURL(PathEvents) || m.Settings.Interactivity.RequestURL != wantURL(PathInteractions) ||
				m.Features.Commands[0].URL != wantURL(PathCommands) {
				t.Errorf("request URLs %q %q %q; want under %q", m.Settings.Events.RequestURL, m.Settings.Interactivity.RequestURL, m.Features.Commands[0].URL, tc.url)
			}
		})
	}
	for _, bad := range []ManifestOptions{
		{Name: strings.Repeat("x", 36)}, {Name: "a\nb"}, {Command: "ask"}, {Command: "/Ask"},
		{RequestURL: "http://kb.example.com"}, {RequestURL: "https://kb.example.com/?a=1"}, {RequestURL: "kb.example.com"},
	} {
		if _, err := Manifest(bad); err == nil {
			t.Errorf("Manifest(%+v): got no error", bad)
		}
	}
}
