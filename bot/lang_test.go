package bot

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestTextLang(t *testing.T) {
	tests := []struct{ text, want string }{
		{"how do I book leave?", LangEnglish},
		{"怎么请假", LangChinese},
		{"怎么配置VPN", LangChinese},
		{"VPN 怎么连", LangChinese},
		{"what is 入门", LangEnglish},
		{"what does 入门 mean?", LangEnglish},
		{"how do I apply for 年假 and 病假", LangEnglish},
		{"kubectl get pods 是什么", LangChinese}, // English names in a Chinese question
		{"npm install 报错 EACCES", LangChinese},
		{"docker compose up 失败", LangChinese},
		{"git push --force 和 git push 有什么区别", LangChinese},
		{"docker run -it 报错", LangChinese},
		{"ls -a -l -h 什么意思", LangChinese},
		{"git rebase 怎麼用", LangChinese}, // Traditional script
		{"請問怎麼報銷", LangChinese},
		{"Größe?", LangEnglish},
		{"", ""},
		{"42", ""},
		{"👍", ""},
		{"?!", ""},
	}
	for _, tt := range tests {
		if got := textLang(tt.text); got != tt.want {
			t.Errorf("textLang(%q): got %q; want %q", tt.text, got, tt.want)
		}
	}
}

func TestChooseLang(t *testing.T) {
	tests := []struct{ text, previous, locale, want string }{
		{"leave", LangChinese, "zh-CN", LangEnglish}, // the text decides
		{"👍", LangChinese, "en-US", LangChinese},     // then the conversation
		{"👍", "", "zh_TW", LangChinese},              // then the locale
		{"👍", "", "fr-FR", LangEnglish},              // else English
		{"", "", "", LangEnglish},
	}
	for _, tt := range tests {
		if got := chooseLang(tt.text, tt.previous, tt.locale); got != tt.want {
			t.Errorf("chooseLang(%q, %q, %q): got %q; want %q", tt.text, tt.previous, tt.locale, got, tt.want)
		}
	}
}

// TestCatalog checks that every phrase exists in every language with the
// same format verbs, so no language shows a key or a %!d(MISSING).
func TestCatalog(t *testing.T) {
	verbs := regexp.MustCompile(`%[a-z]`)
	en := catalog[LangEnglish]
	for lang := range catalog {
		for key, text := range en {
			got, ok := catalog[lang][key]
			if !ok {
				t.Errorf("%s: no text for %q", lang, key)
				continue
			}
			if a, b := verbs.FindAllString(text, -1), verbs.FindAllString(got, -1); !slices.Equal(a, b) {
				t.Errorf("%s %q: format verbs %v; English has %v", lang, key, b, a)
			}
		}
		for key := range catalog[lang] {
			if _, ok := en[key]; !ok {
				t.Errorf("%s: %q has no English text", lang, key)
			}
		}
	}
	if got := Label("xx", MsgRelated); got != "Related topics" {
		t.Errorf("Label in an unknown language: got %q; want English", got)
	}
	if got := Label(LangChinese, MsgPage, 2, 5); got != "第 2 页，共 5 页" {
		t.Errorf("Label with arguments: got %q", got)
	}
	if got := Label(LangEnglish, Msg("nope")); got != "nope" {
		t.Errorf("Label of an unknown key: got %q; want the key", got)
	}
}

// TestHelpListsCommands keeps the help text in step with the commands.
func TestHelpListsCommands(t *testing.T) {
	for lang := range catalog {
		help := Label(lang, msgHelp)
		for _, n := range commandNames {
			if !n.typo || (lang == LangChinese) != isCJKName(n.name) {
				continue
			}
			if !strings.Contains(help, n.name) {
				t.Errorf("%s help does not mention %q", lang, n.name)
			}
		}
	}
}
