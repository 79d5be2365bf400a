package bot

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/kbbot/kbbot/knowledge"
)

// FullExcerpt is the most section text "show the full section" gives when
// the Action asks for less: adapters split it over blocks or messages as
// their platform needs. Longer sections are trimmed, and link to the source.
const FullExcerpt = 4000

// maxRelated is how many related topics an answer offers.
const maxRelated = 3

// maxTitle is the longest topic title Suggest returns (Discord and Slack
// option limits).
const maxTitle = 100

// derived is what the bot computes once per knowledge base.
type derived struct {
	kb       *knowledge.Base
	tour     []*knowledge.Section
	contents []*knowledge.Section
}

// derivedCache remembers derived for the current knowledge base.
type derivedCache struct {
	mu sync.Mutex
	d  *derived
}

// derivedFor returns the tour and contents of kb, computing them once per
// knowledge base (a reload swaps the Base, and so recomputes them).
func (b *Bot) derivedFor(kb *knowledge.Base) *derived {
	b.derived.mu.Lock()
	defer b.derived.mu.Unlock()
	if d := b.derived.d; d != nil && d.kb == kb {
		return d
	}
	d := &derived{kb: kb, tour: tourOrder(kb), contents: contents(kb)}
	b.derived.d = d
	return d
}

// sectionText is what an answer shows of s: its own text or, for a heading
// with no text of its own, the sub-sections under it.
// HTML comments, which GitHub does not show, are left out.
func sectionText(kb *knowledge.Base, s *knowledge.Section) string {
	if body := withoutComments(s.Body); strings.TrimSpace(body) != "" {
		return body
	}
	var parts []string
	for _, c := range kb.Subsections(s, knowledge.MaxSubsections) {
		if body := strings.TrimSpace(withoutComments(c.Body)); body == "" {
			parts = append(parts, "**"+c.Title+"**")
		} else {
			parts = append(parts, "**"+c.Title+"**\n\n"+body)
		}
	}
	return strings.Join(parts, "\n\n")
}

// focusMark starts an excerpt that skips the beginning of a section.
const focusMark = "…\n\n"

// answer makes an Answer of s with its text trimmed to limit runes. For
// a question (not ""), a long text starts at the part that answers it.
func (b *Bot) answer(kb *knowledge.Base, s *knowledge.Section, score float64, limit int, question string) *Answer {
	excerpt, skipped, cut := FocusedExcerpt(kb, s.Title, sectionText(kb, s), question, limit, focusMark)
	return &Answer{
		SectionID: s.ID,
		Title:     s.Title,
		Path:      append([]string(nil), s.Path...),
		Excerpt:   excerpt,
		Truncated: skipped || cut,
		Source:    s.Source,
		Line:      s.Line,
		URL:       s.URL,
		Score:     score,
		Owner:     s.Owner,
	}
}

// topic names s as a suggestion.
func topic(s *knowledge.Section, score float64) Topic {
	return Topic{SectionID: s.ID, Title: s.Title, Path: append([]string(nil), s.Path...), Score: score}
}

// nextOther returns the index of the first match from i on that is on
// the topic of no match shown before it (knowledge.SameTopic: an answer
// shows its parent heading's or its sub-sections' text too), or len(ms).
func nextOther(ms []knowledge.Match, i int) int {
	return firstFrom(distinctTopics(ms), i, len(ms))
}

// firstFrom returns the first of the increasing indexes shown that is i
// or more, or none when there is no such.
func firstFrom(shown []int, i, none int) int {
	if k, _ := slices.BinarySearch(shown, i); k < len(shown) {
		return shown[k]
	}
	return none
}

// distinctTopics returns the indexes of the matches "more" steps through,
// in order: the first, and each after it on the topic of none before it
// (as nextOther finds them).
func distinctTopics(ms []knowledge.Match) []int {
	var shown []int
	for j := range ms {
		if !slices.ContainsFunc(shown, func(k int) bool { return knowledge.SameTopic(ms[k].Section, ms[j].Section) }) {
			shown = append(shown, j)
		}
	}
	return shown
}

// Related returns up to n topics from ms, skipping the answer given
// (when not nil) and its knowledge.SameTopic sections (its parent heading,
// its twin for another platform) and any breadcrumb already listed.
func Related(ms []knowledge.Match, answer *knowledge.Section, n int) []Topic {
	var out []Topic
	seen := map[string]bool{} // breadcrumbs listed
	for _, m := range ms {
		if len(out) == n {
			break
		}
		if m.Section == nil || m.Score <= 0 || (answer != nil && knowledge.SameTopic(answer, m.Section)) {
			continue
		}
		key := strings.Join(m.Section.Path, "\x00")
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, topic(m.Section, m.Score))
	}
	return out
}

// notice is a Reply with one line from the catalog.
func notice(lang string, m Msg, args ...any) Reply {
	return Reply{Kind: KindNotice, Lang: lang, Notices: []string{Label(lang, m, args...)}}
}

// contactFor returns who to ask about s: its owner, else the contact
// configured for the longest folder prefix of its source, else the
// contact configured for "" (everything).
func contactFor(contacts map[string]string, s *knowledge.Section) string {
	if s != nil && strings.TrimSpace(s.Owner) != "" {
		return strings.TrimSpace(s.Owner)
	}
	best, bestLen := contacts[""], -1
	if s == nil {
		return best
	}
	for prefix, who := range contacts {
		p := strings.Trim(strings.TrimPrefix(prefix, "./"), "/")
		if p == "" {
			continue
		}
		if (s.Source == p || strings.HasPrefix(s.Source, p+"/")) && len(p) > bestLen {
			best, bestLen = who, len(p)
		}
	}
	return best
}

// defuse keeps a name from documents from pinging a crowd or carrying
// platform markup when it is put in a Notice: mass mentions lose their @,
// angle brackets (Slack's <!here>, Discord's <@&role>) are dropped, and
// it is cut to one short line.
func defuse(name string) string {
	name = strings.Join(strings.Fields(name), " ")
	name = strings.NewReplacer("<", "", ">", "", "@everyone", "everyone", "@here", "here",
		"@channel", "channel", "!everyone", "everyone", "!here", "here", "!channel", "channel").Replace(name)
	return TruncateRunes(name, 80)
}

// TruncateRunes cuts s to at most n runes, ending in "…" when cut.
func TruncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	return strings.TrimSpace(string(rs[:n-1])) + ellipsis
}

// answerButtons are the actions under answer a to question.
func answerButtons(lang string, a *Answer, question string, hasMore, ephemeral bool) []Button {
	var bs []Button
	if a.Truncated {
		bs = append(bs, fullButton(lang, a.SectionID))
	}
	if hasMore && question != "" {
		bs = append(bs, moreButton(lang, question))
	}
	if a.QuestionID != "" { // a vote needs the stored question it rates
		bs = append(bs, voteButtons(lang, a.QuestionID)...)
	}
	if ephemeral {
		bs = append(bs, Button{Name: ActionShare, Label: Label(lang, msgShare), Value: a.SectionID})
	}
	return bs
}

// fullButton shows section id in full.
func fullButton(lang, id string) Button {
	return Button{Name: ActionFull, Label: Label(lang, msgFull), Value: id, Style: "primary"}
}

// moreButton asks for the next answer to question.
func moreButton(lang, question string) Button {
	return Button{Name: ActionMore, Label: Label(lang, msgMore), Value: moreValue(question)}
}

// voteButtons are 👍 and 👎 on the stored question id ("" when not stored).
func voteButtons(lang, id string) []Button {
	return []Button{
		{Name: ActionHelpful, Label: Label(lang, msgHelpful), Value: id},
		{Name: ActionUnhelpful, Label: Label(lang, msgUnhelpful), Value: id},
	}
}

// maxMoreValue bounds the question carried by a "more" button: Discord's
// custom_id holds 100 characters, "kb:more:" included.
const maxMoreValue = 80

// moreValue is the question as a "more" button carries it: at most
// maxMoreValue runes, cut at a space when there is one.
func moreValue(q string) string {
	if utf8.RuneCountInString(q) <= maxMoreValue {
		return q
	}
	rs := []rune(q)[:maxMoreValue]
	s := string(rs)
	if i := strings.LastIndexByte(s, ' '); i > len(s)/2 {
		s = s[:i]
	}
	return s
}

// sameQuestion reports whether a "more" button's value v stands for the
// question q.
func sameQuestion(v, q string) bool {
	return v != "" && (v == q || (v == moreValue(q)))
}
