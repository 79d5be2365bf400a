package knowledge

import (
	"testing"
	"testing/fstest"
)

// TestSuggestExactFirst: a title equal to what was typed comes before the
// longer titles it starts, however many of them come first in the
// documents (tldr's "docker" behind 25 "docker …" pages).
func TestSuggestExactFirst(t *testing.T) {
	fsys := fstest.MapFS{
		"docker-build.md":     {Data: []byte("# docker build\n\nBuild an image.\n")},
		"docker-commit.md":    {Data: []byte("# docker commit\n\nCommit a container.\n")},
		"docker.md":           {Data: []byte("# docker\n\nManage containers.\n")},
		"git-commit-graph.md": {Data: []byte("# git commit-graph\n\nWrite a graph.\n")},
		"git-commit.md":       {Data: []byte("# git commit\n\nRecord changes.\n")},
	}
	b := loadFS(t, fsys, Options{})
	tests := []struct {
		prefix string
		n      int
		want   string
	}{
		{"docker", 2, "docker"},
		{"Docker", 2, "docker"},
		{" docker ", 1, "docker"},
		{"git commit", 1, "git commit"},
		{"GIT COMMIT", 2, "git commit"},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			got := b.Suggest(tt.prefix, tt.n)
			if len(got) == 0 || got[0].Title != tt.want {
				var titles []string
				for _, s := range got {
					titles = append(titles, s.Title)
				}
				t.Errorf("Suggest(%q, %d) = %q; want %q first", tt.prefix, tt.n, titles, tt.want)
			}
		})
	}
}
