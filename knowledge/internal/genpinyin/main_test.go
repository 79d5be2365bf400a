package main

import (
	"bytes"
	"os"
	"testing"
)

// TestTableUpToDate fails when knowledge/pinyin.txt is not what this
// command writes: after a go-pinyin upgrade, run go generate ./knowledge.
func TestTableUpToDate(t *testing.T) {
	var got bytes.Buffer
	if err := write(&got); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../pinyin.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("knowledge/pinyin.txt is out of date (%d bytes, generated %d): run go generate ./knowledge", len(want), got.Len())
	}
}

func TestReading(t *testing.T) {
	for r, want := range map[rune]string{'行': "xing", '绿': "lv", '搬': "ban", '切': "qie", 'a': ""} {
		if got := reading(r); got != want {
			t.Errorf("reading(%c) = %q; want %q", r, got, want)
		}
	}
}
