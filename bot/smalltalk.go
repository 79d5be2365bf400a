package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// smallTalk is what a message asks for when it only greets or thanks the
// bot: nothing from the documents. Such a message gets a short reply and
// is not recorded as a question, so "hi" never shows up among the gaps
// the docs' writers read, and 你好 is not answered with whatever section
// holds 好.
type smallTalk int

const (
	talkNone smallTalk = iota
	talkHello
	talkThanks
)

// Whole messages, as normTalk leaves them.
var (
	helloWords = set("hi", "hello", "hey", "hiya", "howdy", "yo", "morning",
		"good morning", "good afternoon", "good evening", "greetings",
		"你好", "您好", "你好啊", "嗨", "哈喽", "哈啰", "早", "早安", "早上好",
		"上午好", "中午好", "下午好", "晚上好", "大家好", "在吗", "在么", "在不在")
	thanksWords = set("thanks", "thank you", "thx", "ty", "cheers", "thank u",
		"thanks a lot", "thanks so much", "thank you so much", "many thanks",
		"much appreciated", "ok thanks", "ok thank you", "great thanks", "perfect thanks",
		"谢谢", "谢谢你", "谢谢您", "多谢", "感谢", "谢了", "谢啦", "太感谢了",
		"非常感谢", "好的谢谢", "好的 谢谢", "谢谢啦")
	// talkTo are words a greeting or a thanks may end with: "hi there",
	// "thanks bot".
	talkTo = set("there", "all", "everyone", "everybody", "team", "folks", "guys",
		"bot", "kbbot", "again", "大家")
)

// maxTalkLen bounds what is considered small talk at all.
const maxTalkLen = 40

// parseSmallTalk reports whether text only greets or thanks.
func parseSmallTalk(text string) smallTalk {
	if len(text) > 4*maxTalkLen { // every question reaches here: no folding of long ones
		return talkNone
	}
	s := normTalk(text)
	if s == "" || utf8.RuneCountInString(s) > maxTalkLen {
		return talkNone
	}
	for range 3 { // "hi there", "thanks again bot": two words at most
		switch {
		case helloWords[s]:
			return talkHello
		case thanksWords[s]:
			return talkThanks
		}
		i := strings.LastIndexByte(s, ' ')
		if i < 0 || !talkTo[s[i+1:]] {
			break
		}
		s = s[:i]
	}
	return talkNone
}

// normTalk lower-cases text, folds full-width forms, turns punctuation
// into spaces, drops emoji and other symbols ("thanks 🙏"), and joins the
// words with single spaces.
func normTalk(text string) string {
	s := normCommand(text)
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsPunct(r) && r != '\'' && r != '-':
			return ' '
		case unicode.IsSymbol(r) || unicode.Is(unicode.Variation_Selector, r) || r == '\u200d':
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// smallTalkReply greets back with what the bot does, or takes thanks.
func (b *Bot) smallTalkReply(t smallTalk, lang string) Reply {
	if t == talkThanks {
		return notice(lang, msgWelcome)
	}
	return b.help(lang)
}
