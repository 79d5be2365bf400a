package bot

import "unicode"

// textLang says which catalog language text is written in: "zh" when Han
// characters carry the text, "en" when Latin letters do, and "" when the
// text has no letters to judge by ("1", "👍", "?").
//
// A Han character carries about as much as a short Latin word, so mixed
// text such as "怎么配置 VPN" counts as Chinese while "what does 入门 mean"
// counts as English.
func textLang(text string) string {
	han, latin := 0, 0
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.IsLetter(r) && r < 0x250:
			latin++
		}
	}
	switch {
	case han > 0 && han*3 >= latin:
		return LangChinese
	case latin > 0 || han > 0:
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
	if l := localeLang(locale); l != "" {
		return l
	}
	return LangEnglish
}
