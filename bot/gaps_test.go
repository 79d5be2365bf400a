package bot

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestGapTerms(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"How do I reset my password?", []string{"password", "reset"}},
		{"Resetting passwords", []string{"password", "reset"}},
		{"怎么申请年假？", []string{"年假", "申请", "请年"}},
		{"年假怎么申请", []string{"年假", "申请"}},
		{"ＶＰＮ 怎么连", []string{"vpn", "连"}},
		{"what is the", nil},
		{"怎麼申請年假？", []string{"年假", "申请", "请年"}},
		{"wi-fi password", []string{"password", "wifi"}},
		{"set up the VPN", []string{"set", "setup", "up", "vpn"}},
		{"set-up guide, up", []string{"guid", "setup", "up"}},
	}
	for _, tt := range tests {
		if got := gapTerms(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("gapTerms(%q): got %q; want %q", tt.text, got, tt.want)
		}
	}
}

func TestGaps(t *testing.T) {
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	qs := []Question{
		{Time: at(0), User: "a", Text: "How do I reset my password?"},
		{Time: at(1), User: "b", Text: "reset password", SectionID: "acct", Title: "Accounts", Score: 0.3},
		{Time: at(2), User: "a", Text: "how do I reset my password"}, // same wording, another time
		{Time: at(3), User: "c", Text: "Resetting passwords?", SectionID: "acct", Title: "Accounts", Score: 0.4},
		{Time: at(4), User: "d", Text: "parking at the office", SectionID: "wifi", Title: "Office wifi", Score: 0.2},
		{Time: at(5), User: "e", Text: "where can I park my car at the office", SectionID: "wifi", Title: "Office wifi"},
		{Time: at(6), User: "f", Text: "怎么申请年假？"},
		{Time: at(7), User: "g", Text: "年假怎么申请"},
		// Answered and liked: not a gap.
		{Time: at(8), User: "h", Text: "reset password", Answered: true, Helpful: 2},
		// Answered but voted down: a gap.
		{Time: at(9), User: "i", Text: "wifi password for guests", Answered: true, SectionID: "wifi", Title: "Office wifi", Unhelpful: 1},
		// Answered, votes tied: not a gap.
		{Time: at(10), User: "j", Text: "vpn", Answered: true, Helpful: 1, Unhelpful: 1},
	}
	got := Gaps(qs)
	type summary struct {
		First      string
		Count      int
		Users      int
		Unanswered int
		Unhelpful  int
		Section    string
	}
	var sums []summary
	for _, g := range got {
		sums = append(sums, summary{g.Wordings[0].Text, g.Count, g.Users, g.Unanswered, g.Unhelpful, g.Title})
	}
	want := []summary{
		{"how do I reset my password", 4, 3, 4, 0, "Accounts"}, // asked twice in this form
		{"怎么申请年假？", 2, 2, 2, 0, ""},                            // ties: the most recent first
		{"parking at the office", 2, 2, 2, 0, "Office wifi"},
		{"wifi password for guests", 1, 1, 0, 1, "Office wifi"},
	}
	if !slices.Equal(sums, want) {
		t.Errorf("Gaps:\ngot  %+v\nwant %+v", sums, want)
	}
	if len(got) > 0 {
		g := got[0]
		// All four fold to the same terms: one wording, asked four times.
		if len(g.Wordings) != 1 || g.Wordings[0].Count != 4 {
			t.Errorf("password gap wordings: got %+v; want one wording asked 4 times", g.Wordings)
		}
		if !g.First.Equal(at(0)) || !g.Last.Equal(at(3)) || g.Score != 0.4 {
			t.Errorf("password gap: first %v last %v score %v; want %v, %v, 0.4", g.First, g.Last, g.Score, at(0), at(3))
		}
	}
	if gs := Gaps(nil); len(gs) != 0 {
		t.Errorf("Gaps(nil): got %v; want none", gs)
	}
}

func TestSimilarTerms(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"reset password", "how do I reset my password", true},
		{"reset password", "password", true},
		{"reset password", "password policy", false},
		{"parking", "where can I park my car at the office", false},
		{"parking at the office", "where can I park my car at the office", true},
		{"wifi password", "reset password", false}, // half the terms differ
		{"book annual leave", "annual leave booking", true},
		{"annual leave days carry over", "carry over annual leave days to next year", true},
		{"vpn", "vpn", true},
		{"", "vpn", false},
		{"how do I set up the VPN", "vpn setup", true},
		{"wi-fi password", "wifi password", true},
		{"how do I get reimbursed", "reimbursement", true},
		{"how do I log in to the wiki", "wiki login", true},
		{"怎麼申請年假", "怎么申请年假", true},
	}
	for _, tt := range tests {
		if got := similarTerms(gapTerms(tt.a), gapTerms(tt.b)); got != tt.want {
			t.Errorf("similar(%q, %q): got %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestComputeStats(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	qs := []Question{
		{Time: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC), Answered: true, SectionID: "a", Title: "A", Helpful: 2},
		{Time: time.Date(2025, 3, 1, 17, 0, 0, 0, time.UTC), Answered: true, SectionID: "a", Title: "A", Unhelpful: 1}, // 3-02 in Shanghai
		{Time: time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC), Answered: false, SectionID: "b", Title: "B"},
		{Time: time.Date(2025, 3, 3, 9, 5, 0, 0, time.UTC), Answered: true, SectionID: "b", Title: "B"},
	}
	st := ComputeStats(qs, shanghai)
	if st.Questions != 4 || st.Answered != 3 || st.AnsweredShare() != 0.75 {
		t.Errorf("totals: got %d questions, %d answered (%.2f); want 4, 3 (0.75)", st.Questions, st.Answered, st.AnsweredShare())
	}
	if st.Helpful != 2 || st.Unhelpful != 1 || st.HelpfulRatio() != 2.0/3 {
		t.Errorf("votes: got %d/%d; want 2/1", st.Helpful, st.Unhelpful)
	}
	var days []string
	for _, d := range st.Days {
		days = append(days, d.Day.Format("01-02")+":"+string(rune('0'+d.Questions))+"/"+string(rune('0'+d.Answered)))
	}
	if want := []string{"03-01:1/1", "03-02:1/1", "03-03:2/1"}; !slices.Equal(days, want) {
		t.Errorf("days in Shanghai: got %v; want %v", days, want)
	}
	utc := ComputeStats(qs, nil)
	if len(utc.Days) != 3 || utc.Days[0].Questions != 2 || utc.Days[1].Questions != 0 {
		t.Errorf("days in UTC: got %+v; want 2, 0, 2", utc.Days)
	}
	if len(st.Sections) != 2 || st.Sections[0].SectionID != "a" || st.Sections[0].HelpfulRatio() != 2.0/3 ||
		st.Sections[1].Answers != 1 {
		t.Errorf("sections: got %+v; want a (3 votes, 2/3 helpful) then b (1 answer)", st.Sections)
	}
	if empty := ComputeStats(nil, nil); empty.AnsweredShare() != 0 || len(empty.Days) != 0 {
		t.Errorf("no questions: got %+v", empty)
	}
	long := ComputeStats([]Question{{Time: t0.AddDate(-3, 0, 0)}, {Time: t0}}, nil)
	if len(long.Days) != maxStatDays {
		t.Errorf("three years of questions: got %d days; want the last %d", len(long.Days), maxStatDays)
	}
}

// TestComputeStatsClockChange: days are counted where a clock change
// skips midnight (Chile moves 00:00 to 01:00), and each date is listed
// once.
func TestComputeStatsClockChange(t *testing.T) {
	for _, tt := range []struct {
		zone string
		from time.Time // in UTC: noon there on the first of six days
	}{
		{"America/Santiago", time.Date(2024, 9, 5, 16, 0, 0, 0, time.UTC)}, // midnight of 09-08 skipped
		{"America/Santiago", time.Date(2024, 4, 4, 16, 0, 0, 0, time.UTC)}, // 23:00 of 04-06 twice
		{"Europe/Berlin", time.Date(2025, 3, 28, 11, 0, 0, 0, time.UTC)},   // 02:00 skipped
		{"UTC", time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)},
	} {
		t.Run(tt.zone+"/"+tt.from.Format("2006-01-02"), func(t *testing.T) {
			loc, err := time.LoadLocation(tt.zone)
			if err != nil {
				t.Skipf("no time zone data: %v", err)
			}
			var qs []Question
			for i := range 6 {
				qs = append(qs, Question{Time: tt.from.Add(time.Duration(i) * 24 * time.Hour), Answered: true})
			}
			st := ComputeStats(qs, loc)
			var got []string
			for _, d := range st.Days {
				got = append(got, fmt.Sprintf("%s:%d", d.Day.Format("01-02"), d.Questions))
			}
			var want []string
			for _, q := range qs {
				want = append(want, q.Time.In(loc).Format("01-02")+":1")
			}
			if !slices.Equal(got, want) {
				t.Errorf("days: got %v; want %v", got, want)
			}
		})
	}
}

func FuzzGapTerms(f *testing.F) {
	for _, s := range []string{"How do I reset my password?", "怎么申请年假？", "ＶＰＮ 怎么连", "resetting", "a1b2 中x文"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		terms := gapTerms(s)
		for i, term := range terms {
			if term == "" || (i > 0 && terms[i-1] >= term) {
				t.Fatalf("gapTerms(%q) = %q: want sorted, distinct, non-empty terms", s, terms)
			}
		}
		if similarTerms(terms, terms) != (len(terms) > 0) {
			t.Errorf("gapTerms(%q): a wording is not similar to itself", s)
		}
	})
}

// TestGapsNoBridge: a one-word question ("password") may join a gap but
// never joins unrelated ones through itself, whatever the order.
func TestGapsNoBridge(t *testing.T) {
	var qs []Question
	add := func(text string, n int) {
		for i := range n {
			qs = append(qs, Question{Time: t0.Add(time.Duration(len(qs)) * time.Minute), User: string(rune('a' + i)), Text: text})
		}
	}
	add("password", 3)
	add("how do I reset my password?", 2)
	add("when does my password expire?", 2)
	add("wifi password", 2)
	gs := Gaps(qs)
	for _, g := range gs {
		if g.Count > 5 {
			var ws []string
			for _, w := range g.Wordings {
				ws = append(ws, w.Text)
			}
			t.Errorf("one gap of %d questions: %q; want reset, expiry and wifi apart", g.Count, ws)
		}
	}
	if len(gs) < 3 {
		t.Errorf("%d gaps; want at least 3", len(gs))
	}
	// One short and one longer wording of the same thing are one gap,
	// whichever was asked more.
	for _, n := range [][2]int{{3, 2}, {2, 3}} {
		qs = nil
		add("vpn", n[0])
		add("vpn setup", n[1])
		if gs := Gaps(qs); len(gs) != 1 {
			t.Errorf("vpn ×%d, vpn setup ×%d: %d gaps; want 1", n[0], n[1], len(gs))
		}
	}
}

// groupWordingsReference is groupWordings as first written: every member
// of every group sharing a term compared in turn. The indexed version
// must group exactly as it does.
func groupWordingsReference(ws []*wording) [][]*wording {
	var groups [][]*wording
	byTerm := map[string][]int{}
	for _, w := range ws {
		g := -1
		seen := map[int]bool{}
	search:
		for _, t := range w.terms {
			for _, gi := range byTerm[t] {
				if seen[gi] {
					continue
				}
				seen[gi] = true
				for _, o := range groups[gi] {
					if len(o.terms) == 1 && len(w.terms) > 1 && slices.ContainsFunc(groups[gi], func(x *wording) bool { return len(x.terms) > 1 }) {
						continue
					}
					if similarTerms(w.terms, o.terms) {
						g = gi
						break search
					}
				}
			}
		}
		if g < 0 {
			g = len(groups)
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], w)
		for _, t := range w.terms {
			if l := byTerm[t]; len(l) == 0 || l[len(l)-1] != g {
				byTerm[t] = append(l, g)
			}
		}
	}
	return groups
}

func TestGroupWordingsAsReference(t *testing.T) {
	vocab := []string{"vpn", "reset", "password", "wifi", "leave", "annual", "book", "parking", "laptop", "expense", "年假", "申请", "报销", "office", "policy"}
	for seed := range 200 {
		rng := rand.New(rand.NewPCG(uint64(seed), 1))
		seenKey := map[string]bool{}
		var ws []*wording
		for range 5 + rng.IntN(60) {
			n := 1 + rng.IntN(4)
			var terms []string
			for range n {
				terms = append(terms, vocab[rng.IntN(1+rng.IntN(len(vocab)))]) // skewed: early words common
			}
			slices.Sort(terms)
			terms = slices.Compact(terms)
			if key := strings.Join(terms, " "); !seenKey[key] {
				seenKey[key] = true
				ws = append(ws, &wording{text: key, terms: terms})
			}
		}
		got, want := groupWordings(ws), groupWordingsReference(ws)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: grouped %v; the reference %v", seed, texts(got), texts(want))
		}
	}
}

func texts(groups [][]*wording) [][]string {
	var out [][]string
	for _, g := range groups {
		var ts []string
		for _, w := range g {
			ts = append(ts, w.text)
		}
		out = append(out, ts)
	}
	return out
}

// BenchmarkGroupWordings groups 10,000 distinct wordings of two to five
// terms over a 3,000-word vocabulary with a Zipf spread, as months of
// questions give: compare the indexed grouping with the reference.
func BenchmarkGroupWordings(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	zipf := rand.NewZipf(rng, 1.1, 1, 2999)
	seen := map[string]bool{}
	var ws []*wording
	for len(ws) < 10000 {
		var terms []string
		for range 2 + rng.IntN(4) {
			terms = append(terms, fmt.Sprintf("w%d", zipf.Uint64()))
		}
		slices.Sort(terms)
		terms = slices.Compact(terms)
		if key := strings.Join(terms, " "); !seen[key] {
			seen[key] = true
			ws = append(ws, &wording{text: key, terms: terms})
		}
	}
	for _, bm := range []struct {
		name  string
		group func([]*wording) [][]*wording
	}{{"indexed", groupWordings}, {"reference", groupWordingsReference}} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				bm.group(ws)
			}
		})
	}
}

// similarTerms is similarCount for two wordings' terms, as the first
// version of groupWordings compared them.
func similarTerms(a, b []string) bool {
	inter := 0
	for _, t := range a {
		if slices.Contains(b, t) {
			inter++
		}
	}
	return similarCount(len(a), len(b), inter)
}
