package bot

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/kbbot/kbbot/knowledge"
)

// Gap is a group of similarly worded questions the knowledge base did not
// answer well: unanswered, or voted 👎 more than 👍. Gaps are the docs
// team's to-do list.
type Gap struct {
	// Wordings are the distinct ways it was asked, most asked first.
	Wordings []Wording
	// Count is how many times it was asked; Users by how many people.
	Count, Users int
	// Unanswered counts the times the bot had no confident answer;
	// Unhelpful the 👎 votes on the answers it gave.
	Unanswered, Unhelpful int
	// First and Last are when it was first and last asked.
	First, Last time.Time
	// SectionID and Title name the closest section: the one most often
	// found best for these questions (empty when none came close), with
	// the best Score it reached.
	SectionID, Title string
	Score            float64
}

// Wording is one way a question was asked, and how often.
type Wording struct {
	Text  string
	Count int
}

// isGap reports whether q shows a gap in the knowledge base.
func isGap(q Question) bool {
	return !q.Answered || q.Unhelpful > q.Helpful
}

// Gaps groups the questions that were unanswered or voted unhelpful by
// similar wording, most asked first. Questions are expected oldest first,
// as Store.Questions gives them. Two wordings are similar when, after
// folding case, width and punctuation, dropping question words ("how",
// "什么") and light stemming, they share at least half of their terms
// (Jaccard), or when the shorter's terms, at least two, are three quarters
// contained in the longer's. Chinese is compared by character pairs, so
// "怎么申请年假" and "年假怎么申请" fall together.
func Gaps(qs []Question) []Gap {
	ws := mergeWordings(qs)
	// Most asked wordings seed the groups.
	slices.SortStableFunc(ws, func(a, b *wording) int { return len(b.qs) - len(a.qs) })
	groups := groupWordings(ws)
	out := make([]Gap, 0, len(groups))
	for _, g := range groups {
		out = append(out, summarize(g))
	}
	slices.SortStableFunc(out, func(a, b Gap) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return b.Last.Compare(a.Last)
	})
	return out
}

// wording is the gap questions that normalise to the same terms.
type wording struct {
	text    string // the most used raw text, the latest on ties
	textKey string
	terms   []string
	qs      []Question
	texts   map[string]int
}

// mergeWordings merges the gap questions of qs that normalise to the same
// terms, in order of first appearance.
func mergeWordings(qs []Question) []*wording {
	var ws []*wording
	byKey := map[string]*wording{}
	for _, q := range qs {
		if !isGap(q) {
			continue
		}
		terms := gapTerms(q.Text)
		key := strings.Join(terms, " ")
		if key == "" {
			key = strings.ToLower(strings.TrimSpace(q.Text))
		}
		w := byKey[key]
		if w == nil {
			w = &wording{terms: terms, texts: map[string]int{}}
			byKey[key] = w
			ws = append(ws, w)
		}
		w.qs = append(w.qs, q)
		// Count raw texts that differ only in case and end punctuation as
		// one, and show the latest form of the most used.
		text := strings.TrimSpace(q.Text)
		k := strings.ToLower(strings.TrimRight(text, "?？!！。. "))
		w.texts[k]++
		if w.texts[k] >= w.texts[w.textKey] {
			w.text, w.textKey = text, k
		}
	}
	return ws
}

// groupWordings puts similar wordings together (single link, but never
// through a one-word wording). Each wording joins the first group, in the
// order of its terms and then of the groups holding each term, that has a
// member similar to it. The terms shared with earlier wordings are
// counted through an index from term to wording, so that a wording is
// compared only with those that share a term, in one pass over them.
func groupWordings(ws []*wording) [][]*wording {
	var groups [][]*wording
	var long []bool                  // per group: it has a wording of several terms
	byTerm := map[string][]int{}     // term -> groups holding it, in order
	holders := map[string][]int32{}  // term -> wordings holding it (indexes in ws)
	group := make([]int, len(ws))    // wording -> its group
	shared := make([]int32, len(ws)) // earlier wording -> terms shared with w
	var touched []int32              // the wordings shared counts
	var similar []bool               // per group: a member w may join through
	var marked []int                 // the groups similar marks
	for wi, w := range ws {
		for _, t := range w.terms {
			for _, o := range holders[t] {
				if shared[o] == 0 {
					touched = append(touched, o)
				}
				shared[o]++
			}
		}
		for _, o := range touched {
			ot, gi, inter := ws[o].terms, group[o], int(shared[o])
			shared[o] = 0
			// A one-word wording ("password") may join a group, and a
			// longer one may join it, but it never links two longer ones:
			// else "reset password" and "wifi password" become one gap
			// through it.
			if similar[gi] || len(ot) == 1 && len(w.terms) > 1 && long[gi] {
				continue
			}
			if similarCount(len(w.terms), len(ot), inter) {
				similar[gi] = true
				marked = append(marked, gi)
			}
		}
		touched = touched[:0]
		g := -1
	search:
		for _, t := range w.terms {
			for _, gi := range byTerm[t] {
				if similar[gi] {
					g = gi
					break search
				}
			}
		}
		for _, gi := range marked {
			similar[gi] = false
		}
		marked = marked[:0]
		if g < 0 {
			g = len(groups)
			groups = append(groups, nil)
			long = append(long, false)
			similar = append(similar, false)
		}
		groups[g] = append(groups[g], w)
		long[g] = long[g] || len(w.terms) > 1
		group[wi] = g
		for _, t := range w.terms {
			if l := byTerm[t]; len(l) == 0 || l[len(l)-1] != g {
				byTerm[t] = append(l, g)
			}
			holders[t] = append(holders[t], int32(wi))
		}
	}
	return groups
}

// summarize makes the Gap of one group of wordings: counts, dates, users
// and the section most often given.
func summarize(g []*wording) Gap {
	var gap Gap
	users := map[string]bool{}
	sections := map[string]*Gap{} // per section: Count, Title, Score
	for _, w := range g {
		gap.Wordings = append(gap.Wordings, Wording{Text: w.text, Count: len(w.qs)})
		for _, q := range w.qs {
			gap.Count++
			users[q.Platform+"\x00"+q.User] = true
			if !q.Answered {
				gap.Unanswered++
			}
			gap.Unhelpful += q.Unhelpful
			if gap.First.IsZero() || q.Time.Before(gap.First) {
				gap.First = q.Time
			}
			if q.Time.After(gap.Last) {
				gap.Last = q.Time
			}
			if q.SectionID == "" {
				continue
			}
			s := sections[q.SectionID]
			if s == nil {
				s = &Gap{SectionID: q.SectionID}
				sections[q.SectionID] = s
			}
			s.Count++
			s.Title = q.Title
			s.Score = max(s.Score, q.Score)
		}
	}
	gap.Users = len(users)
	slices.SortStableFunc(gap.Wordings, func(a, b Wording) int { return b.Count - a.Count })
	var best *Gap
	for _, s := range sections {
		if best == nil || s.Count > best.Count || (s.Count == best.Count &&
			(s.Score > best.Score || (s.Score == best.Score && s.SectionID < best.SectionID))) {
			best = s
		}
	}
	if best != nil {
		gap.SectionID, gap.Title, gap.Score = best.SectionID, best.Title, best.Score
	}
	return gap
}

// similarCount reports whether two wordings of la and lb distinct terms
// that share inter of them are similar enough to be one gap (see Gaps).
func similarCount(la, lb, inter int) bool {
	if la == 0 || lb == 0 {
		return false
	}
	if union := la + lb - inter; inter*2 >= union {
		return true
	}
	small := min(la, lb)
	return small >= 2 && inter*4 >= small*3
}

// gapStopWords carry no topic.
var gapStopWords = set("a", "an", "the", "is", "are", "was", "do", "does", "did", "i", "we", "you",
	"how", "what", "where", "when", "why", "who", "which", "can", "could", "should", "would",
	"to", "of", "in", "on", "for", "with", "my", "our", "your", "it", "be", "get", "from",
	"and", "or", "at", "by", "me", "there", "any", "about", "this", "that", "have", "has",
	"please", "tell", "know", "need", "want", "if", "as", "so", "s")

// zhStopWords are Chinese question and function words, removed before
// Chinese runs are cut into character pairs.
var zhStopWords = []string{"为什么", "怎么样", "怎么", "怎样", "如何", "什么", "哪里", "哪儿", "哪个",
	"请问", "可以", "能否", "我们", "你们", "是否", "一下", "吗", "呢", "吧", "的", "了", "啊"}

// gapTerms are the sorted, distinct terms of a question for grouping:
// folded as the index folds text (width, case, Traditional script),
// English words by their Snowball stem ("reimbursed", "reimbursement"), a
// hyphenated word run together ("wi-fi" as "wifi"), and a verb with its
// particle also as one word ("set up" as "setup", "log in" as "login"),
// as the docs and other askers may write them.
func gapTerms(text string) []string {
	text = knowledge.Fold(text)
	for _, w := range zhStopWords {
		text = strings.ReplaceAll(text, w, " ")
	}
	var terms []string
	var run []rune
	runHan := false
	prev := "" // the Latin word before, when only a space is between them
	flush := func() {
		switch {
		case len(run) == 0:
		case !runHan:
			w := string(run)
			if prev != "" && particles[w] {
				terms = append(terms, knowledge.Stem(prev+w))
			}
			prev = w
			if st := knowledge.Stem(w); !gapStopWords[w] && !gapStopWords[st] {
				terms = append(terms, st)
			}
		case len(run) == 1:
			terms = append(terms, string(run))
		default:
			for i := 0; i+1 < len(run); i++ {
				terms = append(terms, string(run[i:i+2]))
			}
		}
		if runHan {
			prev = ""
		}
		run = run[:0]
	}
	rs := []rune(text)
	for i, r := range rs {
		han := unicode.Is(unicode.Han, r)
		if r == '-' && len(run) > 0 && !runHan && i+1 < len(rs) && unicode.IsLetter(rs[i+1]) && !unicode.Is(unicode.Han, rs[i+1]) {
			continue // "wi-fi", "e-mail": one word
		}
		if !han && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			if !unicode.IsSpace(r) {
				prev = ""
			}
			continue
		}
		if len(run) > 0 && han != runHan {
			flush()
		}
		runHan = han
		run = append(run, r)
	}
	flush()
	slices.Sort(terms)
	return slices.Compact(terms)
}

// particles end phrasal verbs whose noun is written as one word: set up
// and setup, log in and login, back up and backup.
var particles = set("up", "in", "out", "off", "on", "down", "over")
