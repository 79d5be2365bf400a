package main

import (
	"context"
	"fmt"

	"github.com/kbbot/kbbot/adapters/slack"
)

// cmdSlackManifest prints the Slack app manifest to paste at
// https://api.slack.com/apps → Create New App → From a manifest.
func cmdSlackManifest(ctx context.Context, e *env, args []string) int {
	fs := newFlags("slack-manifest", "Usage: kbbot slack-manifest [--name NAME] [--command /ask] [--url https://HOST]\n\n"+
		"Prints a Slack app manifest (YAML) for kbbot. Paste it at https://api.slack.com/apps,\n"+
		"Create New App, From a manifest. Without --url the app uses Socket Mode (no\n"+
		"public URL needed); with --url it sends events, commands and button presses\n"+
		"to the /slack/... endpoints of kbbot serve at that public https URL.")
	name := fs.String("name", "kbbot", "the app's and bot user's name")
	command := fs.String("command", "/ask", "the slash command")
	url := fs.String("url", "", "public https base URL of kbbot serve (HTTP mode); empty for Socket Mode")
	if code, ok := fs.parseNoArgs(e, args, "run 'kbbot slack-manifest --help'"); !ok {
		return code
	}
	m, err := slack.Manifest(slack.ManifestOptions{Name: *name, Command: *command, RequestURL: *url})
	if err != nil {
		fmt.Fprintf(e.stderr, "kbbot slack-manifest: %v\n", err)
		return 2
	}
	fmt.Fprint(e.stdout, m)
	return 0
}
