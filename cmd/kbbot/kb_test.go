package main

import (
	"encoding/json"
	"flag"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestParseArgs: flags may come before or after the positional words; a
// lone "-" is positional; "--" ends the flags, wherever it stands.
func TestParseArgs(t *testing.T) {
	tests := []struct {
		args []string
		pos  string // positional words joined by |
		json bool
		top  int
	}{
		{[]string{"--json", "q"}, "q", true, 3},
		{[]string{"q", "--json"}, "q", true, 3},
		{[]string{"-"}, "-", false, 3},
		{[]string{"--", "what", "does", "--top", "mean"}, "what|does|--top|mean", false, 3},
		{[]string{"--top", "2", "--", "--json"}, "--json", false, 2},
		{[]string{"what", "--", "--top", "--json"}, "what|--top|--json", false, 3},
		{[]string{"q", "--top", "1", "more"}, "q|more", false, 1},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			fs := flag.NewFlagSet("ask", flag.ContinueOnError)
			asJSON := fs.Bool("json", false, "")
			top := fs.Int("top", 3, "")
			pos, err := parseArgs(fs, tc.args)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(pos, "|") != tc.pos || *asJSON != tc.json || *top != tc.top {
				t.Errorf("got %q json %v top %d; want %q json %v top %d", pos, *asJSON, *top, tc.pos, tc.json, tc.top)
			}
		})
	}
}

// TestKBNamedTwice: a folder or file given to --kb twice, however
// written, is read once: the answers list each section once, with the
// IDs it has when named once, and check finds no duplicate titles.
func TestKBNamedTwice(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "office.md"), "# Printers\n\nThe office printer is on the second floor.\n\n# Toner\n\nAsk IT for printer toner.\n")
	file := filepath.Join(dir, "office.md")
	ids := func(t *testing.T, kbs ...string) []string {
		t.Helper()
		args := []string{"ask", "--json", "--top", "5"}
		for _, kb := range kbs {
			args = append(args, "--kb", kb)
		}
		out, errs, code := runKbbot(t, "", append(args, "printer")...)
		var r struct{ Matches []struct{ ID string } }
		if err := json.Unmarshal([]byte(out), &r); err != nil || code != 0 {
			t.Fatalf("kbbot %v: exit %d, %v: %s", args, code, err, errs)
		}
		var got []string
		for _, m := range r.Matches {
			got = append(got, m.ID)
		}
		return got
	}
	for _, tc := range []struct {
		name string
		kbs  []string
	}{
		{"folder", []string{dir, dir}},
		{"folder written two ways", []string{dir, dir + string(filepath.Separator) + "."}},
		{"file", []string{file, file}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := ids(t, tc.kbs[0])
			if got := ids(t, tc.kbs...); !slices.Equal(got, want) {
				t.Errorf("got matches %q; want %q, as with one --kb", got, want)
			}
			args := []string{"check"}
			for _, kb := range tc.kbs {
				args = append(args, "--kb", kb)
			}
			out, _, _ := runKbbot(t, "", args...)
			if strings.Contains(out, "duplicate") {
				t.Errorf("check reports duplicates:\n%s", out)
			}
		})
	}
}
