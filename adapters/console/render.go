package console

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/kbbot/kbbot/bot"
)

// press is what typing a number does: an action with its value.
type press struct {
	name, value string
}

// render writes r as plain text and returns what each number presses: the
// reply's buttons first (so "1" is the first button), then its topics.
func render(w io.Writer, r bot.Reply) []press {
	var out []press
	if r.Text != "" {
		fmt.Fprintln(w, Clean(r.Text))
	}
	for _, n := range r.Notices {
		fmt.Fprintln(w, "* "+Clean(n))
	}
	if r.Kind == bot.KindTour && r.Tour != nil {
		fmt.Fprintf(w, "[%s]\n", bot.Label(r.Lang, bot.MsgTourStep, r.Tour.Index, r.Tour.Total))
	}
	if a := r.Answer; a != nil {
		writeAnswer(w, r.Lang, a)
	}
	// r.Contact needs no line of its own: a notice names it.
	if len(r.Actions) > 0 {
		var labels []string
		for _, b := range r.Actions {
			out = append(out, press{b.Name, b.Value})
			labels = append(labels, fmt.Sprintf("[%d] %s", len(out), b.Label))
		}
		fmt.Fprintln(w, strings.Join(labels, "  "))
	}
	topics, heading := r.Related, bot.Label(r.Lang, bot.MsgRelated)
	if r.Kind == bot.KindTopics {
		topics, heading = r.Topics, bot.Label(r.Lang, bot.MsgTopics)
		if r.Pages > 1 {
			open, close := " (", ")"
			if r.Lang == bot.LangChinese {
				open, close = "（", "）"
			}
			heading += open + bot.Label(r.Lang, bot.MsgPage, r.Page, r.Pages) + close
		}
	}
	if len(topics) > 0 {
		fmt.Fprintln(w, heading+strings.TrimSpace(colon(r.Lang)))
		for _, t := range topics {
			out = append(out, press{bot.ActionAnswer, t.SectionID})
			fmt.Fprintf(w, "  [%d] %s\n", len(out), breadcrumb(t.Path, t.Title))
		}
	}
	return out
}

// writeAnswer writes a section: breadcrumb, text, source and owner.
func writeAnswer(w io.Writer, lang string, a *bot.Answer) {
	fmt.Fprintln(w)
	fmt.Fprintln(w, "## "+breadcrumb(a.Path, a.Title))
	if a.Excerpt != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, Clean(a.Excerpt))
	}
	fmt.Fprintln(w)
	src := CleanLine(a.Source)
	if a.Line > 0 {
		src = fmt.Sprintf("%s:%d", src, a.Line)
	}
	if a.URL != "" {
		src += " " + CleanLine(a.URL)
	}
	fmt.Fprintf(w, "%s%s%s\n", bot.Label(lang, bot.MsgSource), colon(lang), src)
	if a.Owner != "" {
		fmt.Fprintf(w, "%s%s%s\n", bot.Label(lang, bot.MsgAskOwner), colon(lang), CleanLine(a.Owner))
	}
}

// breadcrumb joins a section's path, ending in its title.
func breadcrumb(path []string, title string) string {
	if len(path) == 0 {
		return CleanLine(title)
	}
	parts := make([]string, len(path))
	for i, p := range path {
		parts[i] = CleanLine(p)
	}
	return strings.Join(parts, " › ")
}

// Clean makes untrusted text from documents safe for a terminal: control
// characters (escape sequences could move the cursor, retitle the window
// or hide text) and bidirectional overrides (which make text read
// differently from what it is) are dropped; tabs and line breaks stay.
func Clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case unicode.IsControl(r), r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F:
			return -1
		}
		return r
	}, s)
}

// CleanLine is Clean for text shown on one line: runs of white space,
// line breaks included, become one space.
func CleanLine(s string) string {
	return strings.Join(strings.Fields(Clean(s)), " ")
}

// colon ends a label in lang: Chinese uses the full-width colon.
func colon(lang string) string {
	if lang == bot.LangChinese {
		return "："
	}
	return ": "
}
