package bot

import "unicode"

// textLang says which catalog language text is written in: "zh" when Han
// characters carry the text, "en" when Latin words do, and "" when the
// text has no letters to judge by ("1", "👍", "?").
//
// Mixed text counts as Chinese when it has more Han characters than Latin
// words: "怎么配置 VPN" and "如何设置 WireGuard VPN" are Chinese questions
// about English names, "what does 入门 mean" is an English question about
// a Chinese word.
func textLang(text string) string {
	han, words := 0, 0
	inWord := false
	for _, r := range text {
		latin := unicode.IsLetter(r) && r < 0x250
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case latin && !inWord:
			words++
		}
		inWord = latin
	}
	switch {
	case han > words:
		return LangChinese
	case words > 0 || han > 0:
		return LangEnglish
	}
	return ""
}

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
