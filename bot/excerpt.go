package bot

// Excerpt cuts text to at most limit characters at a sentence boundary
// (CJK or Latin), never inside a rune or an open code fence, and reports
// whether it cut. It is how answers are trimmed to what a platform shows.
func Excerpt(text string, limit int) (string, bool) { return trimExcerpt(text, limit) }
