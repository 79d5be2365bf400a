package main

import (
	"flag"
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
