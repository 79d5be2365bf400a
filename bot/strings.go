package bot

import (
	"fmt"
	"strings"
)

// Languages the bot speaks. Reply.Lang is one of these.
const (
	LangEnglish = "en"
	LangChinese = "zh"
)

// Msg names one of the bot's own phrases. Every Msg has a text in every
// language of the catalog (a test checks it), so adding a language means
// adding one map below.
type Msg string

// Phrases adapters may need to label parts of a Reply, in Reply.Lang.
const (
	MsgRelated  Msg = "related"   // heading over Reply.Related
	MsgTopics   Msg = "topics"    // heading over Reply.Topics
	MsgSource   Msg = "source"    // label before the source file or link
	MsgAskOwner Msg = "ask_owner" // label before Answer.Owner / Reply.Contact
	MsgPage     Msg = "page"      // "page %d of %d"
	MsgTourStep Msg = "tour_step" // "Tour: step %d of %d"
	MsgGreeting Msg = "greeting"  // first line of a terminal chat
	MsgNoAction Msg = "no_action" // "there is no action %d"
	MsgError    Msg = "error"     // "something went wrong: %s"
)

// Phrases used by the bot itself.
const (
	msgHelp        Msg = "help"
	msgNoAnswer    Msg = "no_answer"
	msgNoMatches   Msg = "no_matches"
	msgBaseCJK     Msg = "base_cjk"   // the question is not in the base's Chinese
	msgBaseLatin   Msg = "base_latin" // the question is Chinese, the base is not
	msgAnswerIntro Msg = "answer_intro"
	msgMoreIntro   Msg = "more_intro"
	msgNoMore      Msg = "no_more"
	msgNoLastQ     Msg = "no_last_question"
	msgTooLong     Msg = "too_long"
	msgRateLimited Msg = "rate_limited"
	msgNotReady    Msg = "not_ready"
	msgEmptyKB     Msg = "empty_kb"
	msgGone        Msg = "section_gone"
	msgThanks      Msg = "thanks"
	msgWelcome     Msg = "welcome" // the user thanked the bot
	msgSorry       Msg = "sorry"
	msgVoteLost    Msg = "voteLost"
	msgVoteFailed  Msg = "vote_failed" // the store failed to keep a vote
	msgFeedbackHow Msg = "feedback_how"
	msgFeedbackAsk Msg = "feedback_ask"
	msgContact     Msg = "contact"
	msgTourStart   Msg = "tour_start"
	msgTourResume  Msg = "tour_resume"
	msgTourAgain   Msg = "tour_again"
	msgTourDone    Msg = "tour_done"
	msgTourFirst   Msg = "tour_first"
	msgTourEmpty   Msg = "tour_empty"
	msgTopicsIntro Msg = "topics_intro"
	msgNoSuchPage  Msg = "no_such_page"
	msgShared      Msg = "shared"
	msgFull        Msg = "btn_full"
	msgMore        Msg = "btn_more"
	msgHelpful     Msg = "btn_helpful"
	msgUnhelpful   Msg = "btn_unhelpful"
	msgShare       Msg = "btn_share"
	msgNext        Msg = "btn_next"
	msgFinish      Msg = "btn_finish"
	msgBack        Msg = "btn_back"
	msgPrevPage    Msg = "btn_prev_page"
	msgNextPage    Msg = "btn_next_page"
)

// catalog holds every phrase in every language. Texts may hold fmt verbs;
// the arguments are documented next to the key's use.
var catalog = map[string]map[Msg]string{
	LangEnglish: {
		MsgRelated:  "Related topics",
		MsgTopics:   "Topics",
		MsgSource:   "Source",
		MsgAskOwner: "Ask",
		MsgPage:     "page %d of %d",
		MsgTourStep: "Tour: step %d of %d",
		MsgGreeting: "Ask me about the team's documents, or type help. Type a number to press a button; Ctrl-D or quit to leave.",
		MsgNoAction: "There is no button %d here.",
		MsgError:    "Something went wrong: %s",

		msgHelp: "I answer questions from the team's documents. Just ask, in English or Chinese.\n\n" +
			"Commands:\n" +
			"• help: this message\n" +
			"• topics [page]: browse the table of contents\n" +
			"• tour: start or resume the onboarding tour (tour restart starts over)\n" +
			"• next / back (or previous): move through the tour\n" +
			"• more: the next best answers to your last question\n" +
			"• feedback: rate my last answer (feedback 👍 or feedback 👎)",
		msgNoAnswer:    "I don't have a confident answer to that.",
		msgNoMatches:   "I couldn't find anything close in the knowledge base. Try \"topics\" to browse it.",
		msgBaseCJK:     "The knowledge base is written in Chinese: try asking in Chinese.",
		msgBaseLatin:   "The knowledge base is written in English: try asking in English.",
		msgAnswerIntro: "Here is what the docs say:",
		msgMoreIntro:   "Another possible answer (%d of %d):",
		msgNoMore:      "That's all I have for that question.",
		msgNoLastQ:     "Ask me a question first; then \"more\" shows the next best answers.",
		msgTooLong:     "That message is too long for me (%d characters; the limit is %d). Please ask a shorter question.",
		msgRateLimited: "You're asking faster than I can keep up. Please wait a minute and try again.",
		msgNotReady:    "The knowledge base is still loading. Please try again in a moment.",
		msgEmptyKB:     "The knowledge base is empty.",
		msgGone:        "That section is no longer in the knowledge base.",
		msgThanks:      "Thanks for the feedback!",
		msgWelcome:     "You're welcome! Ask me anything else about the team's documents.",
		msgSorry:       "Sorry that didn't help. I've noted it so the docs can be improved.",
		msgVoteLost:    "I can't record a vote on that answer: ask the question again to rate its answer.",
		msgVoteFailed:  "I couldn't record your vote just now: please try again in a moment.",
		msgFeedbackHow: "Ask me something first; then you can rate the answer with 👍 or 👎.",
		msgFeedbackAsk: "Was my last answer helpful?",
		msgContact:     "You could ask %s.",
		msgTourStart:   "Welcome to the onboarding tour! Use next and back to move.",
		msgTourResume:  "Welcome back: picking up the tour where you left off.",
		msgTourAgain:   "You finished the tour before; here it is again from the start.",
		msgTourDone:    "🎉 You've finished the tour! Type \"tour\" to take it again.",
		msgTourFirst:   "This is the first step of the tour.",
		msgTourEmpty:   "There is no tour: the knowledge base has no sections.",
		msgTopicsIntro: "What the knowledge base covers:",
		msgNoSuchPage:  "There is no page %d; the table of contents has %d.",
		msgShared:      "Shared from the knowledge base:",
		msgFull:        "Show full section",
		msgMore:        "More answers",
		msgHelpful:     "👍 Helpful",
		msgUnhelpful:   "👎 Not helpful",
		msgShare:       "Share in channel",
		msgNext:        "Next",
		msgFinish:      "Finish",
		msgBack:        "Back",
		msgPrevPage:    "Previous page",
		msgNextPage:    "Next page",
	},
	LangChinese: {
		MsgRelated:  "相关主题",
		MsgTopics:   "目录",
		MsgSource:   "来源",
		MsgAskOwner: "可以咨询",
		MsgPage:     "第 %d 页，共 %d 页",
		MsgTourStep: "入门导览：第 %d 步，共 %d 步",
		MsgGreeting: "可以问我团队文档里的任何问题，或输入“帮助”。输入数字即可按下对应按钮；按 Ctrl-D 或输入 quit 退出。",
		MsgNoAction: "这里没有编号为 %d 的按钮。",
		MsgError:    "出错了：%s",

		msgHelp: "我根据团队文档回答问题，中文或英文提问都可以。\n\n" +
			"命令：\n" +
			"• 帮助：显示本说明\n" +
			"• 目录 [页码]：浏览知识库目录\n" +
			"• 入门：开始或继续入门导览（“入门 重新开始”从头开始）\n" +
			"• 下一步 / 上一步：在导览中前后移动\n" +
			"• 更多：上一个问题的其他可能答案\n" +
			"• 反馈：评价上一个回答（反馈 👍 或 反馈 👎）",
		msgNoAnswer:    "我没有把握回答这个问题。",
		msgNoMatches:   "知识库里没有找到相近的内容。可以输入“目录”浏览。",
		msgBaseCJK:     "知识库是用中文写的，请用中文提问。",
		msgBaseLatin:   "知识库几乎没有中文内容，请试试用英文提问。",
		msgAnswerIntro: "文档中是这样说的：",
		msgMoreIntro:   "另一个可能的答案（第 %d 个，共 %d 个）：",
		msgNoMore:      "关于这个问题，我没有更多答案了。",
		msgNoLastQ:     "请先提一个问题，然后输入“更多”查看其他答案。",
		msgTooLong:     "这条消息太长了（%d 个字符，上限 %d）。请把问题问得简短一些。",
		msgRateLimited: "你提问太快了，请稍等一分钟再试。",
		msgNotReady:    "知识库还在加载中，请稍后再试。",
		msgEmptyKB:     "知识库是空的。",
		msgGone:        "这个章节已经不在知识库里了。",
		msgThanks:      "谢谢你的反馈！",
		msgWelcome:     "不客气！团队文档里还有什么想问的，尽管问我。",
		msgSorry:       "抱歉没能帮上忙。我已经记下来，方便改进文档。",
		msgVoteLost:    "这个回答无法评价：请重新提问，再评价它的回答。",
		msgVoteFailed:  "暂时无法记录你的评价：请稍后再试。",
		msgFeedbackHow: "请先提一个问题，然后可以用 👍 或 👎 评价回答。",
		msgFeedbackAsk: "上一个回答有帮助吗？",
		msgContact:     "可以咨询 %s。",
		msgTourStart:   "欢迎参加入门导览！用“下一步”和“上一步”移动。",
		msgTourResume:  "欢迎回来：从你上次停下的地方继续导览。",
		msgTourAgain:   "你已经完成过导览，现在从头再来一遍。",
		msgTourDone:    "🎉 你已经完成了入门导览！输入“入门”可以再看一遍。",
		msgTourFirst:   "这是导览的第一步。",
		msgTourEmpty:   "没有导览：知识库里还没有章节。",
		msgTopicsIntro: "知识库包含以下内容：",
		msgNoSuchPage:  "没有第 %d 页；目录共 %d 页。",
		msgShared:      "来自知识库的分享：",
		msgFull:        "显示完整章节",
		msgMore:        "更多答案",
		msgHelpful:     "👍 有帮助",
		msgUnhelpful:   "👎 没帮助",
		msgShare:       "分享到频道",
		msgNext:        "下一步",
		msgFinish:      "完成",
		msgBack:        "上一步",
		msgPrevPage:    "上一页",
		msgNextPage:    "下一页",
	},
}

// Label returns the phrase m in lang (falling back to English), formatted
// with args when the phrase takes any. Adapters use it for their few labels
// so that every word the bot shows lives in this file.
func Label(lang string, m Msg, args ...any) string {
	s, ok := catalog[lang][m]
	if !ok {
		s, ok = catalog[LangEnglish][m]
		if !ok {
			return string(m)
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// LocaleLang maps a platform locale ("zh-CN", "en_US", "zh-Hant") to a
// catalog language, or "" when the catalog does not speak it.
func LocaleLang(locale string) string {
	l := strings.ToLower(strings.TrimSpace(locale))
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	if _, ok := catalog[l]; ok {
		return l
	}
	return ""
}
