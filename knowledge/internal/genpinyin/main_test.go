package main

import (
	"testing"

	"github.com/kbbot/kbbot/knowledge/internal/gencheck"
)

// TestTableUpToDate fails when knowledge/pinyin.txt is not what this
// command writes: after a go-pinyin upgrade, run go generate ./knowledge.
func TestTableUpToDate(t *testing.T) {
	gencheck.UpToDate(t, write, "../../pinyin.txt")
}

func TestReading(t *testing.T) {
	for r, want := range map[rune]string{'行': "xing", '绿': "lv", '搬': "ban", '切': "qie", 'a': ""} {
		if got := reading(r); got != want {
			t.Errorf("reading(%c) = %q; want %q", r, got, want)
		}
	}
}
