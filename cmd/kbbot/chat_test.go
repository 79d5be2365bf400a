package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// chatKB writes a small knowledge base and returns its folder.
func chatKB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"welcome.md": "---\ntour: 1\n---\n# Welcome\n\nWelcome aboard! Read this tour first.\n\n## First day\n\nYour manager meets you at reception at 9:30.\n",
		"leave.md": "---\ntour: 2\nowner: \"@hr-team\"\n---\n# Leave\n\n## Booking annual leave\n\n" +
			"Everyone gets 25 days of annual leave a year. Book leave in the HR portal two weeks ahead. " +
			"Your manager approves it within three working days. Unused days carry over until March.\n\n" +
			"## Sick leave\n\nTell your manager before 10:00 if you are ill.\n",
		"it/vpn.md":   "# VPN\n\nInstall WireGuard and import the profile from the IT portal.\n",
		"zh/报销.md":    "# 报销流程\n\n在财务系统里提交报销单，附上发票照片。经理审批后五个工作日内打款。\n",
		".hidden.md":  "# Secret\n\nNot loaded.\n",
		"notes/x.txt": "Plain text notes about the printer on floor three.\n",
	}
	for name, text := range files {
		writeTestFile(t, filepath.Join(dir, filepath.FromSlash(name)), text)
	}
	return dir
}

// runKbbot runs the kbbot command line with stdin and returns what it
// wrote and its exit status.
func runKbbot(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return map[string]string{"USER": "tester"}[k] }}
	code = run(context.Background(), e, args)
	return out.String(), errb.String(), code
}

// replies splits a chat transcript at its prompts: replies[0] is the
// greeting, replies[i] the answer to the i-th line.
func replies(out string) []string {
	return strings.Split(out, "> ")
}

func TestChatEndToEnd(t *testing.T) {
	kb := chatKB(t)
	input := strings.Join([]string{
		"",                            // 1: help
		"how do I book annual leave?", // 2: an answer, trimmed
		"1",                           // 3: show the full section
		"hlep",                        // 4: a typo is still help
		"怎么报销？",                       // 5: a Chinese answer
		"quantum chromodynamics",      // 6: no confident answer
		"tour",                        // 7: tour step 1
		"1",                           // 8: press Next
		"topics",                      // 9: contents
		"9",                           // 10: no such button
		"feedback 👎",                  // 11: vote on the last question
		"quit",
		"never read",
	}, "\n") + "\n"
	out, errOut, code := runKbbot(t, input, "chat", "--kb", kb, "--excerpt", "120")
	if code != 0 {
		t.Fatalf("kbbot chat: exit %d; stderr:\n%s", code, errOut)
	}
	r := replies(out)
	if len(r) != 13 {
		t.Fatalf("got %d prompts; want 13 (a greeting and 11 replies, then quit):\n%s", len(r), out)
	}
	checks := []struct {
		reply int
		want  []string
	}{
		{0, []string{"type help"}},
		{1, []string{"Commands:", "topics [page]"}},
		{2, []string{"## Leave › Booking annual leave", "Everyone gets 25 days", "Source: leave.md:", "Ask: @hr-team",
			"[1] Show full section", "👍 Helpful"}},
		{3, []string{"Unused days carry over until March."}},
		{4, []string{"Commands:"}},
		{5, []string{"文档中是这样说的", "## 报销流程", "来源：zh/报销.md", "👍 有帮助"}},
		{6, []string{"I don't have a confident answer"}},
		{7, []string{"[Tour: step 1 of 4]", "## Welcome", "[1] Next"}},
		{8, []string{"[Tour: step 2 of 4]", "## Welcome › First day", "[1] Back  [2] Next"}},
		{9, []string{"What the knowledge base covers:", "Leave › Booking annual leave"}},
		{10, []string{"There is no button 9 here."}},
		{11, []string{"Sorry that didn't help."}},
	}
	for _, c := range checks {
		for _, w := range c.want {
			if !strings.Contains(r[c.reply], w) {
				t.Errorf("reply %d does not contain %q:\n%s", c.reply, w, r[c.reply])
			}
		}
	}
	if strings.Contains(r[2], "Unused days") {
		t.Errorf("reply 2 was not trimmed to --excerpt 120:\n%s", r[2])
	}
	if strings.Contains(out, "Secret") {
		t.Errorf("a hidden file was loaded:\n%s", out)
	}
}

func TestChatKeepsProgressInDB(t *testing.T) {
	kb := chatKB(t)
	db := filepath.Join(t.TempDir(), "kbbot.db")
	if _, errOut, code := runKbbot(t, "tour\nnext\nnext\nparking spaces for bicycles\nhow do I book annual leave?\nfeedback 👍\n", "chat", "--kb", kb, "--db", db); code != 0 {
		t.Fatalf("first chat: exit %d: %s", code, errOut)
	}
	out, errOut, code := runKbbot(t, "tour\n", "chat", "--kb", kb, "--db", db)
	if code != 0 {
		t.Fatalf("second chat: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "[Tour: step 3 of 4]") || !strings.Contains(out, "Welcome back") {
		t.Errorf("second chat did not resume the tour at step 3:\n%s", out)
	}
	// Another user starts over.
	out, _, _ = runKbbot(t, "tour\n", "chat", "--kb", kb, "--db", db, "--user", "someone-else")
	if !strings.Contains(out, "[Tour: step 1 of 4]") {
		t.Errorf("another user's tour did not start at step 1:\n%s", out)
	}
	// What the chats asked shows in the reports.
	out, errOut, code = runKbbot(t, "", "gaps", "--db", db, "--since", "all")
	if code != 0 || !strings.Contains(out, `"parking spaces for bicycles"`) || strings.Contains(out, "annual leave?") {
		t.Errorf("gaps after the chat: exit %d, stderr %q:\n%s", code, errOut, out)
	}
	out, errOut, code = runKbbot(t, "", "stats", "--db", db, "--utc")
	if code != 0 || !strings.Contains(out, "Questions since") || !strings.Contains(out, ": 2, answered 1 (50%)") ||
		!strings.Contains(out, "Booking annual leave") {
		t.Errorf("stats after the chat: exit %d, stderr %q:\n%s", code, errOut, out)
	}
}

func TestChatUsage(t *testing.T) {
	kb := chatKB(t)
	tests := []struct {
		name    string
		args    []string
		code    int
		wantOut string
		wantErr string
	}{
		{"help", []string{"chat", "--help"}, 0, "Usage: kbbot chat", ""},
		{"argument", []string{"chat", "--kb", kb, "what is this"}, 2, "", "unexpected argument"},
		{"bad flag", []string{"chat", "--nope"}, 2, "", "flag provided but not defined"},
		{"excerpt", []string{"chat", "--excerpt", "5"}, 2, "", "--excerpt 5"},
		{"missing kb", []string{"chat", "--kb", filepath.Join(kb, "nope")}, 1, "", "nope"},
		{"db in a missing folder", []string{"chat", "--kb", kb, "--db", filepath.Join(kb, "no", "dir", "x.db")}, 1, "", "sqlite: open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runKbbot(t, "", tt.args...)
			if code != tt.code || !strings.Contains(out, tt.wantOut) || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("kbbot %v: got exit %d, stdout %q, stderr %q; want exit %d, %q, %q",
					tt.args, code, out, errOut, tt.code, tt.wantOut, tt.wantErr)
			}
			if tt.code == 2 && strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("usage error takes more than one line:\n%s", errOut)
			}
		})
	}
}

func TestChatDefaultKB(t *testing.T) {
	out, errOut, code := runKbbot(t, "topics\n", "chat")
	if code != 0 || !strings.Contains(out, "What the knowledge base covers:") {
		t.Errorf("chat with the embedded knowledge base: exit %d, stderr %q:\n%s", code, errOut, out)
	}
}
