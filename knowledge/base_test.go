package knowledge

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestHeadingOnlySection: a heading with sub-sections but no text of its
// own is found by its title, answers with its sub-sections, and does not
// take the questions its sub-sections answer.
func TestHeadingOnlySection(t *testing.T) {
	fsys := fstest.MapFS{
		"benefits.md": {Data: []byte("# Benefits\n\n## Dental insurance\n\nCleanings twice a year are covered.\n\n## Vision insurance\n\nGlasses every two years.\n\n# Payroll\n\nPaid on the 15th.\n")},
	}
	b := loadFS(t, fsys, Options{})
	wantFirst(t, b, map[string]string{
		"benefits":                    "Benefits",
		"what benefits do we get":     "Benefits",
		"is dental insurance covered": "Dental insurance",
		"glasses":                     "Vision insurance",
	})
	var benefits *Section
	for _, s := range b.Sections() {
		if s.Title == "Benefits" {
			benefits = s
		}
	}
	if benefits == nil {
		t.Fatal("no Benefits section")
	}
	if got := len(b.Subsections(benefits, 0)); got != 2 {
		t.Errorf("Subsections(Benefits): got %d; want 2", got)
	}
	if got := len(b.Subsections(benefits, 1)); got != 1 {
		t.Errorf("Subsections(Benefits, 1): got %d; want 1", got)
	}
	text := b.FullText(benefits)
	for _, want := range []string{"Dental insurance\n\nCleanings twice a year are covered.", "Vision insurance\n\nGlasses every two years."} {
		if !strings.Contains(text, want) {
			t.Errorf("FullText(Benefits) = %q; want it to contain %q", text, want)
		}
	}
	if strings.Contains(text, "Paid on the 15th") {
		t.Errorf("FullText(Benefits) = %q; runs into the next top-level section", text)
	}
	if got := b.FullText(b.Sections()[len(b.Sections())-1]); got != "Paid on the 15th." {
		t.Errorf("FullText(Payroll) = %q; want its body", got)
	}
}

// TestFrontMatterKeywords: a file's keywords find its top section; its
// sub-sections carry them as they carry the file's title.
func TestFrontMatterKeywords(t *testing.T) {
	fsys := fstest.MapFS{
		"on-call.md": {Data: []byte("---\naliases: [pager, pagerduty]\n---\n# On-call\n\nA small rotation of engineers is reachable outside office hours. Joining is voluntary.\n\n## Swaps\n\nSwap a shift in the team channel.\n\n## Pay\n\nEach week on call pays a flat fee.\n")},
		"travel.md":  {Data: []byte("# Travel\n\nBook flights in the travel tool. A pager is not needed abroad.\n")},
	}
	b := loadFS(t, fsys, Options{})
	wantFirst(t, b, map[string]string{
		"pagerduty":     "On-call",
		"pager":         "On-call",
		"pager swap":    "Swaps",
		"pagerduty pay": "Pay",
	})
}

// loadFS loads a knowledge base from fsys.
func loadFS(t testing.TB, fsys fs.FS, opts Options) *Base {
	t.Helper()
	return loadSources(t, opts, Source{Name: "kb", FS: fsys})
}

// loadSources loads srcs, failing t on an error.
func loadSources(t testing.TB, opts Options, srcs ...Source) *Base {
	t.Helper()
	b, err := Load(context.Background(), opts, srcs...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wantFirst checks the first match of each question (key) by title.
func wantFirst(t *testing.T, b *Base, tests map[string]string) {
	t.Helper()
	for q, want := range tests {
		r := b.Search(q, 3)
		if len(r.Matches) == 0 || r.Matches[0].Section.Title != want {
			var got []string
			for _, m := range r.Matches {
				got = append(got, fmt.Sprintf("%s %.3f", m.Section.Title, m.Score))
			}
			t.Errorf("Search(%q): got %q; want %q first", q, got, want)
		}
	}
}

// TestThresholdsCJK: a question with Chinese text is held to MinScoreCJK,
// any other to MinScore.
func TestThresholdsCJK(t *testing.T) {
	fsys := fstest.MapFS{
		"kb.md": {Data: []byte("# 年假\n\n每年十五天带薪年假。\n\n# Vacation\n\nFifteen paid days a year.\n")},
	}
	tests := []struct {
		name           string
		th             Thresholds
		zh, en         bool // answered
		zhQ, enQ       string
		zhWant, enWant string
	}{
		{"both pass", Thresholds{MinScore: 0, MinScoreCJK: 0}, true, true, "年假有几天", "vacation days", "年假", "Vacation"},
		{"cjk bar high", Thresholds{MinScore: 0, MinScoreCJK: 1.01}, false, true, "年假有几天", "vacation days", "年假", "Vacation"},
		{"latin bar high", Thresholds{MinScore: 1.01, MinScoreCJK: 0}, true, false, "年假有几天", "vacation days", "年假", "Vacation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := tt.th
			b := loadFS(t, fsys, Options{Thresholds: &th})
			if r := b.Search(tt.zhQ, 1); r.Answered != tt.zh || len(r.Matches) == 0 || r.Matches[0].Section.Title != tt.zhWant {
				t.Errorf("Search(%q): answered %v (%s); want %v, %q first", tt.zhQ, r.Answered, r.Reason, tt.zh, tt.zhWant)
			}
			if r := b.Search(tt.enQ, 1); r.Answered != tt.en || len(r.Matches) == 0 || r.Matches[0].Section.Title != tt.enWant {
				t.Errorf("Search(%q): answered %v (%s); want %v, %q first", tt.enQ, r.Answered, r.Reason, tt.en, tt.enWant)
			}
		})
	}
}

// TestPreferSpecific: a sub-section that holds as much of the question,
// scores nearly as well and is named by it answers instead of its parent
// (here the test handbook, where a file's keywords make its top section
// strong).
func TestPreferSpecific(t *testing.T) {
	b := loadDir(t, filepath.Join("testdata", "handbook"))
	wantFirst(t, b, map[string]string{
		"how do I ask for a few days off": "Booking time off",
		"expnse reprot":                   "Submitting an expense report",
		"time off":                        "Time Off",
		"expenses":                        "Expenses",
	})
}

// TestMarginSameTitle: two pages of the same title (one command for two
// platforms) are one topic: their tie does not make the answer ambiguous,
// while a tie between two different topics does.
func TestMarginSameTitle(t *testing.T) {
	page := "# kill\n\n> Send a signal to a process.\n\n- Terminate a program using the default SIGTERM signal:\n\n`kill {{process_id}}`\n"
	fsys := fstest.MapFS{
		"common/kill.md": {Data: []byte(page)},
		"linux/kill.md":  {Data: []byte(page)},
		"a/stop.md":      {Data: []byte("# stop\n\nHalt the deploy pipeline when a release misbehaves badly enough.\n")},
		"b/halt.md":      {Data: []byte("# halt\n\nHalt the deploy pipeline when a release misbehaves badly enough.\n")},
	}
	b := loadFS(t, fsys, Options{})
	if r := b.Search("send a signal to a stuck process", 3); !r.Answered {
		t.Errorf("same-title tie: not answered (%s)", r.Reason)
	}
	if r := b.Search("misbehaves release pipeline trouble", 3); r.Answered {
		t.Errorf("tie between different topics: answered %q; want refused as ambiguous", r.Matches[0].Section.Title)
	}
}

// TestNamedTitleCoverage: a question that names a section's title needs
// less coverage to be answered than one that does not.
func TestNamedTitleCoverage(t *testing.T) {
	fsys := fstest.MapFS{
		"tmux.md":   {Data: []byte("# tmux\n\n> Terminal multiplexer.\n\n- Start a new session:\n\n`tmux`\n\n- Detach from the current session:\n\n`<Ctrl b> d`\n")},
		"screen.md": {Data: []byte("# screen\n\n> Hold a session open on a remote server.\n\n- Detach from the current screen:\n\n`<Ctrl a> d`\n")},
	}
	b := loadFS(t, fsys, Options{})
	for _, tt := range []struct {
		q        string
		answered bool
	}{
		{"tmux detach overnight unattended", true},
		{"terminal left running quietly overnight, unattended", false},
	} {
		r := b.Search(tt.q, 3)
		if r.Answered != tt.answered || len(r.Matches) == 0 {
			t.Errorf("Search(%q): answered %v (%s, %+v); want %v", tt.q, r.Answered, r.Reason, r.Matches, tt.answered)
		}
	}
}

func TestSameTopic(t *testing.T) {
	sec := func(source string, path ...string) *Section { return &Section{Source: source, Path: path} }
	tests := []struct {
		a, b *Section
		want bool
	}{
		{sec("a.md", "Leave"), sec("a.md", "Leave", "Sick leave"), true},            // parent and child
		{sec("common/kill.md", "kill"), sec("linux/kill.md", "kill"), true},         // twins
		{sec("a.md", "Leave", "Sick leave"), sec("a.md", "Leave", "Annual"), false}, // siblings
		{sec("a.md", "Benefits", "Overview"), sec("b.md", "Security", "Overview"), false},
		{sec("a.md", "Leave"), sec("b.md", "Leave", "Sick leave"), false},
	}
	for _, tt := range tests {
		if got := SameTopic(tt.a, tt.b); got != tt.want {
			t.Errorf("SameTopic(%v %v, %v %v) = %v; want %v", tt.a.Source, tt.a.Path, tt.b.Source, tt.b.Path, got, tt.want)
		}
	}
}

// TestUntitledPartAliases: the parts the parser names itself (引言, 结语,
// Introduction, Closing remarks) are found by the words readers use for
// them; "this article" says which document, not what about.
func TestUntitledPartAliases(t *testing.T) {
	fsys := fstest.MapFS{
		"essay.txt": {Data: []byte("远程办公已经很普遍。\n\n一、工具\n\n- 聊天:\n- 团队用聊天工具沟通。\n\n二、时间\n\n- 时区:\n- 跨时区的会议要轮流安排。\n\n远程办公需要信任和清楚的书面沟通。\n")},
		"guide.md":  {Data: []byte("Remote work is normal here and works best when writing things down.\n\n# Tools\n\nWe use chat for quick questions.\n\n# Time zones\n\nRotate meeting times.\n")},
	}
	b := loadFS(t, fsys, Options{})
	wantFirst(t, b, map[string]string{
		"这篇文章的结论是什么": "结语",
		"文章开头说了什么":   "引言",
		"overview":   "Introduction",
		"跨时区的会议怎么安排": "时区",
	})
	r := b.Search("这篇文章的结论是什么", 1)
	if !r.Answered {
		t.Errorf("结论: not answered: %s", r.Reason)
	}
	// 开头 is a name for 引言 as a pair of characters: 开 alone (as in 开源)
	// does not find it.
	if r := b.Search("开", 1); len(r.Matches) > 0 {
		t.Errorf("开: got %q; want no match", r.Matches[0].Section.Title)
	}
}

// TestSeek: galloping lands where a binary search over the whole list
// does, for every target around every posting.
func TestSeek(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 7, 64, 1000} {
		ps := make([]posting, n)
		for i := range ps {
			ps[i].doc = uint32(3*i + 1) // gaps, so targets fall between
		}
		for d := uint32(0); d <= uint32(3*n+2); d++ {
			want, _ := slices.BinarySearchFunc(ps, d, byDoc)
			if got := seek(ps, d); got != want {
				t.Fatalf("seek(%d postings, %d) = %d; want %d", n, d, got, want)
			}
		}
	}
}

// sizeless hides the size of its files, as a network or generated file
// system may: the loader must still stop reading at the limit.
type sizeless struct{ fstest.MapFS }

func (s sizeless) Open(name string) (fs.File, error) {
	f, err := s.MapFS.Open(name)
	if err != nil {
		return nil, err
	}
	return sizelessFile{f}, nil
}

type sizelessFile struct{ fs.File }

func (f sizelessFile) Stat() (fs.FileInfo, error) { return nil, errors.New("no size here") }

func TestReadFileLimit(t *testing.T) {
	files := fstest.MapFS{
		"small.md": {Data: []byte("# Small\n\ntext\n")},
		"exact.md": {Data: []byte(strings.Repeat("x", 100))},
		"big.md":   {Data: []byte(strings.Repeat("x", 101))},
		"empty.md": {Data: nil},
	}
	tests := []struct {
		name     string
		fsys     fs.FS
		file     string
		wantLen  int
		wantSize int64
	}{
		{"small", files, "small.md", 14, 14},
		{"at the limit", files, "exact.md", 100, 100},
		{"over the limit: size only", files, "big.md", 0, 101},
		{"empty", files, "empty.md", 0, 0},
		{"no size: read whole", sizeless{files}, "exact.md", 100, 100},
		{"no size: stop past the limit", sizeless{files}, "big.md", 101, 101},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, size, err := readFile(tt.fsys, tt.file, 100)
			if err != nil {
				t.Fatal(err)
			}
			if len(data) != tt.wantLen || size != tt.wantSize {
				t.Errorf("got %d bytes, size %d; want %d bytes, size %d", len(data), size, tt.wantLen, tt.wantSize)
			}
		})
	}
	if _, _, err := readFile(files, "missing.md", 100); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: got %v; want fs.ErrNotExist", err)
	}
}

// TestPreferSpecificTitle: a page titled by another's title and more
// words is the more specific one, in any file: it answers instead when it
// holds as much of the question and scores nearly as well, unless the
// question names the shorter title whole.
func TestPreferSpecificTitle(t *testing.T) {
	fsys := fstest.MapFS{
		"support.md":      {Data: []byte("# Titles for Support\n\nSupport specialists answer customer emails. A support manager reviews their work.\n")},
		"support-lead.md": {Data: []byte("# Titles for Support Leadership\n\nA support manager leads a team of specialists, answers escalations, hires, plans the weekend queue and runs the reviews of everyone on the team.\n")},
	}
	b := loadFS(t, fsys, Options{})
	for q, want := range map[string]string{
		"what's expected of a support manager": "Titles for Support Leadership",
		"support titles for managers":          "Titles for Support", // names the whole title
	} {
		if r := b.Search(q, 3); len(r.Matches) == 0 || r.Matches[0].Section.Title != want {
			t.Errorf("Search(%q): got %s; want %q first", q, describe(r), want)
		}
	}
}

func TestExtendsTitle(t *testing.T) {
	for _, tt := range []struct {
		base, title string
		want        bool
	}{
		{"docker", "docker container logs", true},
		{"Titles for Support", "titles for support leadership", true},
		{"docker", "docker", false},
		{"docker", "dockerd", false},
		{"git", "gitk x", false},
		{"开源", "开源合作", false},
	} {
		if got := extendsTitle(tt.base, tt.title); got != tt.want {
			t.Errorf("extendsTitle(%q, %q) = %v; want %v", tt.base, tt.title, got, tt.want)
		}
	}
}

// TestSearchManyConcepts: a question of more distinct words than a
// search's 16-bit concept marks count (possible only when an operator
// lifts the length limit) lists each section once.
func TestSearchManyConcepts(t *testing.T) {
	base := loadFS(t, fstest.MapFS{
		"a.md": {Data: []byte("# Alpha\n\nzq0 zq1 common words here.\n")},
		"b.md": {Data: []byte("# Beta\n\ncommon words there.\n")},
	}, Options{})
	var b strings.Builder
	for i := range 1<<16 - 1 { // "common" would be concept 65,535, whose 16-bit mark wraps to 0
		fmt.Fprintf(&b, "zq%d ", i)
	}
	b.WriteString("common words")
	res := base.Search(b.String(), 10)
	if len(res.Matches) == 0 || res.Matches[0].Section.Title != "Alpha" {
		t.Errorf("got %d matches; want Alpha first (it holds zq0 and zq1)", len(res.Matches))
	}
	seen := map[string]bool{}
	for _, m := range res.Matches {
		if seen[m.Section.ID] {
			t.Errorf("section %q listed twice", m.Section.Title)
		}
		seen[m.Section.ID] = true
	}
}
