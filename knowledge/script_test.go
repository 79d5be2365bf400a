package knowledge

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

func TestCJKShare(t *testing.T) {
	def, err := Default(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	english := loadFS(t, fstest.MapFS{"a.md": {Data: []byte("# Vacation\n\nYou get 25 days of paid vacation a year.\n")}}, Options{})
	mixed := loadFS(t, fstest.MapFS{"tar.md": {Data: []byte("# tar\n\n> 归档工具。\n\n- 解压归档文件：\n\n`tar xf {{path/to/source.tar}}`\n")}}, Options{})
	tests := []struct {
		name     string
		b        *Base
		min, max float64
	}{
		{"the embedded essay", def, 0.95, 1},
		{"an English page", english, 0, 0},
		{"a Chinese page about a command", mixed, 0.3, 0.9},
	}
	for _, tt := range tests {
		if got := tt.b.CJKShare(); got < tt.min || got > tt.max {
			t.Errorf("%s: CJKShare %.3f; want %.2f..%.2f", tt.name, got, tt.min, tt.max)
		}
	}
}

// TestOtherScript: a question written only in a script the base hardly
// uses is refused with a reason that says so; any word in common, or a
// question in the base's own script, is judged as usual.
func TestOtherScript(t *testing.T) {
	def, err := Default(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	english := loadFS(t, fstest.MapFS{"a.md": {Data: []byte("# Vacation\n\nYou get 25 days of paid vacation a year. Ask your manager two weeks ahead.\n")}}, Options{})
	tests := []struct {
		name, q     string
		b           *Base
		otherScript bool
		reason      string // part of Result.Reason when otherScript
	}{
		{"English question, Chinese essay", "is open source safer than closed source?", def, true, "written in Chinese"},
		{"Chinese question, Chinese essay", "开源和闭源哪个更安全?", def, false, ""},
		{"Chinese question, English base", "年假有多少天", english, true, "question is in Chinese"},
		{"Chinese question naming an English word", "vacation 有多少天", english, false, ""},
		{"Chinese question words about English names, Chinese essay", "kubectl get pods 是什么", def, false, ""},
		{"Traditional question words about an English name, Chinese essay", "Kubernetes 是什麼？", def, false, ""},
		{"English question, English base", "how many vacation days do I get", english, false, ""},
		{"only a number", "2024", def, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.b.Search(tt.q, 3)
			if res.OtherScript != tt.otherScript {
				t.Fatalf("OtherScript = %v; want %v (answered %v, reason %q)", res.OtherScript, tt.otherScript, res.Answered, res.Reason)
			}
			if tt.otherScript && (res.Answered || !strings.Contains(res.Reason, tt.reason)) {
				t.Errorf("answered %v, reason %q; want refused, reason with %q", res.Answered, res.Reason, tt.reason)
			}
		})
	}
}
