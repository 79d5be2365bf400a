package bot

import (
	"strings"
	"unicode"
)

// textLang says which catalog language text is written in: "zh" when Han
// characters carry the text, "en" when Latin words do, and "" when the
// text has no letters to judge by ("1", "👍", "?").
//
// Mixed text counts as Chinese unless its Latin words make an English
// sentence (two or more of englishGrammar) and outnumber its Han
// characters: "怎么配置 VPN", "kubectl get pods 是什么" and "npm install
// 报错 EACCES" are Chinese questions about English names, "what does 入门
// mean" is an English question about a Chinese word.
func textLang(text string) string {
	han, words, grammar := 0, 0, 0
	start := -1 // byte offset of the Latin word being read
	endWord := func(end int) {
		if start >= 0 && englishGrammar[strings.ToLower(text[start:end])] {
			grammar++
		}
		start = -1
	}
	for i, r := range text {
		latin := unicode.IsLetter(r) && r < 0x250
		switch {
		case latin && start < 0:
			words++
			start = i
		case !latin:
			endWord(i)
		}
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	endWord(len(text))
	switch {
	case han > words || han > 0 && grammar < 2:
		return LangChinese
	case words > 0:
		return LangEnglish
	}
	return ""
}

// englishGrammar are English words that names and commands rarely are:
// two of them make Latin words a sentence rather than names quoted in a
// Chinese one. Single letters and "it" are left out ("ls -a", "docker
// run -it").
var englishGrammar = set("what", "how", "why", "where", "when", "who", "which", "whose",
	"is", "are", "was", "were", "am", "be", "do", "does", "did", "can", "could",
	"should", "would", "will", "shall", "may", "might", "must", "the", "an", "to",
	"of", "in", "on", "for", "with", "about", "and", "or", "not", "me", "my", "you",
	"your", "we", "our", "this", "that", "these", "those", "there", "please", "mean",
	"means", "if")

// chooseLang picks the language of the bot's words: the text's own
// language, else the user's previous language, else the locale, else
// English.
func chooseLang(text, previous, locale string) string {
	if l := textLang(text); l != "" {
		return l
	}
	if previous != "" {
		return previous
	}
	if l := LocaleLang(locale); l != "" {
		return l
	}
	return LangEnglish
}
