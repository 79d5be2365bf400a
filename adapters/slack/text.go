package slack

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/kbbot/kbbot/bot"
)

// words are the adapter's own strings, by language. The bot's words come
// in Replies; these are the few the adapter adds itself.
var words = map[string]map[string]string{
	"en": {
		"readMore": "Read the full section",
		"trimmed":  "The section is longer than fits here.",
		"source":   "%s, line %d",
		"owner":    "Ask %s",
		"related":  "Related",
		"share":    "Share in channel",
		"sharedBy": "Shared by %s",
		"tour":     "Tour · step %d of %d",
		"tourDone": "Tour complete",
		"page":     "Page %d of %d",
		"busy":     "I'm busy right now, please ask again in a minute.",
		"failed":   "Sorry, I could not post the answer. Please try again.",
		"error":    "Sorry, something went wrong while answering. Please try again.",
		"notHere":  "I don't answer in this channel. Ask me in a direct message, or in a channel where I'm set up.",
		"thanks":   "Thanks for the feedback!",
		"answer":   "Answer",
	},
	"zh": {
		"readMore": "阅读完整章节",
		"trimmed":  "该章节较长，这里只显示了一部分。",
		"source":   "%s，第 %d 行",
		"owner":    "可以问 %s",
		"related":  "相关主题",
		"share":    "分享到频道",
		"sharedBy": "由 %s 分享",
		"tour":     "入门导览 · 第 %d / %d 步",
		"tourDone": "导览已完成",
		"page":     "第 %d / %d 页",
		"busy":     "我现在有点忙，请一分钟后再问。",
		"failed":   "抱歉，答案没能发出，请再试一次。",
		"error":    "抱歉，回答时出了点问题，请再试一次。",
		"notHere":  "我不在这个频道回答问题。请私信我，或在已设置的频道里提问。",
		"thanks":   "谢谢你的反馈！",
		"answer":   "答案",
	},
}

// word returns the adapter string key in lang (English when unknown),
// formatted with args when given.
func word(lang, key string, args ...any) string {
	m, ok := words[lang]
	if !ok {
		m = words["en"]
	}
	s := m[key]
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// langOf guesses the language of a user's text for the adapter's own
// notices (before the bot has answered): "zh" when it has Han characters.
func langOf(text string) string {
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			return "zh"
		}
	}
	return "en"
}

// fallback is the plain notification text: what the answer is about.
func fallback(r bot.Reply) string {
	var s string
	switch {
	case r.Answer != nil:
		s = r.Answer.Title
		if first := firstLine(r.Answer.Excerpt); first != "" {
			s += " — " + first
		}
	case r.Text != "":
		s = firstLine(r.Text)
	case len(r.Notices) > 0:
		s = r.Notices[0]
	case len(r.Topics) > 0:
		s = topicLabel(r.Topics[0]) + " …"
	}
	s = inline(trimPlain(s, 300), inlineOpts{})
	if strings.TrimSpace(s) == "" {
		return "kbbot"
	}
	return s
}

// firstLine is the first line of Markdown with text in it, without its
// block marker (heading, list, quote), for the notification text.
func firstLine(md string) string {
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		if _, fence := openFence(t); fence || isRule(t) || isTableSeparator(t) {
			continue
		}
		for _, p := range []string{"#", "-", "*", "+", ">"} {
			if rest, ok := strings.CutPrefix(t, p); ok && (rest == "" || rest[0] == ' ' || p == "#" || p == ">") {
				t = strings.TrimLeft(rest, "# ")
				break
			}
		}
		if t != "" {
			return t
		}
	}
	return ""
}
