package slack

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"text/template"
)

// ManifestOptions shape the Slack app manifest.
type ManifestOptions struct {
	// Name is the app's and the bot user's name; "" means "kbbot".
	Name string
	// Command is the slash command; "" means "/ask".
	Command string
	// RequestURL is the public https base URL of kbbot serve (for example
	// https://kb.example.com). When set, the manifest configures HTTP mode
	// with the /slack/... endpoints there; when empty, Socket Mode.
	RequestURL string
}

// Manifest returns a Slack app manifest (YAML) for kbbot: the bot scopes
// it needs (app_mentions:read, chat:write, commands, im:history,
// im:read), the app_mention and message.im events, the slash command and
// interactivity, in Socket Mode unless o.RequestURL is set. Paste it at
// https://api.slack.com/apps → Create New App → From a manifest.
func Manifest(o ManifestOptions) (string, error) {
	if o.Name == "" {
		o.Name = "kbbot"
	}
	if o.Command == "" {
		o.Command = "/ask"
	}
	if len([]rune(o.Name)) > 35 || strings.TrimSpace(o.Name) == "" || strings.ContainsAny(o.Name, "\r\n\t") {
		return "", fmt.Errorf("slack: manifest: name %q must be 1 to 35 characters on one line", o.Name)
	}
	if !validCommand(o.Command) {
		return "", fmt.Errorf("slack: manifest: command %q must be / and up to 31 lower-case letters, digits, - or _", o.Command)
	}
	base := ""
	if o.RequestURL != "" {
		u, err := url.Parse(o.RequestURL)
		if err != nil || u.Scheme != "https" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return "", errors.New("slack: manifest: request URL must be a public https:// URL with no query, such as https://kb.example.com")
		}
		base = strings.TrimRight(u.String(), "/")
	}
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) } // a JSON string is a YAML scalar
	var b strings.Builder
	err := manifestTemplate.Execute(&b, map[string]any{
		"Name":         q(o.Name),
		"Command":      q(o.Command),
		"Socket":       base == "",
		"Events":       q(base + PathEvents),
		"Commands":     q(base + PathCommands),
		"Interactions": q(base + PathInteractions),
	})
	return b.String(), err
}

func validCommand(c string) bool {
	if len(c) < 2 || len(c) > 32 || c[0] != '/' {
		return false
	}
	for _, r := range c[1:] {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

var manifestTemplate = template.Must(template.New("manifest").Parse(`# Slack app manifest for kbbot.
# Create the app: https://api.slack.com/apps -> Create New App -> From a manifest.
_metadata:
  major_version: 1
  minor_version: 1
display_information:
  name: {{.Name}}
  description: "Answers questions from your team's documents."
  background_color: "#2c2d30"
features:
  app_home:
    home_tab_enabled: false
    messages_tab_enabled: true
    messages_tab_read_only_enabled: false
  bot_user:
    display_name: {{.Name}}
    always_online: true
  slash_commands:
    - command: {{.Command}}
      description: "Ask the knowledge base (or: topics, tour, help)"
      usage_hint: "[question] | topics | tour | help"
      should_escape: false
{{- if not .Socket}}
      url: {{.Commands}}
{{- end}}
oauth_config:
  scopes:
    bot:
      - app_mentions:read
      - chat:write
      - commands
      - im:history
      - im:read
settings:
  event_subscriptions:
{{- if not .Socket}}
    request_url: {{.Events}}
{{- end}}
    bot_events:
      - app_mention
      - message.im
  interactivity:
    is_enabled: true
{{- if not .Socket}}
    request_url: {{.Interactions}}
{{- end}}
  org_deploy_enabled: false
  socket_mode_enabled: {{.Socket}}
  token_rotation_enabled: false
`))
