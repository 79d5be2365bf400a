package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/kbbot/kbbot/adapters/console"
	"github.com/kbbot/kbbot/knowledge"
)

func cmdTopics(ctx context.Context, e *env, args []string) int {
	fs := newFlags("topics", "Usage: kbbot topics [--kb PATH]...\n\nPrints the knowledge base's table of contents: every section, indented\nby depth, with its file and line.")
	var kb kbFlags
	kb.register(fs)
	if code, ok := fs.parseNoArgs(e, args, ""); !ok {
		return code
	}
	base, err := kb.load(ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "kbbot topics: %v\n", err)
		return 1
	}
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	var prev *knowledge.Section
	for _, s := range base.Sections() {
		if prev == nil || !s.SameFile(prev) {
			fmt.Fprintf(w, "%s\n", console.Clean(base.FileLabel(s)))
		}
		prev = s
		fmt.Fprintf(w, "  %s%s  (line %d)\n", strings.Repeat("  ", max(s.Level-1, 0)), console.Clean(s.Title), s.Line)
	}
	return 0
}
