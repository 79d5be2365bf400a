package bot

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/kbbot/kbbot/knowledge"
)

func loadMap(t *testing.T, files fstest.MapFS) *knowledge.Base {
	t.Helper()
	kb, err := knowledge.Load(context.Background(), knowledge.Options{}, knowledge.Source{Name: "map", FS: files})
	if err != nil {
		t.Fatal(err)
	}
	return kb
}

func titles(ss []*knowledge.Section) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Title)
	}
	return out
}

func TestTourOrder(t *testing.T) {
	tests := []struct {
		name  string
		files fstest.MapFS
		want  []string
	}{
		{"front matter numbers", fstest.MapFS{
			"a-tools.md":   {Data: []byte("---\ntour: 3\n---\n# Tools\n\nWe use Go.\n")},
			"b-intro.md":   {Data: []byte("---\ntour: 1\n---\n# Intro\n\nHello.\n\n## Values\n\nBe kind.\n")},
			"c-extra.md":   {Data: []byte("# Extra\n\nNot on the tour.\n")},
			"d-people.md":  {Data: []byte("---\ntour: 2\n---\n# People\n\n## Team\n\nAlice and Bob.\n")},
			"e-tools-2.md": {Data: []byte("---\ntour: 3\n---\n# Deploys\n\nFridays never.\n")},
		}, []string{"Intro", "Values", "Team", "Tools", "Deploys"}},
		{"document order without numbers", fstest.MapFS{
			"1.md": {Data: []byte("# One\n\nFirst.\n\n## One point five\n\nMiddle.\n")},
			"2.md": {Data: []byte("# Two\n\n## Two A\n\nText.\n")},
		}, []string{"One", "One point five", "Two A"}},
		{"headings only", fstest.MapFS{
			"1.md": {Data: []byte("# A\n\n## B\n")},
		}, []string{"A", "B"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := titles(tourOrder(loadMap(t, tt.files)))
			if !slices.Equal(got, tt.want) {
				t.Errorf("tour: got %q; want %q", got, tt.want)
			}
		})
	}
}

func TestTourWalk(t *testing.T) {
	b, _, _ := newTestBot(t, nil, Options{})
	want := titles(tourOrder(testKB(t)))
	if !slices.Equal(want, []string{"Welcome to Acme", "Your first day", "Booking annual leave", "Sick leave"}) {
		t.Fatalf("test tour: got %q", want)
	}
	type step struct {
		input       string // typed, or a button name
		wantIndex   int    // 0: not a tour step
		wantNotice  string
		wantButtons []string
	}
	steps := []step{
		{"next", 1, Label(LangEnglish, msgTourStart), []string{ActionTourNext}}, // next with no tour starts it
		{ActionTourNext, 2, "", []string{ActionTourBack, ActionTourNext}},
		{"back", 1, "", []string{ActionTourNext}},
		{"back", 1, Label(LangEnglish, msgTourFirst), []string{ActionTourNext}},
		{"下一步", 2, "", nil},
		{"tour", 2, Label(LangEnglish, msgTourResume), nil},
		{"next", 3, "", nil},
		{"next", 4, "", []string{ActionTourBack, ActionTourNext}},
		{ActionTourNext, 0, Label(LangEnglish, msgTourDone), []string{ActionTourBack}},
		{ActionTourBack, 4, "", nil},
		{"next", 0, Label(LangEnglish, msgTourDone), nil},
		{"tour", 1, Label(LangEnglish, msgTourAgain), nil},
		{"next", 2, "", nil},
		{"tour restart", 1, Label(LangEnglish, msgTourStart), nil},
	}
	var last Reply
	for i, s := range steps {
		var r Reply
		if s.input == ActionTourNext || s.input == ActionTourBack {
			r = press(t, b, last, s.input)
		} else {
			r = ask(t, b, s.input)
		}
		last = r
		switch {
		case s.wantIndex == 0:
			if r.Kind != KindNotice || r.Tour == nil || !r.Tour.Done {
				t.Errorf("step %d (%s): got kind %v tour %+v; want the done notice", i, s.input, r.Kind, r.Tour)
			}
		case r.Kind != KindTour || r.Tour == nil || r.Tour.Index != s.wantIndex || r.Tour.Total != 4 || r.Tour.Done:
			// Done only on the finish, not on the steps of a tour taken again.
			t.Errorf("step %d (%s): got kind %v tour %+v; want step %d of 4, not done", i, s.input, r.Kind, r.Tour, s.wantIndex)
		case r.Answer.Title != want[s.wantIndex-1]:
			t.Errorf("step %d (%s): got %q; want %q", i, s.input, r.Answer.Title, want[s.wantIndex-1])
		}
		if s.wantNotice != "" && (len(r.Notices) == 0 || r.Notices[0] != s.wantNotice) {
			t.Errorf("step %d (%s): got notices %q; want %q", i, s.input, r.Notices, s.wantNotice)
		}
		if s.wantNotice == "" && len(r.Notices) > 0 {
			t.Errorf("step %d (%s): got notices %q; want none", i, s.input, r.Notices)
		}
		if s.wantButtons != nil && !slices.Equal(buttonNames(r), s.wantButtons) {
			t.Errorf("step %d (%s): got buttons %v; want %v", i, s.input, buttonNames(r), s.wantButtons)
		}
	}
}

func TestTourFinishLabel(t *testing.T) {
	b, _, _ := newTestBot(t, nil, Options{})
	r := ask(t, b, "入门")
	for range 3 {
		r = press(t, b, r, ActionTourNext)
	}
	if got := r.Actions[len(r.Actions)-1]; got.Name != ActionTourNext || got.Label != Label(LangChinese, msgFinish) {
		t.Errorf("last step: got button %+v; want 完成", got)
	}
	if r.Lang != LangChinese || r.Tour.Index != 4 {
		t.Errorf("last step: got lang %q, %+v; want Chinese, step 4", r.Lang, r.Tour)
	}
}

func TestTourIndex(t *testing.T) {
	steps := []*knowledge.Section{{ID: "a"}, {ID: "b"}, {ID: "c"}}
	tests := []struct {
		p    TourProgress
		want int
	}{
		{TourProgress{Step: 1}, 1},
		{TourProgress{Step: 0, SectionID: "c"}, 2}, // the section wins
		{TourProgress{Step: 2, SectionID: "gone"}, 2},
		{TourProgress{Step: 9}, 2},
		{TourProgress{Step: -1}, 0},
	}
	for _, tt := range tests {
		if got := tourIndex(tt.p, steps); got != tt.want {
			t.Errorf("tourIndex(%+v): got %d; want %d", tt.p, got, tt.want)
		}
	}
}

// TestContentsOfTwoFolders: two folders with a file of the same name and
// no headings are two entries of the table of contents, not one.
func TestContentsOfTwoFolders(t *testing.T) {
	kb, err := knowledge.Load(context.Background(), knowledge.Options{},
		knowledge.Source{Name: "a", FS: fstest.MapFS{"README.md": {Data: []byte("Install the app.\n")}}},
		knowledge.Source{Name: "b", FS: fstest.MapFS{"README.md": {Data: []byte("Install the driver.\n")}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := contents(kb); len(got) != 2 {
		t.Errorf("contents: %q; want both folders' README.md", titles(got))
	}
}

// reloadable is a Knowledge whose base a test swaps, as a reload does.
type reloadable struct{ kb *knowledge.Base }

func (r *reloadable) Base() *knowledge.Base { return r.kb }

// TestTourStepRemoved: when the step a user is on leaves the tour in a
// reload, next shows the step now in its place (not the one after it, which
// skipped a step never seen) and back the one before it.
func TestTourStepRemoved(t *testing.T) {
	doc := func(n int, title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntour: %d\n---\n# %s\n\nAbout %s.\n", n, title, title))}
	}
	abcd := fstest.MapFS{"a.md": doc(1, "Alpha"), "b.md": doc(2, "Bravo"), "c.md": doc(3, "Charlie"), "d.md": doc(4, "Delta")}
	tests := []struct {
		name    string
		on      int    // 1-based step the user is on before the reload
		remove  string // file removed by the reload
		input   string // typed after it
		want    string // title shown, "" for the done notice
		wantIdx int    // its step number
	}{
		{"next after a middle step", 2, "b.md", "next", "Charlie", 2},
		{"back after a middle step", 2, "b.md", "back", "Alpha", 1},
		{"resume after a middle step", 2, "b.md", "tour", "Charlie", 2},
		{"next after the first step", 1, "a.md", "next", "Bravo", 1},
		{"back after the first step", 1, "a.md", "back", "Bravo", 1},
		{"next after the last step", 4, "d.md", "next", "", 3},
		{"back after the last step", 4, "d.md", "back", "Charlie", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := &reloadable{loadMap(t, abcd)}
			b := New(k, nil, Options{})
			r := ask(t, b, "tour")
			for range tt.on - 1 {
				r = ask(t, b, "next")
			}
			if r.Tour == nil || r.Tour.Index != tt.on {
				t.Fatalf("before the reload: got %+v; want step %d", r.Tour, tt.on)
			}
			after := maps.Clone(abcd)
			delete(after, tt.remove)
			k.kb = loadMap(t, after)
			r = ask(t, b, tt.input)
			switch {
			case tt.want == "":
				if r.Tour == nil || !r.Tour.Done {
					t.Errorf("%s: got kind %v tour %+v; want the done notice", tt.input, r.Kind, r.Tour)
				}
			case r.Answer == nil || r.Tour == nil:
				t.Errorf("%s: got kind %v %q; want step %d %q", tt.input, r.Kind, r.Notices, tt.wantIdx, tt.want)
			case r.Answer.Title != tt.want || r.Tour.Index != tt.wantIdx:
				t.Errorf("%s: got step %d %q; want step %d %q", tt.input, r.Tour.Index, r.Answer.Title, tt.wantIdx, tt.want)
			}
		})
	}
}
