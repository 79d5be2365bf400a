package knowledge

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello World", "hello world"},
		{"ＡＢＣ１２３", "abc123"},         // full-width Latin and digits
		{"開源和閉源哪個更安全", "开源和闭源哪个更安全"}, // Traditional -> Simplified
		{"軟體質量", "软体质量"},
		{"ﾃｽﾄ", "テスト"}, // half-width Katakana
		{"Straße", "strasse"},
		{"already simple 简体", "already simple 简体"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestT2STable checks that every pair of t2s.txt is read: a line the
// reader skipped would leave a Traditional character unfolded.
func TestT2STable(t *testing.T) {
	pairs := 0
	for line := range strings.Lines(t2sText) {
		if !strings.HasPrefix(line, "#") {
			pairs++
		}
	}
	t2sOnce.Do(buildT2S)
	mapped := 0
	for _, r := range t2sTable {
		if r != 0 {
			mapped++
		}
	}
	if pairs < 3000 || mapped != pairs {
		t.Errorf("t2s.txt: %d pairs, %d read into the table", pairs, mapped)
	}
	for trad, simp := range map[rune]rune{'開': '开', '體': '体', '㑳': '㑇', '錄': '录'} {
		if got := t2sTable[trad-hanLo]; got != simp {
			t.Errorf("%c folds to %c; want %c", trad, got, simp)
		}
	}
}

func terms(s string, query bool) []string {
	var out []string
	analyze(Fold(s), stemWord, query, func(t token) {
		w := t.term
		if t.weak {
			w += "~"
		}
		out = append(out, w)
	})
	return out
}

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		query bool
		want  string
	}{
		{"stems and stop words", "The servers are running backups", false, "server run backup"},
		{"keeps meaningful particles", "log out and turn off", false, "log out turn off"},
		{"question words are weak", "how do I get access", true, "get~ access"},
		{"soft brackets", "[c]reate a g[z]ipped archive, Lis[t] files", false, "creat gzip archiv list file"},
		{"links are not soft", "[docs](x) see [1]", false, "doc x see 1"},
		{"contractions", "don't it's", false, ""},
		{"CJK unigrams and bigrams", "开源软件", false, "开 源 开源 软 源软 件 软件"},
		{"CJK question words break runs", "开源怎么赚钱", true, "开 源 开源 赚 钱 赚钱"},
		{"colloquial question words too", "开源为啥到底能不能赚钱", true, "开 源 开源 赚 钱 赚钱"},
		{"the document itself is not what a question is about", "这篇文章的结论", true, "结 论 结论"},
		{"an article is, in the index", "这篇文章的结论", false, "这 篇 这篇 文 篇文 章 文章 的 章的 结 的结 论 结论"},
		{"a word that starts with a weak character", "怎么更新最新版", true, "更 新 更新 最 新最 新 最新 版 新版"},
		{"the weak character on its own", "哪个更安全", true, "安 全 安全"},
		{"greetings say nothing to look for", "你好，谢谢，再见", true, ""},
		{"mixed scripts", "用git提交", false, "用 git 提 交 提交"},
		{"numbers and versions", "port 8080 v1.2", false, "port 8080 v1 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(terms(tt.in, tt.query), " "); got != tt.want {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}

// FuzzAnalyze checks what the analyser makes of any folded text: single
// CJK characters and pairs of them, words of letters and digits only, and
// the same words again when they are analysed a second time.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"Hello, World's [c]reate tar.gz", "re-run --dry-run UTF-8 end-to-end", "开源和闭源 ok", "e\u0301t\u00e9 Straße 123abc", "[x] a]b [ab] don’t", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = Fold(s)
		var words []string
		analyze(s, nil, false, func(tk token) {
			switch tk.kind {
			case kindUni, kindBi:
				n := utf8.RuneCountInString(tk.term)
				if n != int(tk.kind) || strings.ContainsFunc(tk.term, func(r rune) bool { return !isCJK(r) }) {
					t.Fatalf("%q: CJK term %q (kind %d)", s, tk.term, tk.kind)
				}
			case kindWord:
				if tk.surface == "" || strings.ContainsFunc(tk.surface, func(r rune) bool {
					return isCJK(r) || !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
				}) {
					t.Fatalf("%q: word %q", s, tk.surface)
				}
				words = append(words, tk.surface)
			}
		})
		var again []string
		analyze(strings.Join(words, " "), nil, false, func(tk token) { again = append(again, tk.surface) })
		if !slices.Equal(words, again) {
			t.Fatalf("%q: words %q, analysed again %q", s, words, again)
		}
		hyphenJoins(s, new([maxJoined]byte), func(w []byte) {
			if len(w) < 2 || len(w) > maxJoined || !isASCIILetter(w[0]) || strings.ContainsFunc(string(w), func(r rune) bool {
				return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
			}) {
				t.Fatalf("%q: joined %q", s, w)
			}
		})
	})
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"permission", "permision", 1},
		{"chnage", "change", 1}, // transposition counts once
		{"expense", "expnse", 1},
		{"kitten", "sitting", 3},
		{"same", "same", 0},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, 5); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// testBase is a small knowledge base for search behaviour.
func testBase(t *testing.T, opts Options) *Base {
	t.Helper()
	fsys := fstest.MapFS{
		"expenses.md": {Data: []byte("---\naliases: [reimbursement]\nowner: \"@finance\"\n---\n# Expenses\n\n## Submitting an expense report\n\nFile your expense report in Ramp within 30 days, with receipts attached.\n\n## Travel\n\nBook flights through the travel desk. Economy class for flights under six hours.\n")},
		"security.md": {Data: []byte("# Security\n\n## VPN\n\nConnect with WireGuard before you reach staging servers.\n\n## Passwords\n\nUse the password manager. Turn on two-factor authentication everywhere.\n")},
		"假期.md":       {Data: []byte("# 假期\n\n## 年假\n\n员工每年有十五天带薪年假，需要提前两周在系统里申请。\n\n## 病假\n\n生病请假需要当天告诉你的经理。\n")},
	}
	return loadFS(t, fsys, opts)
}

func TestSearch(t *testing.T) {
	b := testBase(t, Options{})
	tests := []struct {
		q        string
		title    string // "" = must not be answered
		answered bool
	}{
		{"how do I submit an expense report", "Submitting an expense report", true},
		{"expnse reprot", "Submitting an expense report", true}, // typos
		{"wirguard", "VPN", true},
		{"reimbursement", "Expenses", true}, // front matter alias: the file's top section
		{"年假有几天", "年假", true},
		{"年假有幾天", "年假", true}, // Traditional
		{"ＶＰＮ", "VPN", true},  // full width
		{"what is the capital of France", "", false},
		{"今天天气怎么样", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			r := b.Search(tt.q, 3)
			if r.Answered != tt.answered {
				t.Errorf("answered %v (%s); want %v: %+v", r.Answered, r.Reason, tt.answered, r.Matches)
			}
			if tt.title != "" && (len(r.Matches) == 0 || r.Matches[0].Section.Title != tt.title) {
				t.Errorf("got %+v; want %q first", r.Matches, tt.title)
			}
			for _, m := range r.Matches {
				if m.Score < 0 || m.Score > 1 || m.Coverage < 0 || m.Coverage > 1 {
					t.Errorf("score %v coverage %v outside [0,1]", m.Score, m.Coverage)
				}
			}
			if !tt.answered && r.Reason == "" {
				t.Errorf("refusal without a reason")
			}
		})
	}
	if r := b.Search("", 3); r.Answered || r.Reason == "" {
		t.Errorf("empty question: got %+v", r)
	}
}

func TestSynonyms(t *testing.T) {
	syn, err := ParseSynonyms(strings.NewReader("# comment\ncredentials, password\n"))
	if err != nil {
		t.Fatal(err)
	}
	without := testBase(t, Options{}).Search("credentials manager", 1)
	with := testBase(t, Options{Synonyms: syn}).Search("credentials manager", 1)
	if !with.Answered || with.Matches[0].Section.Title != "Passwords" {
		t.Errorf("with synonyms: got %+v", with)
	}
	if without.Answered && without.Matches[0].Section.Title == "Passwords" && without.Matches[0].Coverage >= with.Matches[0].Coverage {
		t.Errorf("synonyms changed nothing: %+v", without)
	}
	for _, bad := range []string{"lonely\n", "a, !!!\n"} {
		if _, err := ParseSynonyms(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("ParseSynonyms(%q): got %v; want an error naming line 1", bad, err)
		}
	}
}

func TestSuggest(t *testing.T) {
	b := testBase(t, Options{})
	tests := []struct {
		prefix string
		want   string
	}{
		{"sub", "Submitting an expense report"},
		{"vp", "VPN"},
		{"年", "年假"},
		{"secrty", "Security"}, // fuzzy subsequence
		{"TRAV", "Travel"},
	}
	for _, tt := range tests {
		got := b.Suggest(tt.prefix, 5)
		if len(got) == 0 || got[0].Title != tt.want {
			var titles []string
			for _, s := range got {
				titles = append(titles, s.Title)
			}
			t.Errorf("Suggest(%q) = %q; want %q first", tt.prefix, titles, tt.want)
		}
	}
	if got := b.Suggest(strings.Repeat("a", 500), 5); len(got) > 5 {
		t.Errorf("long prefix: got %d", len(got))
	}
}

func TestConcurrentSearch(t *testing.T) {
	b := testBase(t, Options{})
	done := make(chan bool)
	for i := 0; i < 8; i++ {
		go func() {
			for j := 0; j < 200; j++ {
				if r := b.Search("expense report travel 年假", 3); len(r.Matches) == 0 {
					t.Error("no matches")
				}
			}
			done <- true
		}()
	}
	for i := 0; i < 8; i++ {
		<-done
	}
}

// TestBoundaryPairs: a character pair on the seam of two words the base
// knows weighs no more than its neighbours (源公 in 开源公司), and nothing
// when the base lacks it (司靠 in 公司靠); a pair with an unknown
// neighbour keeps its weight (赚钱: the question's own word).
func TestBoundaryPairs(t *testing.T) {
	fsys := fstest.MapFS{
		"a.md": {Data: []byte("# 一\n\n开源软件由社区维护。\n\n# 二\n\n公司的开源策略。\n\n# 三\n\n一家开源公司。\n\n# 四\n\n公司靠服务收费。\n\n# 五\n\n很多公司使用开源。\n")},
	}
	b := loadFS(t, fsys, Options{})
	pq := b.parseQuery("开源公司靠什么赚钱")
	w := map[string]float32{}
	for _, c := range pq.concepts {
		w[c.surface] = c.weight
	}
	if w["源公"] > max(w["开源"], w["公司"]) {
		t.Errorf("源公 weighs %.2f; want at most its neighbours' %.2f", w["源公"], max(w["开源"], w["公司"]))
	}
	if w["赚钱"] == 0 {
		t.Errorf("赚钱 weighs 0; want its weight as an unknown pair")
	}
	var sum float32
	for _, c := range pq.concepts {
		sum += c.weight
	}
	if d := sum - pq.total; d > 1e-3 || d < -1e-3 {
		t.Errorf("total %.3f; the concepts sum to %.3f", pq.total, sum)
	}
}

// TestLexiconLowercasesASCII: a lexicon gives ASCII words in any case the
// IDs of their lowercase forms (bodies in ASCII are not folded ahead).
func TestLexiconLowercasesASCII(t *testing.T) {
	l := newLexicon()
	mixed := l.appendTerms(nil, "The QUICK Brown fox's [C]reate Tar.GZ 2FA")
	lower := l.appendTerms(nil, "the quick brown fox's [c]reate tar.gz 2fa")
	if len(mixed) == 0 || !slices.Equal(mixed, lower) {
		t.Errorf("mixed case %v; lowercase %v", mixed, lower)
	}
	for w := range l.words {
		if hasUpperASCII(w) {
			t.Errorf("lexicon word %q has capitals", w)
		}
	}
	if got := foldBody("ASCII Stays"); got != "ASCII Stays" {
		t.Errorf("foldBody of ASCII: %q", got)
	}
	if got := foldBody("開源 Model"); got != "开源 model" {
		t.Errorf("foldBody of Han: %q; want it folded", got)
	}
}

func TestHyphenJoins(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"re-run a command", []string{"rerun"}},
		{"send an e-mail, then sign-in", []string{"email", "signin"}},
		{"UTF-8 and SHA-256", []string{"utf8", "sha256"}},
		{"--dry-run -n", nil},         // an option
		{"end-to-end tests", nil},     // a chain
		{"2-3 days, x -y, a- b", nil}, // no word on one side
		{"a-" + strings.Repeat("b", maxJoined), nil},
		{"开源-model", nil},
		{"don't-care tar.gz-file snake_case-x a/b-c", nil}, // inside longer tokens
		{"(re-run) 're-run', e-mail. sign-in: \"log-in\" _set-up_", []string{"rerun", "rerun", "email", "signin", "login", "setup"}},
	} {
		var got []string
		hyphenJoins(tt.in, new([maxJoined]byte), func(w []byte) { got = append(got, string(w)) })
		if !slices.Equal(got, tt.want) {
			t.Errorf("hyphenJoins(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestHyphenatedWordRunTogether: a question's "rerun" finds a section
// that writes "re-run", and the second spelling adds nothing to the
// section's length.
func TestHyphenatedWordRunTogether(t *testing.T) {
	fsys := fstest.MapFS{
		"watch.md": {Data: []byte("# watch\n\nRe-run a command periodically.\n")},
		"retry.md": {Data: []byte("# retry\n\nRun a command again.\n")},
	}
	b := loadFS(t, fsys, Options{})
	if r := b.Search("rerun a command", 2); len(r.Matches) == 0 || r.Matches[0].Section.Title != "watch" {
		t.Errorf("Search(rerun a command): got %s; want watch first", describe(r))
	}
	l := newLexicon()
	if a, joined := l.appendKinds(nil, "re-run", true, true); len(a) != 3 || joined != 1 {
		t.Errorf("appendKinds(re-run) = %d terms, %d joined; want 3 terms (re, run, rerun), 1 joined", len(a), joined)
	}
	if a, joined := l.appendKinds(nil, "re-run", true, false); len(a) != 2 || joined != 0 {
		t.Errorf("appendKinds(re-run) in code = %d terms, %d joined; want 2 terms (re, run), none joined", len(a), joined)
	}
	// "it-s" runs together into a stop word: nothing added, nothing to
	// take off the length.
	if a, joined := newLexicon().appendKinds(nil, "It-s", true, true); len(a) != 0 || joined != 0 {
		t.Errorf("appendKinds(It-s) = %d terms, %d joined; want 0, 0", len(a), joined)
	}
	// A title that is only such a word, in a base with code (the prior).
	loadFS(t, fstest.MapFS{
		"a.md": {Data: []byte("# It-s\n\nSome text.\n")},
		"b.md": {Data: []byte("# other\n\nRun `other --help`.\n")},
	}, Options{})
}
