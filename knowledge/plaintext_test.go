package knowledge

import (
	"context"
	"strings"
	"testing"
)

// TestDefaultDocumentStructure checks the embedded essay comes out as its
// introduction, 4 parts with 5, 5, 4 and 6 subsections, and the closing
// remarks, every title exact.
func TestDefaultDocumentStructure(t *testing.T) {
	b, err := Default(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		level int
		title string
	}{
		{0, "引言"},
		{1, "一、开源和闭源的优劣势比较"},
		{2, "质量"}, {2, "安全性"}, {2, "产业化"}, {2, "适应性"}, {2, "可靠性"},
		{1, "二、开源和闭源对大模型技术发展的影响"},
		{2, "数据共享"}, {2, "算法创新"}, {2, "业务拓展"}, {2, "技术保密性"}, {2, "灵活性与定制性"},
		{1, "三、开源与闭源的商业模式比较"},
		{2, "盈利模式"}, {2, "市场竞争"}, {2, "用户生态"}, {2, "技术创新"},
		{1, "四:处在大模型洪流中,向何处去?"},
		{2, "技术创新与研发"}, {2, "开源合作"}, {2, "数据共享与隐私保护"}, {2, "人才培养"}, {2, "应用场景拓展"}, {2, "法规与伦理建设"},
		{0, "结语"},
	}
	secs := b.Sections()
	if len(secs) != len(want) {
		for _, s := range secs {
			t.Logf("%d %s", s.Level, s.Title)
		}
		t.Fatalf("got %d sections; want %d", len(secs), len(want))
	}
	part := ""
	for i, w := range want {
		s := secs[i]
		if s.Level != w.level || s.Title != w.title {
			t.Errorf("section %d: got level %d %q; want level %d %q", i, s.Level, s.Title, w.level, w.title)
		}
		if w.level == 1 {
			part = w.title
		}
		wantPath := []string{w.title}
		if w.level == 2 {
			wantPath = []string{part, w.title}
		}
		if strings.Join(s.Path, "/") != strings.Join(wantPath, "/") {
			t.Errorf("section %q: got path %q; want %q", s.Title, s.Path, wantPath)
		}
		if s.Source != "open-vs-closed-source-llms.txt" {
			t.Errorf("section %q: got source %q", s.Title, s.Source)
		}
	}
	checks := []struct {
		title, starts, ends string
		line                int
	}{
		{"引言", "在大型模型的发展中", "以推动整个领域的进步。", 1},
		{"一、开源和闭源的优劣势比较", "开源和闭源是两种不同的软件开发模式", "以取得更好的平衡。", 6},
		{"安全性", "- 开源: 开源软件因为公开", "修复可能需要更多时间。", 11},
		{"人才培养", "大模型的研发需要大量的高水平人才", "不断发展的大模型技术需求。", 59},
		{"结语", "本次讨论主要涉及到", "更广泛的社会效益。", 62},
		{"四:处在大模型洪流中,向何处去?", "", "", 55},
	}
	for _, c := range checks {
		var s *Section
		for _, x := range secs {
			if x.Title == c.title {
				s = x
			}
		}
		if s == nil {
			t.Errorf("no section %q", c.title)
			continue
		}
		if !strings.HasPrefix(s.Body, c.starts) || !strings.HasSuffix(s.Body, c.ends) {
			t.Errorf("%q body: got %.60q…%q; want it to start %q and end %q", c.title, s.Body, tail(s.Body, 20), c.starts, c.ends)
		}
		if s.Line != c.line {
			t.Errorf("%q: got line %d; want %d", c.title, s.Line, c.line)
		}
	}
}

func tail(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[len(r)-n:])
}

// TestPlainTextRules checks each plain-text convention on its own.
func TestPlainTextRules(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // "level title" per section
	}{
		{"numbered headings", "1. Office\n1.1 Where are the offices?\nLisbon and Berlin.\n\n1.2 Parking\nNo parking.\n2. Pay\nPaid monthly.\n",
			[]string{"1 1. Office", "2 1.1 Where are the offices?", "2 1.2 Parking", "1 2. Pay"}},
		{"numbered list is not headings", "Steps to follow:\n1. Open the app\n2. Click login\n3. Done\n",
			[]string{"0 Introduction"}},
		{"numbered list of three before text", "1. Open\n2. Choose Save\n3. Pick a folder\nThe file is saved.\n",
			[]string{"0 Introduction"}},
		{"numbered list of three between headings", "Setup\n=====\n1. Open\n\n2. Save\n\n3. Close\nDone.\n",
			[]string{"1 Setup"}},
		{"numbered list all ones", "Steps to follow:\n1. Open the app\n1. Click login\n1. Done\n",
			[]string{"0 Introduction"}},
		{"table of contents, then the headings", "Contents\n1. Hours\n2. Leave\n3. Pay\n\n1. Hours\n\nCore hours are 10-16.\n\n2. Leave\nAsk first.\n\n3. Pay\nMonthly.\n",
			[]string{"0 Introduction", "1 1. Hours", "1 2. Leave", "1 3. Pay"}},
		{"underlined headings", "Handbook\n========\n\nIntro text.\n\nLeave\n-----\nTake it.\n",
			[]string{"1 Handbook", "2 Leave"}},
		{"chapters", "第一章 总则\n本制度适用于全体员工。\n第一节 范围\n全体员工。\n第二章 假期\n年假十天。\n",
			[]string{"1 第一章 总则", "2 第一节 范围", "1 第二章 假期"}},
		{"parts inside chapters", "第一章 总则\n一、目的\n规范考勤。\n第二章 考勤\n一、工作时间\n每天九点。\n二、请假\n提前申请。\n",
			[]string{"1 第一章 总则", "2 一、目的", "1 第二章 考勤", "2 一、工作时间", "2 二、请假"}},
		{"parts inside sections", "第一章 假期\n第一节 年假\n一、天数\n十天。\n第二节 病假\n需证明。\n",
			[]string{"1 第一章 假期", "2 第一节 年假", "3 一、天数", "2 第二节 病假"}},
		{"numbered headings inside parts", "一、总则\n1. 目的\n规范考勤。\n2. 范围\n全体员工。\n二、考勤\n1.1 工作时间\n九点。\n",
			[]string{"1 一、总则", "2 1. 目的", "2 2. 范围", "1 二、考勤", "3 1.1 工作时间"}},
		{"numbered headings inside chapters", "第一章 总则\n1.1 目的\n规范考勤。\n1.2 范围\n全体员工。\n",
			[]string{"1 第一章 总则", "2 1.1 目的", "2 1.2 范围"}},
		{"single bullet with colon is text", "一、说明\n- 注意: 请先登录。\n正文。\n",
			[]string{"1 一、说明"}},
		{"bullet subsection closed by paragraph", "一、比较\n- 质量:\n- 开源: 好。\n- 闭源: 也好。\n总结段落。\n",
			[]string{"1 一、比较", "2 质量"}},
		{"a link is not a topic", "一、链接\n- 文档 https://example.com/a\n- 代码 https://example.com/b\n",
			[]string{"1 一、链接"}},
		{"no headings at all", "Just a note.\nWith two lines.\n",
			[]string{"0 Introduction"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parsePlainText(tt.src)
			var got []string
			for _, s := range doc.sections {
				got = append(got, strings.TrimSpace(strings.Join([]string{itoa(s.level), s.title}, " ")))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
	t.Run("summary paragraph stays with its part", func(t *testing.T) {
		doc := parsePlainText("一、比较\n- 质量:\n- 开源: 好。\n总结段落。\n二、下一部分\n- 甲: 一。\n- 乙: 二。\n")
		if doc.sections[0].body != "总结段落。" || doc.sections[1].body != "- 开源: 好。" {
			t.Errorf("got part %q, sub %q", doc.sections[0].body, doc.sections[1].body)
		}
	})
}

func itoa(n int) string { return string(rune('0' + n)) }

// FuzzPlainText checks the plain-text parser never panics, keeps the
// text's words, and gives every section a title.
func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"一、标题\n- 质量:\n- 开源: 文本\n总结\n", "1. A\n1.1 B\ntext\n", "T\n===\n", "- a: b\n- c: d\n", "第三章\n", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		doc := parsePlainText(src)
		for _, s := range doc.sections {
			if s.title == "" {
				t.Fatalf("untitled section in %q", src)
			}
			if s.line < 0 {
				t.Fatalf("negative line")
			}
		}
	})
}

// BenchmarkParsePlainText parses a long plain-text file, one section of
// 10,000 and one of 40,000 lines: the time a line must stay the same (a
// body built by copying itself for every line made this quadratic).
func BenchmarkParsePlainText(b *testing.B) {
	for _, n := range []int{10000, 40000} {
		src := strings.Repeat("alpha beta gamma delta\n", n)
		b.Run(itoa(n/10000)+"0k-lines", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				parsePlainText(src)
			}
		})
	}
}
