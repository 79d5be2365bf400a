package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	snowballEnglish "github.com/blevesearch/snowballstem/english"
	"github.com/kljensen/snowball/english"
)

// termKind tells how a term was made.
type termKind uint8

const (
	kindWord termKind = iota // a stemmed Latin (or other spaced-script) word
	kindUni                  // one CJK character
	kindBi                   // two adjacent CJK characters
)

// token is one term of analysed text.
type token struct {
	term    string // what is indexed: stem, CJK unigram or bigram
	surface string // the folded word before stemming (words only)
	kind    termKind
	weak    bool // a question or function word: little weight in questions
}

// stemmer stems English words, remembering what it has stemmed. It is not
// safe for concurrent use: each loader goroutine has its own, and questions
// use the index's immutable copy.
type stemmer map[string]string

func (s stemmer) stem(w string) string {
	if st, ok := s[w]; ok {
		return st
	}
	st := stemWord(w)
	s[strings.Clone(w)] = st
	return st
}

// Stem returns the stem the index uses for a folded English word (see
// Fold): "reimbursed" and "reimbursement" both give "reimburs". Words with
// digits or letters outside a-z, and words of one or two letters, are
// returned as they are.
func Stem(w string) string { return stemWord(w) }

// stemWord stems w with the English Snowball (Porter2) stemmer; words
// with digits and very short words are kept as they are. The stemmer is
// the code the Snowball compiler generates (blevesearch/snowballstem):
// the same stems as kljensen/snowball's hand port, in half the time.
func stemWord(w string) string {
	if len(w) <= 2 || !isASCIIAlpha(w) {
		return w
	}
	env := snowballstem.NewEnv(w)
	snowballEnglish.Stem(env)
	return env.Current()
}

func isASCIIAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// keepWords are stop words in Snowball's list that carry meaning in
// questions about tools and procedures ("turn off", "log out", "set up").
var keepWords = map[string]bool{
	"up": true, "down": true, "off": true, "out": true, "on": true, "over": true,
	"under": true, "no": true, "not": true, "all": true, "before": true,
	"after": true, "again": true, "between": true, "against": true, "once": true,
	"same": true, "into": true, "above": true, "below": true, "other": true,
}

// weakWords carry little weight in a question: they say it is a question,
// not what it is about.
var weakWords = map[string]bool{
	"how": true, "what": true, "where": true, "which": true, "why": true,
	"who": true, "when": true, "whom": true, "can": true, "could": true,
	"would": true, "should": true, "may": true, "might": true, "must": true,
	"do": true, "does": true, "did": true, "get": true, "need": true,
	"want": true, "tell": true, "know": true, "find": false, "please": true,
	"there": true, "way": true, "someone": true, "anyone": true, "thing": true,
	"here": true, "i": true, "me": true, "my": true, "we": true, "our": true,
	"us": true, "you": true, "your": true, "is": true, "are": true, "am": true,
	"it": true, "its": true, "be": true, "been": true, "was": true, "were": true,
	"a": true, "an": true, "the": true, "to": true, "of": true, "in": true,
	"for": true, "and": true, "or": true, "with": true, "about": true,
	"on": true, "at": true, "by": true, "from": true, "this": true, "that": true,
	"these": true, "those": true, "if": true, "any": true, "some": true,
	"more": true, "most": true, "very": true, "just": true, "also": true,
	"still": true, "ok": true, "okay": true, "hi": true, "hello": true,
	"thanks": true, "thank": true, "much": true, "many": true, "often": true,
	"anything": true, "something": true, "possible": true, "supposed": true,
}

// isStopWord reports whether a folded word is dropped from the index and
// from questions alike.
func isStopWord(w string) bool {
	return english.IsStopWord(w) && !keepWords[w]
}

// cjkWeak are Chinese question phrases and function characters. In a
// question they break a CJK run (no bigram spans them) and are dropped.
var cjkWeak = []string{
	"整篇文章", "这篇文章", "这篇", "本文", "文中", "全文", // the document itself
	"你好", "您好", "大家好", "早上好", "下午好", "晚上好", "谢谢", "多谢", "再见", // greetings
	"为什么", "是不是", "有没有", "怎么样", "什么", "怎么", "怎样", "如何", "哪个", "哪些",
	"哪里", "是否", "能否", "请问", "一下", "可以", "应该", "需要", "我们", "你们",
	"多少", "多久", "几", "为啥", "啥", "咋", "到底", "究竟", "能不能", "会不会",
	"吗", "呢", "吧", "啊", "的", "了", "和", "与", "及", "或", "在", "是", "把", "被",
	"对", "也", "都", "就", "还", "我", "你", "他", "她", "它", "有", "要", "会",
	"更", "最", "很", "个", "哪", "些", "么", "这", "那", "从", "给", "让",
}

// cjkWords are common words that start with a weak character but mean
// something of their own: 更新 is "update", not 更 ("more") and 新.
var cjkWords = []string{
	"了解", "在线", "在职", "对比", "对象", "对应", "对话", "对齐", "对接",
	"就业", "还原", "还款", "有效", "有限", "有序", "有用", "要求", "要点",
	"要素", "会议", "会话", "会员", "会计", "更新", "更改", "更换", "更正",
	"最新", "最后", "最大", "最小", "最近", "最多", "最少", "最长", "最终",
	"个人", "个数", "个性", "给定", "从头",
}

// cjkWeakAt returns the length in bytes of a weak phrase at the start of
// s, or 0. The phrases are looked up by their first character: it runs
// at every character of a Chinese question.
func cjkWeakAt(s string) int {
	r, _ := utf8.DecodeRuneInString(s)
	for _, w := range cjkWordsByRune[r] {
		if strings.HasPrefix(s, w) {
			return 0
		}
	}
	for _, w := range cjkWeakByRune[r] {
		if strings.HasPrefix(s, w) {
			return len(w)
		}
	}
	return 0
}

// cjkWordsByRune and cjkWeakByRune are cjkWords and cjkWeak by first
// character, each in its list's order (a longer weak phrase comes before
// its first character alone).
var cjkWordsByRune, cjkWeakByRune = byFirstRune(cjkWords), byFirstRune(cjkWeak)

func byFirstRune(words []string) map[rune][]string {
	m := make(map[rune][]string, len(words))
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		m[r] = append(m[r], w)
	}
	return m
}

// analyze splits folded text into tokens. In query mode, CJK question
// phrases break runs and are dropped, and English question words are
// marked weak; in index mode every character counts. A nil stem leaves
// words as they are, stop words included (see emitWord).
func analyze(s string, stem func(string) string, query bool, emit func(token)) {
	i := 0
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf { // most text: no decoding
			if asciiAlnum[c] || c == '[' {
				i = analyzeWord(s, i, stem, query, emit)
			} else {
				i++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isCJK(r):
			i = analyzeCJK(s, i, query, emit)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '[':
			i = analyzeWord(s, i, stem, query, emit)
		default:
			i += size
		}
	}
}

// analyzeCJK emits unigrams and bigrams of the CJK run starting at i and
// returns where the run ends.
func analyzeCJK(s string, i int, query bool, emit func(token)) int {
	prev := -1 // byte offset of the previous character in this segment
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isCJK(r) {
			break
		}
		if query {
			if n := cjkWeakAt(s[i:]); n > 0 {
				i += n
				prev = -1
				continue
			}
		}
		emit(token{term: s[i : i+size], kind: kindUni})
		if prev >= 0 {
			emit(token{term: s[prev : i+size], kind: kindBi})
		}
		prev = i
		i += size
	}
	return i
}

// analyzeWord emits the word starting at i. Brackets inside a word, as in
// tldr's "[c]reate" or "Lis[t]", are dropped so the word stays whole.
func analyzeWord(s string, i int, stem func(string) string, query bool, emit func(token)) int {
	start := i
	var buf []byte // only when brackets must be dropped
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if asciiAlnum[c] {
				if buf != nil {
					buf = append(buf, c)
				}
				i++
				continue
			}
			if c != '[' && c != ']' && c != '\'' {
				break // space or punctuation: the word ends
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '[' || r == ']' {
			if softBracket(s, i, start) {
				if buf == nil {
					buf = append(make([]byte, 0, 16), s[start:i]...)
				}
				i += size
				continue
			}
			break
		}
		if r == '\'' || r == '’' { // don't, it's: keep the stem, drop the tail
			if i > start && i+size < len(s) && isWordRune(rune(s[i+size])) {
				j := i + size
				for j < len(s) && isWordRune(rune(s[j])) {
					j++
				}
				if buf != nil {
					emitWord(string(buf), stem, query, emit)
				} else {
					emitWord(s[start:i], stem, query, emit)
				}
				return j
			}
			break
		}
		if isCJK(r) || !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)) {
			break
		}
		if buf != nil {
			buf = append(buf, s[i:i+size]...)
		}
		i += size
	}
	if i == start { // a lone bracket
		return i + 1
	}
	if buf != nil {
		emitWord(string(buf), stem, query, emit)
	} else {
		emitWord(s[start:i], stem, query, emit)
	}
	return i
}

// asciiAlnum marks the ASCII letters and digits: what unicode.IsLetter
// and unicode.IsDigit accept below utf8.RuneSelf.
var asciiAlnum = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

func isWordRune(r rune) bool { return r < utf8.RuneSelf && asciiAlnum[r] }

// softBracket reports whether the bracket at s[i] sits inside a word: a
// letter follows it and a letter precedes it, or it opens "[x]" that a
// letter follows.
func softBracket(s string, i, start int) bool {
	next, _ := utf8.DecodeRuneInString(s[i+1:])
	if !(unicode.IsLetter(next) || unicode.IsDigit(next)) || isCJK(next) {
		return false
	}
	if i > start {
		return true
	}
	if s[i] != '[' {
		return false
	}
	j := strings.IndexByte(s[i:], ']')
	if j < 2 || j > 4 || i+j+1 >= len(s) {
		return false
	}
	after, _ := utf8.DecodeRuneInString(s[i+j+1:])
	return unicode.IsLetter(after) && !isCJK(after)
}

// emitWord emits word w: stemmed, unless it is a stop word. With a nil
// stem it emits every word unstemmed (token.term empty), for a caller
// that remembers what each word becomes (lexicon.appendKinds).
func emitWord(w string, stem func(string) string, query bool, emit func(token)) {
	if stem == nil {
		emit(token{surface: w, kind: kindWord})
		return
	}
	if isStopWord(w) {
		return
	}
	emit(token{term: stem(w), surface: w, kind: kindWord, weak: query && weakWords[w]})
}

// maxJoined is the longest word hyphenJoins runs together.
const maxJoined = 24

// hyphenJoins calls yield with each two-part hyphenated ASCII word of s
// run together and lowercased: "re-run" as "rerun", "e-mail" as
// "email", "UTF-8" as "utf8". Options ("--dry-run") and longer chains
// ("end-to-end") are left alone. The words are written in buf, valid
// during the call (a caller's buffer: a local one would escape).
func hyphenJoins(s string, buf *[maxJoined]byte, yield func([]byte)) {
	for off := 0; ; {
		k := strings.IndexByte(s[off:], '-')
		if k < 0 {
			return
		}
		h := off + k
		off = h + 1
		a := h
		for a > 0 && isWordRune(rune(s[a-1])) {
			a--
		}
		z := h + 1
		for z < len(s) && isWordRune(rune(s[z])) {
			z++
		}
		if a == h || z == h+1 || z-a-1 > maxJoined || !isASCIILetter(s[a]) ||
			!joinStart(s, a) || !joinEnd(s, z) {
			continue
		}
		yield(appendLowerASCII(appendLowerASCII(buf[:0], s[a:h]), s[h+1:z]))
		off = z
	}
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// joinStart reports whether a word that starts at s[a] stands on its own
// there: at the start, after a space or an opening mark, not inside a
// longer token ("don't-care", "tar.gz-file", "snake_case-x", "--dry-run").
func joinStart(s string, a int) bool {
	if a == 0 {
		return true
	}
	switch c := s[a-1]; c {
	case ' ', '\t', '\n', '\r', '(', '[', '{', '"', '`', '*', '>':
		return true
	case '\'', '_': // a quote or emphasis, not "don't" or "snake_case"
		return a == 1 || !isWordRune(rune(s[a-2]))
	}
	return false
}

// joinEnd reports whether a word that ends before s[z] ends there: at the
// end, before a space or a closing mark, or before a full stop that ends
// a sentence.
func joinEnd(s string, z int) bool {
	if z == len(s) {
		return true
	}
	switch c := s[z]; c {
	case ' ', '\t', '\n', '\r', ')', ']', '}', '"', '`', '*', ',', ';', ':', '!', '?', '\'':
		return true
	case '.', '_':
		return z+1 == len(s) || !isWordRune(rune(s[z+1]))
	}
	return false
}
