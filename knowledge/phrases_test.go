package knowledge

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// phraseKB has a section for "time off" and others that use "time" and
// "off" apart, and a Chinese page for a phrase of two pairs (费用报销).
var phraseKB = fstest.MapFS{
	"time-off.md":      {Data: []byte("# Time off\n\n## Booking time off\n\nAsk your manager in the HR tool at least two weeks ahead.\n\n## Vacation allowance\n\nEveryone gets 25 vacation days a year.\n")},
	"notifications.md": {Data: []byte("# Notifications\n\n## Turning notifications off\n\nOpen settings and switch off the alerts you do not need.\n")},
	"standup.md":       {Data: []byte("# Daily standup\n\nThe standup starts at 9:30 every weekday, on video. Be on time.\n")},
	"报销.md":            {Data: []byte("# 费用报销\n\n出差回来后一周内在系统里提交发票。\n")},
}

const phraseSynonyms = "pto, vacation, time off\n报销, 费用报销, reimbursement\nleave, parental leave\n"

func phraseBase(t *testing.T) *Base {
	t.Helper()
	syn, err := ParseSynonyms(strings.NewReader(phraseSynonyms))
	if err != nil {
		t.Fatal(err)
	}
	return loadFS(t, phraseKB, Options{Synonyms: syn, NoGeneralSynonyms: true})
}

func TestPhraseSynonyms(t *testing.T) {
	b := phraseBase(t)
	tests := []struct {
		question, want string
		through        string // a question word that must have found it
	}{
		{"how much pto can I book", "Booking time off", "pto"},
		{"can I get reimbursement for the taxi", "费用报销", "reimbursement"},
		{"报销怎么提交", "费用报销", "报销"},
		{"how do I turn off notifications", "Turning notifications off", "notifications"},
		{"what time does standup start", "Daily standup", "standup"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			got := b.Search(tt.question, 3)
			if len(got.Matches) == 0 || got.Matches[0].Section.Title != tt.want {
				t.Fatalf("got %s; want %q", describe(got), tt.want)
			}
			if !slices.Contains(got.Matches[0].Terms, tt.through) {
				t.Errorf("matched %v; want it found through %q", got.Matches[0].Terms, tt.through)
			}
			for _, m := range got.Matches {
				if tt.want != "Booking time off" && m.Section.Title == "Booking time off" && slices.Contains(m.Terms, "time") && !slices.Contains(m.Terms, "pto") && m.Score > got.Matches[0].Score/2 {
					t.Errorf("%q rides on a loose word of the phrase: %+v", m.Section.Title, m.Terms)
				}
			}
		})
	}
}

// TestPhraseWordsAreNoSynonyms: the words of a phrase member are not
// synonyms of the group on their own ("time" is not "vacation"), but
// the phrase, in a question, finds the group's other members.
func TestPhraseWordsAreNoSynonyms(t *testing.T) {
	b := phraseBase(t)
	alts := func(q, surface string) int {
		for _, c := range b.parseQuery(q).concepts {
			if c.surface == surface {
				return len(c.alts)
			}
		}
		t.Fatalf("%q: no concept %q", q, surface)
		return 0
	}
	if n := alts("what time is it", "time"); n != 1 {
		t.Errorf("time alone: %d ways to be found; want 1, itself", n)
	}
	if n := alts("turn off the alerts", "off"); n != 1 {
		t.Errorf("off alone: %d ways to be found; want 1, itself", n)
	}
	if n := alts("how much time off", "time"); n < 3 {
		t.Errorf("time in time off: %d ways to be found; want itself, vacation and the group's phrases", n)
	}
	if got := b.Search("how many vacation days", 1); len(got.Matches) == 0 || got.Matches[0].Section.Title != "Vacation allowance" {
		t.Errorf("vacation: got %s", describe(got))
	}
}

// TestPhraseTermsUnknown: a phrase word no section has ("parental") stays
// unknown to the base, as if the synonyms file did not name it.
func TestPhraseTermsUnknown(t *testing.T) {
	b := phraseBase(t)
	for _, term := range []string{"parent", groupTerm(2)} {
		if _, ok := b.idx.vocab[term]; ok {
			t.Errorf("%q is in the vocabulary; no section has it", term)
		}
	}
	if _, ok := b.idx.vocab[groupTerm(0)]; !ok {
		t.Errorf("the group of time off is not indexed, but a section says time off")
	}
}

func TestMatchPhrase(t *testing.T) {
	tests := []struct {
		name   string
		phrase []string
		seq    []string // "~" prefix: a single CJK character
		at     int
		want   int
	}{
		{"two words", []string{"time", "off"}, []string{"book", "time", "off", "now"}, 1, 3},
		{"not at the start", []string{"time", "off"}, []string{"book", "time", "off"}, 0, 0},
		{"words apart", []string{"time", "off"}, []string{"time", "to", "off"}, 0, 0},
		{"cut short", []string{"time", "off"}, []string{"time"}, 0, 0},
		{"pairs with characters between", []string{"费用", "用报", "报销"}, []string{"~费", "~用", "费用", "~报", "用报", "~销", "报销"}, 2, 7},
		{"pairs broken", []string{"费用", "用报", "报销"}, []string{"费用", "~报", "用报", "~x", "报告"}, 0, 0},
		{"one term", []string{"pto"}, []string{"pto"}, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := func(k int) string { return strings.TrimPrefix(tt.seq[k], "~") }
			uni := func(k int) bool { return strings.HasPrefix(tt.seq[k], "~") }
			if got := matchPhrase(tt.phrase, len(tt.seq), tt.at, at, uni); got != tt.want {
				t.Errorf("got %d; want %d", got, tt.want)
			}
		})
	}
}

// TestPhraseSynonymsMerged: the team's phrase groups keep working beside
// the general list's own (电脑 = 计算机), each group with its own term.
func TestPhraseSynonymsMerged(t *testing.T) {
	syn, err := ParseSynonyms(strings.NewReader(phraseSynonyms))
	if err != nil {
		t.Fatal(err)
	}
	kb := fstest.MapFS{}
	for name, f := range phraseKB {
		kb[name] = f
	}
	kb["设备.md"] = &fstest.MapFile{Data: []byte("# 设备\n\n## 计算机领用\n\n新同事入职当天到 IT 领取计算机。\n")}
	b := loadFS(t, kb, Options{Synonyms: syn})
	merged := b.synonyms
	if n := merged.groupCount(); n < 2 || len(merged.singles) != int(n) {
		t.Fatalf("merged: %d groups (member lists), %d single lists", n, len(merged.singles))
	}
	for g, ps := range merged.members {
		for _, p := range ps {
			if merged.phrases[p].group != int32(g) {
				t.Errorf("phrase %v listed in group %d but says %d", merged.phrases[p].terms, g, merged.phrases[p].group)
			}
		}
	}
	for q, want := range map[string]string{
		"how much pto can I book": "Booking time off",
		"新人什么时候领电脑":               "计算机领用",
	} {
		got := b.Search(q, 1)
		if len(got.Matches) == 0 || got.Matches[0].Section.Title != want {
			t.Errorf("Search(%q) = %s; want %q", q, describe(got), want)
		}
	}
}

// TestPhraseOfStopWords: a member that stop words shrink to one word is
// an error, not a synonym of that word ("log in" is not "log").
func TestPhraseOfStopWords(t *testing.T) {
	tests := []struct {
		line, want string // want: part of the error, or "" for none
	}{
		{"login, log in\n", `"log in" is only "log" once "in"`},
		{"handbook, the handbook\n", `"the handbook"`},
		{"poc, point of contact\n", ""}, // two words stay: a phrase
		{"login, signin\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			_, err := ParseSynonyms(strings.NewReader(tt.line))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("got %v; want no error", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "line 1")):
				t.Errorf("got %v; want an error on line 1 with %s", err, tt.want)
			}
		})
	}
}

// TestPhraseTitleNamed: a question that says a title's words names the
// whole title, though the title also holds a synonym phrase's group term
// ("Time off" is "time off", not "time off" and the phrase besides).
func TestPhraseTitleNamed(t *testing.T) {
	fsys := fstest.MapFS{
		"leave.md": {Data: []byte("# Time off\n\nAsk your manager two weeks ahead.\n")},
		"hours.md": {Data: []byte("# Core hours\n\nBe online from 11 to 3, time off aside.\n")},
	}
	syn, err := ParseSynonyms(strings.NewReader(phraseSynonyms))
	if err != nil {
		t.Fatal(err)
	}
	b := loadFS(t, fsys, Options{Synonyms: syn, NoGeneralSynonyms: true})
	_, cands, why := b.candidates("time off", 5)
	if why != "" || len(cands) == 0 {
		t.Fatalf("no candidates: %s", why)
	}
	if sec, c := b.idx.docs[cands[0].doc], cands[0]; sec.Title != "Time off" || c.tcov < 0.999 {
		t.Errorf("first %q, title named %.3f; want %q, named whole", sec.Title, c.tcov, "Time off")
	}
}

// TestMarkPhrasesEveryStart: markPhrases, which skips a phrase as soon as
// the next term is not its second, finds what trying every phrase at
// every term finds, on text made of the general list's own phrases run
// together, between words, and with CJK characters in between.
func TestMarkPhrasesEveryStart(t *testing.T) {
	syn := GeneralSynonyms()
	lex := newLexicon()
	lex.addPhrases(syn)
	var text strings.Builder
	for i, p := range syn.phrases {
		sep := " "
		if termScript(p.terms[0]) != -1 {
			sep = "" // CJK pairs: 费用报销, not 费用 报销
		}
		text.WriteString(strings.Join(p.terms, sep))
		switch i % 3 {
		case 0:
			text.WriteString(" and the ")
		case 1:
			text.WriteString(" 的 ")
		default:
			text.WriteString(" ")
		}
	}
	terms := lex.appendTerms(nil, Fold(text.String()))
	got := lex.markPhrases(terms)[len(terms):]
	var want []uint32
	px := lex.phrases
	for i := range terms {
		for p := range px.terms {
			if matchPhrase(px.terms[p], len(terms), i, func(k int) uint32 { return terms[k] }, func(k int) bool { return lex.isUnigram(terms[k]) }) > 0 {
				want = append(want, px.groups[p])
			}
		}
	}
	if len(want) < len(syn.phrases)/2 {
		t.Fatalf("only %d phrases found by trying all of them: the text is not what the test means", len(want))
	}
	if !slices.Equal(got, want) {
		t.Errorf("markPhrases found %d group terms; trying every phrase finds %d", len(got), len(want))
	}
}

// TestClosedCompound: two question words a section writes as one word
// find it ("time zone", "timezone"); words it does not have, digits, CJK
// and short pairs do not.
func TestClosedCompound(t *testing.T) {
	fsys := fstest.MapFS{
		"tz.md":    {Data: []byte("# timedatectl\n\nSet the system timezone. See the filesystem hierarchy.\n")},
		"clock.md": {Data: []byte("# date\n\nShow the time, the time in UTC, or set the time. Send it by email.\n")},
	}
	b := loadFS(t, fsys, Options{NoGeneralSynonyms: true})
	if r := b.Search("change the time zone", 2); len(r.Matches) == 0 || r.Matches[0].Section.Title != "timedatectl" {
		t.Errorf("Search(change the time zone): got %s; want timedatectl first", describe(r))
	}
	for _, tt := range []struct {
		q, want string
	}{
		{"time zone", "timezon"},
		{"e-mail", "email"}, // a hyphenated question word, as hyphenJoins indexes one
		{"file system", "filesystem"},
		{"zone time", ""},
		{"time 2", ""},
		{"时区 zone", ""},
		{"a b", ""},
	} {
		var toks []token
		analyze(Fold(tt.q), b.idx.stem, true, func(t token) { toks = append(toks, t) })
		got := ""
		if len(toks) == 2 {
			if id, ok := b.closedCompound(toks, 0); ok {
				got = termByID(b, id)
			}
		}
		if got != tt.want {
			t.Errorf("closedCompound(%q) = %q; want %q", tt.q, got, tt.want)
		}
	}
}

// termByID returns the indexed term with ID id.
func termByID(b *Base, id uint32) string {
	for t, i := range b.idx.vocab {
		if i == id {
			return t
		}
	}
	return ""
}

// TestMarkPhrasesKeepsItsInput: the marked phrases go after the terms,
// never into the spare room of the terms' array (another slice may own
// it), however many there are.
func TestMarkPhrasesKeepsItsInput(t *testing.T) {
	lex := newLexicon()
	lex.addPhrases(GeneralSynonyms())
	terms := lex.appendTerms(nil, Fold(strings.Repeat("time off and ", 50)))
	n := len(terms)
	spare := append(terms[:n:n], make([]uint32, 64)...)[:n] // room after the terms
	marked := lex.markPhrases(spare)
	if len(marked) != n+50 {
		t.Fatalf("%d terms marked; want %d: one group term per phrase after the terms", len(marked), n+50)
	}
	for i, v := range spare[n:cap(spare)][:64] {
		if v != 0 {
			t.Fatalf("markPhrases wrote %d into the spare room at %d", v, i)
		}
	}
}

// TestMarkPhrasesAllocations: the group terms are appended to one copy of
// the terms, whose room doubles as it fills, not to a new copy for every
// phrase found (which made a long section's marking quadratic).
func TestMarkPhrasesAllocations(t *testing.T) {
	lex := newLexicon()
	lex.addPhrases(GeneralSynonyms())
	terms := lex.appendTerms(nil, Fold(strings.Repeat("time off and ", 2000)))
	if allocs := testing.AllocsPerRun(5, func() { lex.markPhrases(terms) }); allocs > 30 {
		t.Errorf("marking 2,000 phrases allocates %.0f times; want a few (the room doubling)", allocs)
	}
}

// BenchmarkMarkPhrases marks a section that repeats a phrase 20,000
// times: the time a phrase must stay the same (copying the terms for
// every phrase found made it quadratic: 0.9 s a load for such a file).
func BenchmarkMarkPhrases(b *testing.B) {
	lex := newLexicon()
	lex.addPhrases(GeneralSynonyms())
	terms := lex.appendTerms(nil, Fold(strings.Repeat("time off and ", 20000)))
	for b.Loop() {
		lex.markPhrases(terms)
	}
}
