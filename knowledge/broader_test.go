package knowledge

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseBroader(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		want       Broader
		err        string
	}{
		{"one line", "country, abroad: Spain, Germany\n", Broader{"spain": {"countri", "abroad"}, "germany": {"countri", "abroad"}}, ""},
		{"last term of a name", "country: hong kong, 西班牙\n", Broader{"kong": {"countri"}, "班牙": {"countri"}}, ""},
		{"comments and blanks", "# places\n\nstate: Texas,\n", Broader{"texas": {"state"}}, ""},
		{"two lines merge", "state: georgia\ncountry: georgia\n", Broader{"georgia": {"state", "countri"}}, ""},
		{"no colon", "country spain\n", nil, "line 1: want"},
		{"no broader word", "  : spain\n", nil, "line 1: no broader word"},
		{"a name without a word", "country: spain, !!!\n", nil, `line 1: "!!!" has no word`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseBroader(tt.text)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseBroader(%q) error %v; want one with %q", tt.text, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("ParseBroader(%q) = %v; want %v", tt.text, got, tt.want)
			}
			for k, v := range tt.want {
				if !slices.Equal(got[k], v) {
					t.Errorf("ParseBroader(%q)[%q] = %v; want %v", tt.text, k, got[k], v)
				}
			}
		})
	}
}

// TestGeneralBroader: the embedded list parses, and names its names'
// kinds.
func TestGeneralBroader(t *testing.T) {
	p := GeneralBroader()
	for name, want := range map[string]string{"spain": "countri", "texas": "state", "ontario": "provinc", "德国": "国家", "班牙": "海外", "广东": "省份", "christmas": "holiday", "春节": "假期", "ipad": "tablet"} {
		if !slices.Contains(p[name], want) {
			t.Errorf("GeneralBroader()[%q] = %v; want %q among them", name, p[name], want)
		}
	}
	// Names are matched as written: no everyday word is one.
	for _, w := range []string{"main", "mainly", "holy", "franc", "emir", "turkey", "jersey", "西兰", "地利", "西亚", "大利"} {
		if hs, ok := p[w]; ok {
			t.Errorf("GeneralBroader()[%q] = %v; want no entry", w, hs)
		}
	}
}

// TestBroaderOneWay: a question that names a place or a holiday finds a
// section that says "country", "state" or "holidays"; a question that
// says "country" does not find a section that only names a place, and
// one place does not find another.
func TestBroaderOneWay(t *testing.T) {
	fsys := fstest.MapFS{
		"remote.md": {Data: []byte("# Working remotely\n\nTell People Ops before you move to another state or country.\n")},
		"pay.md":    {Data: []byte("# Pay\n\nWe pay everyone the same salary, wherever they move or live, and we tell you how it is set.\n")},
		"spain.md":  {Data: []byte("# Barcelona office\n\nOur office in Spain is open to everyone.\n")},
		"days.md":   {Data: []byte("# Time off\n\nEveryone gets 20 vacation days and 11 local holidays a year. 国庆和春节以外的节假日照常上班。\n")},
	}
	b := loadFS(t, fsys, Options{})
	for _, tt := range []struct{ q, want string }{
		{"I'm moving to Texas, who do I tell?", "Working remotely"},
		{"moving to Germany next month, do I need to tell anyone", "Working remotely"},
		{"which office is in Spain", "Barcelona office"},
		{"Christmas?", "Time off"},
		{"中秋", "Time off"},
	} {
		if r := b.Search(tt.q, 3); len(r.Matches) == 0 || r.Matches[0].Section.Title != tt.want {
			t.Errorf("Search(%q): got %s; want %q first", tt.q, describe(r), tt.want)
		}
	}
	for _, q := range []string{"which country is the office in", "is there an office in Germany"} {
		for _, m := range b.Search(q, 3).Matches {
			if m.Section.Title == "Barcelona office" && slices.ContainsFunc(m.Terms, func(s string) bool { return s == "country" || s == "germany" }) {
				t.Errorf("Search(%q): Barcelona office found by %v", q, m.Terms)
			}
		}
	}
	off := loadFS(t, fsys, Options{NoGeneralSynonyms: true})
	if r := off.Search("I'm moving to Texas, who do I tell?", 3); len(r.Matches) > 0 && r.Matches[0].Section.Title == "Working remotely" && slices.Contains(r.Matches[0].Terms, "texas") {
		t.Errorf("with NoGeneralSynonyms, Texas still found %q", r.Matches[0].Section.Title)
	}
}

func FuzzParseBroader(f *testing.F) {
	f.Add("country, abroad: Spain, hong kong, 西班牙\n# c\nstate: texas")
	f.Add(": x\ny")
	f.Fuzz(func(t *testing.T, text string) {
		b, err := ParseBroader(text)
		if err != nil {
			return
		}
		for name, hs := range b {
			if name == "" || len(hs) == 0 || slices.Contains(hs, name) || slices.Contains(hs, "") {
				t.Fatalf("ParseBroader(%q): %q -> %q", text, name, hs)
			}
		}
	})
}
