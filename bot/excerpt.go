package bot

import (
	"unicode/utf8"

	"github.com/kbbot/kbbot/knowledge"
)

// FocusedExcerpt cuts an answer to question (none when "") to at most
// limit characters, at a sentence boundary (CJK or Latin), never inside a
// rune or an open code fence, and reports whether it cut: how answers are
// trimmed to what a platform shows. When text is longer than limit, it
// starts at the part that answers the question (knowledge.Base.Focus)
// after mark, and skipped says so. The mark counts in limit. HTML
// comments, which GitHub does not show, are left out (not in code).
func FocusedExcerpt(kb *knowledge.Base, title, text, question string, limit int, mark string) (excerpt string, skipped, cut bool) {
	text = withoutComments(text)
	if question != "" {
		room := limit - utf8.RuneCountInString(mark)
		if from := kb.Focus(question, title, text, room); from > 0 {
			excerpt, cut = trimExcerpt(text[from:], room)
			return mark + excerpt, true, cut
		}
	}
	excerpt, cut = trimExcerpt(text, limit)
	return excerpt, false, cut
}
