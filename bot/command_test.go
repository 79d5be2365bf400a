package bot

import (
	"testing"
	"unicode/utf8"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		text string
		want parsed
		ok   bool
	}{
		// Exact names, English and Chinese, with decoration.
		{"help", parsed{cmd: cmdHelp}, true},
		{"HELP", parsed{cmd: cmdHelp}, true},
		{"  help?  ", parsed{cmd: cmdHelp}, true},
		{"/help", parsed{cmd: cmdHelp}, true},
		{"!help", parsed{cmd: cmdHelp}, true},
		{"?", parsed{cmd: cmdHelp}, true},
		{"？", parsed{cmd: cmdHelp}, true},
		{"帮助", parsed{cmd: cmdHelp}, true},
		{"幫助", parsed{cmd: cmdHelp}, true},
		{"帮助。", parsed{cmd: cmdHelp}, true},
		{"topics", parsed{cmd: cmdTopics}, true},
		{"toc", parsed{cmd: cmdTopics}, true},
		{"目录", parsed{cmd: cmdTopics}, true},
		{"目錄", parsed{cmd: cmdTopics}, true},
		{"tour", parsed{cmd: cmdTour}, true},
		{"入门", parsed{cmd: cmdTour}, true},
		{"入門", parsed{cmd: cmdTour}, true},
		{"next", parsed{cmd: cmdNext}, true},
		{"下一步", parsed{cmd: cmdNext}, true},
		{"back", parsed{cmd: cmdBack}, true},
		{"previous", parsed{cmd: cmdBack}, true},
		{"prev", parsed{cmd: cmdBack}, true},
		{"上一步", parsed{cmd: cmdBack}, true},
		{"more", parsed{cmd: cmdMore}, true},
		{"更多", parsed{cmd: cmdMore}, true},
		{"feedback", parsed{cmd: cmdFeedback}, true},
		{"反馈", parsed{cmd: cmdFeedback}, true},
		{"ＨＥＬＰ", parsed{cmd: cmdHelp}, true}, // full-width

		// Typos.
		{"hlep", parsed{cmd: cmdHelp}, true},
		{"hepl", parsed{cmd: cmdHelp}, true},
		{"hlp", parsed{cmd: cmdHelp}, true},
		{"helpp", parsed{cmd: cmdHelp}, true},
		{"tpoics", parsed{cmd: cmdTopics}, true},
		{"topcis", parsed{cmd: cmdTopics}, true},
		{"topic", parsed{cmd: cmdTopics}, true},
		{"tpcs", parsed{cmd: cmdTopics}, true},
		{"topucs", parsed{cmd: cmdTopics}, true},
		{"toru", parsed{cmd: cmdTour}, true},
		{"tours", parsed{cmd: cmdTour}, true},
		{"nxt", parsed{cmd: cmdNext}, true},
		{"nxet", parsed{cmd: cmdNext}, true},
		{"nextt", parsed{cmd: cmdNext}, true},
		{"bakc", parsed{cmd: cmdBack}, true},
		{"bck", parsed{cmd: cmdBack}, true},
		{"mroe", parsed{cmd: cmdMore}, true},
		{"mor", parsed{}, false}, // three letters with a vowel: a word, not a name written short
		{"tor", parsed{}, false},
		{"Tor?", parsed{}, false},
		{"net", parsed{}, false},
		{"feedbak", parsed{cmd: cmdFeedback}, true},
		{"fedback", parsed{cmd: cmdFeedback}, true},
		{"feedbakc", parsed{cmd: cmdFeedback}, true},
		{"下步", parsed{cmd: cmdNext}, true},
		{"上步", parsed{cmd: cmdBack}, true},

		// Arguments.
		{"topics 2", parsed{cmd: cmdTopics, page: 2}, true},
		{"topics page 3", parsed{cmd: cmdTopics, page: 3}, true},
		{"topics p4", parsed{cmd: cmdTopics, page: 4}, true},
		{"目录 2", parsed{cmd: cmdTopics, page: 2}, true},
		{"目录2", parsed{cmd: cmdTopics, page: 2}, true},
		{"目录 第3页", parsed{cmd: cmdTopics, page: 3}, true},
		{"目录 ２", parsed{cmd: cmdTopics, page: 2}, true},
		{"目录 第二页", parsed{cmd: cmdTopics, page: 2}, true}, // Chinese numerals
		{"目录第十页", parsed{cmd: cmdTopics, page: 10}, true},
		{"目录 第十二页", parsed{cmd: cmdTopics, page: 12}, true},
		{"目录 第二十三页", parsed{cmd: cmdTopics, page: 23}, true},
		{"目录 两", parsed{cmd: cmdTopics, page: 2}, true},
		{"目录 第零页", parsed{}, false},
		{"目录 第一百页", parsed{}, false},
		{"tour restart", parsed{cmd: cmdTour, restart: true}, true},
		{"tour start over", parsed{cmd: cmdTour, restart: true}, true},
		{"tour start", parsed{cmd: cmdTour}, true},
		{"入门 重新开始", parsed{cmd: cmdTour, restart: true}, true},
		{"入门重来", parsed{cmd: cmdTour, restart: true}, true},
		{"feedback 👍", parsed{cmd: cmdFeedback, vote: 1}, true},
		{"feedback good", parsed{cmd: cmdFeedback, vote: 1}, true},
		{"feedback not helpful", parsed{cmd: cmdFeedback, vote: -1}, true},
		{"反馈 👎", parsed{cmd: cmdFeedback, vote: -1}, true},
		{"反馈没用", parsed{cmd: cmdFeedback, vote: -1}, true},
		{"反馈 有帮助", parsed{cmd: cmdFeedback, vote: 1}, true},
		{"反馈 👍🏽", parsed{cmd: cmdFeedback, vote: 1}, true}, // with a skin tone
		{"feedback 👎🏻", parsed{cmd: cmdFeedback, vote: -1}, true},
		{"more answers", parsed{cmd: cmdMore}, true}, // the button's label, typed
		{"More answers", parsed{cmd: cmdMore}, true},
		{"更多答案", parsed{cmd: cmdMore}, true},
		{"更多 答案", parsed{cmd: cmdMore}, true},

		// A colon or comma between the name and its argument.
		{"反馈：有用", parsed{cmd: cmdFeedback, vote: 1}, true},
		{"反馈:👍", parsed{cmd: cmdFeedback, vote: 1}, true},
		{"入门，重新开始", parsed{cmd: cmdTour, restart: true}, true},
		{"目录：2", parsed{cmd: cmdTopics, page: 2}, true},
		{"feedback: good", parsed{cmd: cmdFeedback, vote: 1}, true},
		{"topics, page 2", parsed{cmd: cmdTopics, page: 2}, true},
		{"反馈：这个回答不对", parsed{}, false},
		{"help: my laptop", parsed{}, false},

		// Traditional script, names and arguments alike.
		{"反饋 有幫助", parsed{cmd: cmdFeedback, vote: 1}, true},
		{"反饋 沒有幫助", parsed{cmd: cmdFeedback, vote: -1}, true},
		{"反饋沒用", parsed{cmd: cmdFeedback, vote: -1}, true},
		{"入門 重新開始", parsed{cmd: cmdTour, restart: true}, true},
		{"入門 繼續", parsed{cmd: cmdTour}, true},
		{"目錄 第２頁", parsed{cmd: cmdTopics, page: 2}, true},
		{"下一頁", parsed{}, false},
		{"幫助我重設密碼", parsed{}, false},

		// Questions that must stay questions.
		{"", parsed{}, false},
		{"help me reset my password", parsed{}, false},
		{"how do I get help with my laptop", parsed{}, false},
		{"next steps after signing the contract", parsed{}, false},
		{"more holidays", parsed{}, false},
		{"back pay", parsed{}, false},
		{"tour of the office", parsed{}, false},
		{"topics 0", parsed{}, false},
		{"topics two", parsed{}, false},
		{"feedback process for managers", parsed{}, false},
		{"text", parsed{}, false},
		{"bank", parsed{}, false},
		{"mode", parsed{}, false},
		{"hell", parsed{}, false},
		{"hello", parsed{}, false},
		{"tropics", parsed{}, false},
		{"tops", parsed{}, false},
		{"to", parsed{}, false},
		{"he", parsed{}, false},
		{"vpn", parsed{}, false},
		{"nextcloud", parsed{}, false},
		{"more?!", parsed{cmd: cmdMore}, true},
		{"帮助我重置密码", parsed{}, false},
		{"目录在哪里", parsed{}, false},
		{"下一步怎么办", parsed{}, false},
		{"入门培训什么时候开始", parsed{}, false},
		{"更多的假期", parsed{}, false},
		{"反馈流程是什么", parsed{}, false},
		{"/etc/hosts", parsed{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, ok := parseCommand(tt.text)
			if ok != tt.ok || got != tt.want {
				t.Errorf("parseCommand(%q): got %+v, %v; want %+v, %v", tt.text, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestOneTypo(t *testing.T) {
	tests := []struct {
		word, name string
		want       bool
	}{
		{"hlep", "help", true},
		{"helpp", "help", true},
		{"helps", "help", true},
		{"hxelp", "help", false}, // inserted letter mid-word, not doubled
		{"hell", "help", false},  // substitution in a short name
		{"topucs", "topics", true},
		{"xopics", "topics", false}, // first letter
		{"tpoisc", "topics", false}, // two swaps
		{"help", "help", false},
	}
	for _, tt := range tests {
		if got := oneTypo(tt.word, tt.name); got != tt.want {
			t.Errorf("oneTypo(%q, %q): got %v; want %v", tt.word, tt.name, got, tt.want)
		}
	}
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"help", "topics 2", "目录第2页", "tour restart", "反馈👍", "hlep", "/more?", "p", "第", "topics page page 2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := parseCommand(s)
		if !ok {
			if p != (parsed{}) {
				t.Errorf("parseCommand(%q): not a command but returned %+v", s, p)
			}
			return
		}
		if p.cmd == cmdNone {
			t.Errorf("parseCommand(%q): ok with no command", s)
		}
		if utf8.RuneCountInString(normCommand(s)) > maxCommandLen {
			t.Errorf("parseCommand(%q): a command longer than %d runes", s, maxCommandLen)
		}
		if p.page < 0 || (p.page != 0 && p.cmd != cmdTopics) {
			t.Errorf("parseCommand(%q): page %d on %v", s, p.page, p.cmd)
		}
	})
}
