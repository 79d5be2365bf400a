package discord

import (
	"strings"
	"unicode"
)

// words are the adapter's own words: layout labels and the notices it sends
// without asking the bot (busy, failure). The bot's words come in Replies.
var words = map[string]map[string]string{
	"en": {
		"related":     "Related topics",
		"closest":     "Closest topics",
		"topics":      "Topics",
		"page":        "Topics (page %d of %d)",
		"step":        "Tour · step %d of %d",
		"tourDone":    "Tour complete",
		"owner":       "Ask",
		"pickRelated": "Open a related topic…",
		"pickTopic":   "Open a topic…",
		"topicHint":   "Open this topic",
		"share":       "Share in channel",
		"noAnswer":    "I don't have a confident answer to that.",
		"busy":        "I'm answering a lot of questions right now. Please try again in a minute.",
		"failed":      "Sorry, something went wrong while answering. Please try again.",
		"stale":       "This button no longer works. Ask again with /ask.",
		"unknown":     "I don't know that command. Try /ask, /topics or /tour.",
		"notHere":     "I don't answer in this channel. Ask me in a direct message.",
	},
	"zh": {
		"related":     "相关主题",
		"closest":     "最接近的主题",
		"topics":      "主题",
		"page":        "主题（第 %d 页，共 %d 页）",
		"step":        "入门导览 · 第 %d 步，共 %d 步",
		"tourDone":    "导览完成",
		"owner":       "可以问",
		"pickRelated": "打开一个相关主题…",
		"pickTopic":   "打开一个主题…",
		"topicHint":   "打开这个主题",
		"share":       "分享到频道",
		"noAnswer":    "这个问题我没有把握回答。",
		"busy":        "我现在正在回答很多问题，请一分钟后再试。",
		"failed":      "抱歉，回答时出了问题，请再试一次。",
		"stale":       "这个按钮已失效，请用 /ask 重新提问。",
		"unknown":     "我不认识这个命令。试试 /ask、/topics 或 /tour。",
		"notHere":     "我不在这个频道回答问题。请私信问我。",
	},
}

// tr returns the adapter's word for key in lang ("zh" or "en").
func tr(lang, key string) string {
	if w, ok := words[lang][key]; ok {
		return w
	}
	return words["en"][key]
}

// langOf maps a Discord locale ("zh-CN", "zh-TW", "en-US") or a Reply.Lang
// ("zh", "en") to the language of the adapter's words.
func langOf(locale string) string {
	if strings.HasPrefix(strings.ToLower(locale), "zh") {
		return "zh"
	}
	return "en"
}

// textLang guesses the language of a message that carries no locale: "zh"
// when it has Chinese characters.
func textLang(s string) string {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return "zh"
		}
	}
	return "en"
}
