package bot

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"

	"github.com/kbbot/kbbot/knowledge"
)

// command is one of the words people type to steer the bot.
type command int

const (
	cmdNone command = iota
	cmdHelp
	cmdTopics
	cmdTour
	cmdNext
	cmdBack
	cmdMore
	cmdFeedback
)

// String names the command as users type it.
func (c command) String() string {
	switch c {
	case cmdHelp:
		return "help"
	case cmdTopics:
		return "topics"
	case cmdTour:
		return "tour"
	case cmdNext:
		return "next"
	case cmdBack:
		return "back"
	case cmdMore:
		return "more"
	case cmdFeedback:
		return "feedback"
	}
	return "none"
}

// parsed is a command with its argument.
type parsed struct {
	cmd     command
	page    int  // topics: page asked for, 0 when not given
	restart bool // tour: start over
	vote    int  // feedback: +1 helpful, -1 unhelpful, 0 none
}

// commandName is a name a command answers to. Names with typo set are
// matched typo-tolerantly; the others (short or non-Latin aliases) only
// exactly.
type commandName struct {
	name string
	cmd  command
	typo bool
}

var commandNames = []commandName{
	{"help", cmdHelp, true}, {"帮助", cmdHelp, true}, {"幫助", cmdHelp, false},
	{"?", cmdHelp, false},
	{"topics", cmdTopics, true}, {"toc", cmdTopics, false}, {"contents", cmdTopics, false},
	{"目录", cmdTopics, true}, {"目錄", cmdTopics, false},
	{"tour", cmdTour, true}, {"入门", cmdTour, true}, {"入門", cmdTour, false},
	{"next", cmdNext, true}, {"下一步", cmdNext, true}, {"下一個", cmdNext, false}, {"下一个", cmdNext, false},
	{"back", cmdBack, true}, {"prev", cmdBack, false}, {"previous", cmdBack, true},
	{"上一步", cmdBack, true}, {"上一个", cmdBack, false}, {"上一個", cmdBack, false},
	{"more", cmdMore, true}, {"更多", cmdMore, true},
	{"feedback", cmdFeedback, true}, {"反馈", cmdFeedback, true}, {"反饋", cmdFeedback, false},
}

// typoNames are the names matched typo-tolerantly, for fuzzy.Find.
var typoNames = func() []string {
	var out []string
	for _, n := range commandNames {
		if n.typo {
			out = append(out, n.name)
		}
	}
	return out
}()

// Argument words, lower case.
var (
	restartWords = set("restart", "reset", "again", "over", "start over", "from start",
		"重新开始", "重新", "重来", "从头", "从头开始", "再来")
	startWords   = set("start", "begin", "resume", "continue", "开始", "继续")
	moreWords    = set("answers", "答案") // as its button says: More answers, 更多答案
	pageWords    = set("page", "p", "第", "页")
	helpfulWords = set("👍", "+1", "good", "yes", "y", "helpful", "useful", "有用", "有帮助", "好", "是")
	unhelpWords  = set("👎", "-1", "bad", "no", "n", "unhelpful", "not helpful", "useless",
		"没用", "没有用", "没帮助", "没有帮助", "不好", "否")
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// maxCommandLen bounds what is considered as a command at all: commands
// with their arguments are short, and fuzzy matching cost stays small.
const maxCommandLen = 40

// parseCommand reports whether text is a command rather than a question.
// It is deliberately conservative: the command word must stand alone or
// with one of its few arguments ("topics 2", "tour restart", "feedback 👍"),
// so "help me reset my password" or "next steps after signing" stay
// questions. Command words are matched case-insensitively, with a leading
// "/" or "!" and trailing punctuation ignored, and tolerate one typo
// ("hlep", "tpoics", "nxt") in the English names.
func parseCommand(text string) (parsed, bool) {
	s := normCommand(text)
	if s == "" || utf8.RuneCountInString(s) > maxCommandLen {
		return parsed{}, false
	}
	// Chinese names need no space before their argument: "目录2", "反馈👍".
	for _, n := range commandNames {
		if !isCJKName(n.name) || !strings.HasPrefix(s, n.name) {
			continue
		}
		if p, ok := withArg(n.cmd, argOf(s[len(n.name):])); ok {
			return p, true
		}
	}
	word, rest, _ := strings.Cut(s, " ")
	word = strings.TrimRight(word, ":,") // "feedback: good"
	cmd := matchName(word)
	if cmd == cmdNone {
		return parsed{}, false
	}
	return withArg(cmd, argOf(rest))
}

// argOf is what follows a command name: without the colon or comma people
// put between the two ("反馈：有用", "入门，重新开始", "feedback: 👍";
// normCommand made the full-width ones ASCII) and surrounding spaces.
func argOf(rest string) string {
	return strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(rest), ":,"))
}

// normCommand lower-cases text, folds full-width forms, spaces and
// Traditional Chinese characters (幫助, 反饋 有幫助, 謝謝 read as 帮助,
// 反馈 有帮助, 谢谢: knowledge.Fold), and strips one leading "/" or "!"
// and any trailing sentence punctuation.
func normCommand(text string) string {
	s := knowledge.Fold(strings.Join(strings.Fields(text), " ")) // NFKC: ！ is !, ～ is ~
	if len(s) > 1 && (s[0] == '/' || s[0] == '!') {
		s = strings.TrimSpace(s[1:])
	}
	if s == "?" {
		return s
	}
	return strings.TrimRightFunc(s, func(r rune) bool {
		return strings.ContainsRune(".!?。！？…~", r) || unicode.IsSpace(r)
	})
}

func isCJKName(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.Is(unicode.Han, r)
}

// matchName finds the command word names, exactly or with one typo, and
// returns cmdNone when there is none or the match is ambiguous.
func matchName(word string) command {
	if c := cmdByName(word); c != cmdNone {
		return c
	}
	wl := utf8.RuneCountInString(word)
	minLen := 3
	if isCJKName(word) {
		minLen = 2
	}
	// Three letters with a vowel are too often a word of their own ("tor"
	// is no tour, "net" no next); without one they are a name written
	// short ("hlp", "nxt").
	if wl < minLen || wl == 3 && !isCJKName(word) && strings.ContainsAny(word, "aeiouy") {
		return cmdNone
	}
	found := cmdNone
	consider := func(name string) bool {
		c := cmdByName(name)
		if found != cmdNone && found != c {
			return false // ambiguous
		}
		found = c
		return true
	}
	first, _ := utf8.DecodeRuneInString(word)
	// Omissions: the word is a subsequence of a name covering most of it,
	// starting with the same letter, missing one letter ("topic", "下步")
	// or only vowels ("hlp", "tpcs"; but "tops" is a word, not topics).
	for _, m := range fuzzy.Find(word, typoNames) {
		nf, _ := utf8.DecodeRuneInString(m.Str)
		if nf != first || wl*10 < utf8.RuneCountInString(m.Str)*6 || !fairOmission(m) {
			continue
		}
		if !consider(m.Str) {
			return cmdNone
		}
	}
	if found != cmdNone {
		return found
	}
	// Swapped, doubled or substituted letters ("hlep", "nextt", "topucs").
	for _, name := range typoNames {
		if isCJKName(name) || wl < 4 {
			continue
		}
		if oneTypo(word, name) && !consider(name) {
			return cmdNone
		}
	}
	return found
}

// fairOmission reports whether the letters of m.Str that the pattern
// skipped are one letter, or vowels only.
func fairOmission(m fuzzy.Match) bool {
	matched := map[int]bool{}
	for _, i := range m.MatchedIndexes {
		matched[i] = true
	}
	var skipped []rune
	for i, r := range m.Str {
		if !matched[i] {
			skipped = append(skipped, r)
		}
	}
	if len(skipped) <= 1 {
		return true
	}
	for _, r := range skipped {
		if !strings.ContainsRune("aeiou", r) {
			return false
		}
	}
	return true
}

func cmdByName(name string) command {
	for _, n := range commandNames {
		if n.name == name {
			return n.cmd
		}
	}
	return cmdNone
}

// oneTypo reports whether word is name with one typo of a kind that keeps
// ordinary words apart from commands: two adjacent letters swapped ("hlep"),
// a letter doubled or one added at the end ("nextt", "tours"), or, for names
// of six letters or more, one letter replaced ("topucs"). Short names are
// not matched by substitution because "text", "bank" and "mode" are words.
func oneTypo(word, name string) bool {
	w, n := []rune(word), []rune(name)
	switch {
	case len(w) == len(n):
		var diff []int
		for i := range w {
			if w[i] != n[i] {
				diff = append(diff, i)
			}
		}
		switch len(diff) {
		case 1:
			return len(n) >= 6 && diff[0] > 0
		case 2:
			i, j := diff[0], diff[1]
			return j == i+1 && w[i] == n[j] && w[j] == n[i]
		}
		return false
	case len(w) == len(n)+1:
		for i := range w {
			if string(w[:i])+string(w[i+1:]) != name {
				continue
			}
			if i == len(w)-1 || (i > 0 && w[i] == w[i-1]) || w[i] == w[i+1] {
				return true
			}
		}
	}
	return false
}

// withArg validates rest as the argument of cmd.
func withArg(cmd command, rest string) (parsed, bool) {
	p := parsed{cmd: cmd}
	if rest == "" {
		return p, true
	}
	switch cmd {
	case cmdTopics:
		if n, ok := pageArg(rest); ok {
			p.page = n
			return p, true
		}
	case cmdTour:
		switch {
		case restartWords[rest]:
			p.restart = true
			return p, true
		case startWords[rest]:
			return p, true
		}
	case cmdMore:
		if moreWords[rest] {
			return p, true
		}
	case cmdFeedback:
		rest = strings.Map(func(r rune) rune {
			if r >= 0x1F3FB && r <= 0x1F3FF || r == 0xFE0F { // skin tone, emoji presentation: 👍🏽
				return -1
			}
			return r
		}, rest)
		switch {
		case helpfulWords[rest]:
			p.vote = 1
			return p, true
		case unhelpWords[rest]:
			p.vote = -1
			return p, true
		}
	}
	return parsed{}, false
}

// pageArg reads "2", "page 2", "p2", "第2页", "第二页".
func pageArg(s string) (int, bool) {
	s = strings.TrimSpace(s)
	for w := range pageWords {
		if strings.HasPrefix(s, w) {
			if n, ok := pageArg(s[len(w):]); ok {
				return n, true
			}
		}
	}
	s = strings.TrimSpace(strings.TrimSuffix(s, "页"))
	n, err := strconv.Atoi(s)
	if err != nil {
		n = chineseNumber(s)
	}
	if n < 1 || n > 1_000_000 {
		return 0, false
	}
	return n, true
}

// chineseNumber reads 一 to 九十九 ("第二页", "第十二页"), or returns 0.
func chineseNumber(s string) int {
	const digits = "零一二三四五六七八九"
	digit := func(r rune) int { return strings.IndexRune(digits, r) / len("一") }
	rs := []rune(strings.ReplaceAll(s, "两", "二"))
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10
	case len(rs) == 1 && digit(rs[0]) > 0:
		return digit(rs[0])
	case len(rs) == 2 && rs[0] == '十' && digit(rs[1]) > 0: // 十二
		return 10 + digit(rs[1])
	case len(rs) == 2 && rs[1] == '十' && digit(rs[0]) > 0: // 二十
		return 10 * digit(rs[0])
	case len(rs) == 3 && rs[1] == '十' && digit(rs[0]) > 0 && digit(rs[2]) > 0: // 二十三
		return 10*digit(rs[0]) + digit(rs[2])
	}
	return 0
}
