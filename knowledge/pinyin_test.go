package knowledge

import (
	"testing"
	"testing/fstest"
)

func TestSoundKey(t *testing.T) {
	for _, tt := range []struct{ pair, want string }{
		{"切换", "qie|huan"},
		{"银行", "yin|xing"}, // first readings only
		{"绿色", "lv|se"},
		{"搬到", "ban|dao"}, // not su: 搬's rare reading
		{"a切", ""},
		{"切", ""},
		{"切换器", ""},
	} {
		if got := string(soundKey(nil, tt.pair)); got != tt.want {
			t.Errorf("soundKey(%q) = %q; want %q", tt.pair, got, tt.want)
		}
	}
}

func TestOneCharDiffers(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"时去", "时区", true}, {"近入", "进入", true}, {"时区", "时区", false}, {"控件", "空间", false}, {"时区", "区时", false},
	} {
		if got := oneCharDiffers(tt.a, tt.b); got != tt.want {
			t.Errorf("oneCharDiffers(%q, %q) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestSoundAlikes: a pair mistyped by sound (时去 for 时区) finds the
// pair the base has, at a typo's weight; a pair on the seam of two words
// the base knows (护数 in 保护数据) finds nothing by sound, though 户数
// sounds like it.
func TestSoundAlikes(t *testing.T) {
	fsys := fstest.MapFS{
		"tz.md":   {Data: []byte("# timedatectl\n\n设置系统时区。\n")},
		"date.md": {Data: []byte("# date\n\n显示和修改系统的日期和时间, 按时。\n")},
		"data.md": {Data: []byte("# 数据\n\n保护好数据。统计户数。\n")},
	}
	b := loadFS(t, fsys, Options{NoGeneralSynonyms: true})
	if r := b.Search("系统时去怎么改", 2); !r.Answered || r.Matches[0].Section.Title != "timedatectl" {
		t.Errorf("Search(系统时去怎么改): got %s; want timedatectl first, answered", describe(r))
	}
	for _, c := range b.parseQuery("系统时去怎么改").concepts {
		if c.surface == "时去" && (len(c.alts) != 1 || c.alts[0].term != b.idx.vocab["时区"] || c.alts[0].factor != typoFactor) {
			t.Errorf("时去: alts %v; want 时区 (%d) at %v", c.alts, b.idx.vocab["时区"], typoFactor)
		}
	}
	for _, c := range b.parseQuery("保护数据").concepts {
		if c.surface == "护数" && (len(c.alts) > 0 || c.weight != 0) {
			t.Errorf("seam 护数: alts %v, weight %v; want none", c.alts, c.weight)
		}
	}
}
