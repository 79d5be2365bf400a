package knowledge

import (
	"testing"
	"testing/fstest"
)

// TestSuggestFirst: a title equal to what was typed comes before the
// longer titles it starts, however many of them come first in the
// documents (tldr's "docker" behind 25 "docker …" pages); and a dash, an
// underscore and a space are the same to autocomplete, so "git-commit"
// (the page's file name, the man page's name) finds "git commit", and
// "ssh keygen" finds "ssh-keygen".
func TestSuggestFirst(t *testing.T) {
	b := loadFS(t, fstest.MapFS{
		"docker-build.md":     {Data: []byte("# docker build\n\nBuild an image.\n")},
		"docker-commit.md":    {Data: []byte("# docker commit\n\nCommit a container.\n")},
		"docker.md":           {Data: []byte("# docker\n\nManage containers.\n")},
		"git-commit-graph.md": {Data: []byte("# git commit-graph\n\nWrite a graph.\n")},
		"git-commit.md":       {Data: []byte("# git commit\n\nRecord changes.\n")},
		"apt-get.md":          {Data: []byte("# apt-get\n\nInstall packages.\n")},
		"python.md":           {Data: []byte("# python -m json.tool\n\nPretty-print JSON.\n")},
		"ssh-keygen.md":       {Data: []byte("# ssh-keygen\n\nMake keys.\n")},
		"lsb.md":              {Data: []byte("# lsb_release\n\nPrint the release.\n")},
	}, Options{})
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
		{"git-commit", 3, "git commit"},
		{"git_commit", 3, "git commit"},
		{"ssh keygen", 3, "ssh-keygen"},
		{"apt get", 3, "apt-get"},
		{"apt–get", 3, "apt-get"}, // an en dash, as phones type
		{"python  -m json", 3, "python -m json.tool"},
		{"lsb release", 3, "lsb_release"},
		{"ssh-keygen", 3, "ssh-keygen"},
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
