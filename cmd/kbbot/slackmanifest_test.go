package main

import (
	"strings"
	"testing"
)

func TestSlackManifestCommand(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // a line the output must have
		stderr string
	}{
		{"socket mode", []string{"slack-manifest"}, 0, "socket_mode_enabled: true", ""},
		{"http mode", []string{"slack-manifest", "--url", "https://kb.example.com", "--command", "/kb"},
			0, `request_url: "https://kb.example.com/slack/events"`, ""},
		{"help", []string{"slack-manifest", "--help"}, 0, "Usage: kbbot slack-manifest", ""},
		{"plain http url", []string{"slack-manifest", "--url", "http://kb.example.com"}, 2, "", "public https:// URL"},
		{"bad command", []string{"slack-manifest", "--command", "ask"}, 2, "", `command "ask"`},
		{"stray argument", []string{"slack-manifest", "now"}, 2, "", `unexpected argument "now"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runKbbot(t, "", tc.args...)
			if code != tc.code || !strings.Contains(out, tc.stdout) || !strings.Contains(errOut, tc.stderr) {
				t.Errorf("got %d, stdout %q, stderr %q; want %d with %q / %q", code, out, errOut, tc.code, tc.stdout, tc.stderr)
			}
			if tc.code == 2 && strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
				t.Errorf("usage error is not one line: %q", errOut)
			}
		})
	}
}
