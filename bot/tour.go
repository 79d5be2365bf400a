package bot

import (
	"context"
	"slices"
	"strconv"

	"github.com/kbbot/kbbot/knowledge"
)

// tourOp is a move in the tour.
type tourOp int

const (
	tourStart   tourOp = iota // start, or resume where the user left off
	tourRestart               // start over
	tourNext
	tourBack
)

// tourOrder returns the onboarding tour: the sections of documents that
// have a tour number (the knowledge base's TOUR file, or front matter
// tour:), by that number and then in
// document order; or, when no document has one, every section in document
// order. Sections with no text of their own (a heading right above its
// sub-headings) are left out unless that leaves nothing.
func tourOrder(kb *knowledge.Base) []*knowledge.Section {
	all := kb.Sections()
	var numbered []*knowledge.Section
	for _, s := range all {
		if s.Tour > 0 {
			numbered = append(numbered, s)
		}
	}
	steps := all
	if len(numbered) > 0 {
		slices.SortStableFunc(numbered, func(a, b *knowledge.Section) int {
			if a.Tour != b.Tour {
				return a.Tour - b.Tour
			}
			return a.Order - b.Order
		})
		steps = numbered
	}
	var withText []*knowledge.Section
	for _, s := range steps {
		if s.Body != "" {
			withText = append(withText, s)
		}
	}
	if len(withText) == 0 {
		return steps
	}
	return withText
}

// tourIndex finds where p points in steps: at its section when that is
// still in the tour, else at its step number, within range. A user who
// finished the tour is stored past its end (Step = len(steps), no
// SectionID).
func tourIndex(p TourProgress, steps []*knowledge.Section) int {
	if p.SectionID != "" {
		for i, s := range steps {
			if s.ID == p.SectionID {
				return i
			}
		}
	}
	return max(0, min(p.Step, len(steps)-1))
}

// tour moves the user through the tour and shows the step they land on.
func (b *Bot) tour(ctx context.Context, platform, user, lang string, op tourOp, limit int) Reply {
	kb := b.kb.Base()
	if kb == nil {
		return notice(lang, msgNotReady)
	}
	steps := b.derivedFor(kb).tour
	if len(steps) == 0 {
		return notice(lang, msgTourEmpty)
	}
	p, started, err := b.store.TourProgress(ctx, platform, user)
	if err != nil {
		b.log.Warn("bot: read tour progress", "platform", platform, "user", user, "err", err)
		started = false
	}
	p.Platform, p.User = platform, user
	i := tourIndex(p, steps)
	last := len(steps) - 1
	// The step the user saw left the tour in a reload: the step now at its
	// place is one they have not seen, so it comes next, and back goes to
	// the one before it.
	gone := started && p.SectionID != "" && steps[i].ID != p.SectionID
	// Past the end: the user pressed Finish on the last step.
	finished := started && p.Done && p.SectionID == "" && p.Step >= len(steps)
	var say Msg
	switch {
	case !started || op == tourRestart:
		i, say = 0, msgTourStart
	case op == tourStart && finished:
		i, say = 0, msgTourAgain
	case op == tourStart:
		say = msgTourResume
	case op == tourNext && gone && p.Step <= last:
		i = max(0, p.Step)
	case op == tourNext && (finished || i == last):
		p.Done = true
		b.saveTour(ctx, p, len(steps), "")
		r := notice(lang, msgTourDone)
		r.Tour = &TourStep{Index: len(steps), Total: len(steps), Done: true}
		r.Actions = []Button{{Name: ActionTourBack, Label: Label(lang, msgBack)}}
		return r
	case op == tourNext:
		i++
	case op == tourBack && finished:
		i = last
	case op == tourBack && gone && p.Step > 0:
		i = min(p.Step-1, last)
	case op == tourBack && i == 0:
		say = msgTourFirst
	case op == tourBack:
		i--
	}
	b.saveTour(ctx, p, i, steps[i].ID)

	s := steps[i]
	a := b.answer(kb, s, 0, limit, "")
	r := Reply{
		Kind:   KindTour,
		Lang:   lang,
		Answer: a,
		Tour:   &TourStep{Index: i + 1, Total: len(steps)}, // a step, even of a tour taken again
	}
	if say != "" {
		r.Notices = []string{Label(lang, say)}
	}
	if a.Truncated {
		r.Actions = append(r.Actions, Button{Name: ActionFull, Label: Label(lang, msgFull), Value: s.ID})
	}
	if i > 0 {
		r.Actions = append(r.Actions, Button{Name: ActionTourBack, Label: Label(lang, msgBack)})
	}
	next := Label(lang, msgNext)
	if i == last {
		next = Label(lang, msgFinish)
	}
	r.Actions = append(r.Actions, Button{Name: ActionTourNext, Label: next, Style: "primary"})
	return r
}

// saveTour records the user at step i (section id), logging failures.
func (b *Bot) saveTour(ctx context.Context, p TourProgress, i int, id string) {
	p.Step, p.SectionID, p.Updated = i, id, b.now()
	if err := b.store.SaveTourProgress(ctx, p); err != nil {
		b.log.Warn("bot: save tour progress", "platform", p.Platform, "user", p.User, "err", err)
	}
}

// TopicsPerPage is how many topics one page of the table of contents holds.
const TopicsPerPage = 10

// contents returns the table of contents: each document's top headings.
// It lists headings down to the shallowest level that gives at least
// minContents entries (at most level 3); a document with no heading at
// those levels is listed by its first section.
func contents(kb *knowledge.Base) []*knowledge.Section {
	const minContents = 8
	var out []*knowledge.Section
	for level := 1; level <= 3; level++ {
		out = out[:0]
		listed := false
		var firstOfSrc *knowledge.Section
		flush := func() {
			if !listed && firstOfSrc != nil {
				out = append(out, firstOfSrc)
			}
		}
		for _, s := range kb.Sections() {
			if firstOfSrc == nil || !s.SameFile(firstOfSrc) {
				flush()
				listed, firstOfSrc = false, s
			}
			if s.Level >= 1 && s.Level <= level {
				out = append(out, s)
				listed = true
			}
		}
		flush()
		if len(out) >= minContents {
			break
		}
	}
	return out
}

// topics shows page (1-based) of the table of contents.
func (b *Bot) topics(lang string, page int) Reply {
	kb := b.kb.Base()
	if kb == nil {
		return notice(lang, msgNotReady)
	}
	toc := b.derivedFor(kb).contents
	if len(toc) == 0 {
		return notice(lang, msgEmptyKB)
	}
	pages := (len(toc) + TopicsPerPage - 1) / TopicsPerPage
	r := Reply{Kind: KindTopics, Lang: lang, Text: Label(lang, msgTopicsIntro), Pages: pages}
	if page < 1 {
		page = 1
	}
	if page > pages {
		r.Notices = []string{Label(lang, msgNoSuchPage, page, pages)}
		page = pages
	}
	r.Page = page
	for _, s := range toc[(page-1)*TopicsPerPage : min(page*TopicsPerPage, len(toc))] {
		r.Topics = append(r.Topics, topic(s, 0))
	}
	if page > 1 {
		r.Actions = append(r.Actions, Button{Name: ActionTopics, Label: Label(lang, msgPrevPage), Value: strconv.Itoa(page - 1)})
	}
	if page < pages {
		r.Actions = append(r.Actions, Button{Name: ActionTopics, Label: Label(lang, msgNextPage), Value: strconv.Itoa(page + 1)})
	}
	return r
}
