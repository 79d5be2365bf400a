package bot

import (
	"slices"
	"testing"

	"github.com/kbbot/kbbot/knowledge"
)

func TestRelated(t *testing.T) {
	sec := func(id, source string, path ...string) *knowledge.Section {
		return &knowledge.Section{ID: id, Title: path[len(path)-1], Path: path, Source: source}
	}
	answer := sec("a", "common/kill.md", "kill")
	ms := []knowledge.Match{
		{Section: sec("b", "linux/kill.md", "kill"), Score: 0.9},               // same page, other platform
		{Section: sec("c", "common/pkill.md", "pkill"), Score: 0.8},            // another topic
		{Section: sec("d", "linux/pkill.md", "pkill"), Score: 0.7},             // its twin
		{Section: sec("e", "handbook.md", "Benefits", "Overview"), Score: 0.6}, // same title,
		{Section: sec("f", "handbook.md", "Security", "Overview"), Score: 0.5}, // other topics
		{Section: sec("g", "common/killall.md", "killall"), Score: 0},          // no score
		{Section: sec("h", "common/kill.md", "kill", "Signals"), Score: 0.4},   // inside the answer
		{Section: sec("i", "common/xkill.md", "xkill"), Score: 0.3},
	}
	ids := func(ts []Topic) []string {
		var out []string
		for _, tp := range ts {
			out = append(out, tp.SectionID)
		}
		return out
	}
	if got, want := ids(Related(ms, answer, 3)), []string{"c", "e", "f"}; !slices.Equal(got, want) {
		t.Errorf("related: got %v; want %v", got, want)
	}
	if got, want := ids(Related(ms, nil, 10)), []string{"b", "c", "e", "f", "h", "i"}; !slices.Equal(got, want) {
		t.Errorf("related with no answer: got %v; want %v", got, want)
	}
}
