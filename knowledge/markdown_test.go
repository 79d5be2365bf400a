package knowledge

import (
	"context"
	"encoding/binary"
	"fmt"
	"io/fs"
	"maps"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseMarkdown(t *testing.T) {
	src := "---\ntitle: Expenses\naliases: [reimbursement, receipts]\nowner: \"@finance\"\ntour: 2\nurl: https://wiki.example.com/expenses\n---\n" +
		"Intro line.\n\n# Expenses\n\nLead text.\n\n## Claims **fast**\n\n```sh\n# not a heading\nmake claim\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nSetext heading\n--------------\n\n- item\n- item two\n\n### Deep `code`\nBody.\n"
	doc := parseMarkdown(src, nil)
	type sec struct {
		level int
		title string
		line  int
	}
	want := []sec{{0, "Expenses", 8}, {1, "Expenses", 10}, {2, "Claims fast", 14}, {2, "Setext heading", 25}, {3, "Deep code", 31}}
	if len(doc.sections) != len(want) {
		t.Fatalf("got %d sections %+v; want %d", len(doc.sections), doc.sections, len(want))
	}
	for i, w := range want {
		s := doc.sections[i]
		if s.level != w.level || s.title != w.title || s.line != w.line {
			t.Errorf("section %d: got %d %q line %d; want %d %q line %d", i, s.level, s.title, s.line, w.level, w.title, w.line)
		}
	}
	claims := doc.sections[2].body
	for _, keep := range []string{"```sh\n# not a heading\nmake claim\n```", "| a | b |\n|---|---|\n| 1 | 2 |"} {
		if !strings.Contains(claims, keep) {
			t.Errorf("body lost %q:\n%s", keep, claims)
		}
	}
	if doc.meta.Owner != "@finance" || doc.meta.Tour != 2 || len(doc.meta.Aliases) != 2 {
		t.Errorf("front matter: got %+v", doc.meta)
	}
}

// TestSetextHeadings checks the headings made from a paragraph and the
// line under it, which the parser must keep while it drops the lines of
// every other paragraph (dropLines).
func TestSetextHeadings(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"one-character underline", "Title\n=\n\ntext\n", []string{"Title"}},
		{"two-line heading", "Two\nlines\n---\n\ntext\n", []string{"Two lines"}},
		{"indented underline", "Title\n   ===  \ntext\n", []string{"Title"}},
		{"after a paragraph", "Para.\n\nTitle\n--\ntext\n", []string{"Introduction", "Title"}},
		{"after a list", "# Top\n\n- a\n- b\n\nNext\n====\nbody\n", []string{"Top", "Next"}},
		{"four spaces is not an underline", "Title\n    ===\n", []string{"Introduction"}},
		{"dashes in text are not", "Title\n--- no\n", []string{"Introduction"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range parseMarkdown(tt.src, nil).sections {
				got = append(got, s.title)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got titles %q; want %q", got, tt.want)
			}
		})
	}
}

// TestSetextBody: an underlined heading's underline is not the start of
// its section's text, in Markdown or plain text.
func TestSetextBody(t *testing.T) {
	tests := []struct {
		name, src string
		parse     func(string) document
		want      []string // each section's body
	}{
		{"markdown", "Expense Policy\n===\nSubmit receipts.\n\nTravel\n------\nBook early.\n",
			func(s string) document { return parseMarkdown(s, nil) }, []string{"Submit receipts.", "Book early."}},
		{"markdown, last line", "Title\n===", func(s string) document { return parseMarkdown(s, nil) }, []string{""}},
		{"plain text", "Expense Policy\n===\nSubmit receipts.\n\nTravel\n------\nBook early.\n",
			parsePlainText, []string{"Submit receipts.", "Book early."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range tt.parse(tt.src).sections {
				got = append(got, strings.TrimSpace(s.body))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got bodies %q; want %q", got, tt.want)
			}
		})
	}
}

func TestFrontMatterErrors(t *testing.T) {
	doc := parseMarkdown("---\ntitle: [unclosed\n---\n# Hi\ntext\n", nil)
	if len(doc.warnings) != 1 || !strings.Contains(doc.warnings[0].Msg, "front matter") {
		t.Errorf("got warnings %v; want one about front matter", doc.warnings)
	}
	if len(doc.sections) != 1 || doc.sections[0].title != "Hi" || doc.sections[0].line != 4 {
		t.Errorf("got sections %+v", doc.sections)
	}
	// A field of the wrong type is left out, the others kept; the warning
	// names its line in the file.
	doc = parseMarkdown("---\ntitle: Expenses\nurl: https://x.example/exp\ntour: first\n---\n# Claims\ntext\n", nil)
	if len(doc.warnings) != 1 || doc.warnings[0].Line != 4 || !strings.Contains(doc.warnings[0].Msg, "line 4") ||
		doc.meta.URL != "https://x.example/exp" || doc.meta.Title != "Expenses" {
		t.Errorf("got warnings %v, meta %+v; want one at line 4, url and title kept", doc.warnings, doc.meta)
	}
	// A field that is not valid YAML is left out, the others kept.
	for name, tc := range map[string]struct {
		src  string
		line int
		want frontMatter
	}{
		"reserved @": {"---\ntitle: Security\ntags:\n  - passwords\n  - 2fa\nowner: @secteam\ntour: 3\n---\n# Keys\ntext\n", 6,
			frontMatter{Title: "Security", Tags: stringList{"passwords", "2fa"}, Tour: 3}},
		"colon in a value": {"---\ntitle: Leave: how to ask\n# a comment\naliases: [pto, vacation]\nurl: https://x.example/leave\n---\n# Ask\ntext\n", 2,
			frontMatter{Aliases: stringList{"pto", "vacation"}, URL: "https://x.example/leave"}},
		// yaml names the mapping's first line: the warning names the field's
		"unclosed list": {"---\ntitle: Leave\ntags: [pto, vacation\nowner: hr\n---\n# Ask\ntext\n", 3,
			frontMatter{Title: "Leave", Owner: "hr"}},
	} {
		doc = parseMarkdown(tc.src, nil)
		if len(doc.warnings) != 1 || doc.warnings[0].Line != tc.line || !strings.Contains(doc.warnings[0].Msg, "not valid YAML") ||
			strings.Contains(doc.warnings[0].Msg, "line ") && !strings.Contains(doc.warnings[0].Msg, fmt.Sprintf("line %d:", tc.line)) ||
			!reflect.DeepEqual(doc.meta, tc.want) {
			t.Errorf("%s: got warnings %v, meta %+v; want one at line %d, meta %+v", name, doc.warnings, doc.meta, tc.line, tc.want)
		}
	}
	// A field that is not valid YAML and one of the wrong type: both are
	// left out, and each is said at its line.
	doc = parseMarkdown("---\ntitle: Leave\nowner: @hr\ntour: first\n---\n# Ask\ntext\n", nil)
	if len(doc.warnings) != 2 || doc.warnings[0].Line != 3 || !strings.Contains(doc.warnings[0].Msg, "not valid YAML") ||
		doc.warnings[1].Line != 4 || !strings.Contains(doc.warnings[1].Msg, "wrong type") || !strings.Contains(doc.warnings[1].Msg, "line 4:") ||
		doc.meta.Title != "Leave" {
		t.Errorf("got warnings %v, meta %+v; want not valid YAML at line 3, wrong type at line 4, the title kept", doc.warnings, doc.meta)
	}
	// Words in the user's value are not line numbers.
	doc = parseMarkdown("---\ntitle: x\ntour: \"line 7\"\n---\n# A\ntext\n", nil)
	if len(doc.warnings) != 1 || doc.warnings[0].Line != 3 || !strings.Contains(doc.warnings[0].Msg, "line 7") {
		t.Errorf("got warnings %v; want one at line 3 quoting \"line 7\" as written", doc.warnings)
	}
	// A duplicate key: both of yaml's line numbers are the file's.
	doc = parseMarkdown("---\ntitle: a\ntitle: b\n---\n# A\ntext\n", nil)
	if len(doc.warnings) != 1 || doc.warnings[0].Line != 3 || !strings.Contains(doc.warnings[0].Msg, "line 3: mapping key \"title\" already defined at line 2") {
		t.Errorf("got warnings %v; want the key at line 3, first defined at line 2", doc.warnings)
	}
	// Blanks after the opening line (as Jekyll and GitHub allow): still
	// front matter, not a thematic break over a setext heading.
	doc = parseMarkdown("--- \t\ntitle: Expenses\ntags: money\n---\n# Claims\ntext\n", nil)
	if len(doc.warnings) != 0 || doc.meta.Title != "Expenses" || len(doc.sections) != 1 || doc.sections[0].title != "Claims" || doc.sections[0].line != 5 {
		t.Errorf("opening line with blanks: got meta %+v, sections %+v, warnings %v; want title Expenses and one section Claims at line 5", doc.meta, doc.sections, doc.warnings)
	}
	// Text between two thematic breaks, or up to a "---" in a code block,
	// is not front matter: it has no fields.
	for name, src := range map[string]string{
		"between breaks": "---\n\n# Notes\n\nSome text.\n\n---\n\n## After\n\nmore\n",
		"up to code":     "---\n\n# Notes\n\nSome text.\n\n```yaml\n---\nkey: value\n```\n\n## After\n\nmore\n",
	} {
		doc = parseMarkdown(src, nil)
		var got []string
		for _, s := range doc.sections {
			got = append(got, fmt.Sprintf("%s:%d", s.title, s.line))
		}
		if strings.Join(got, " ") != "Notes:3 After:"+strconv.Itoa(strings.Count(src[:strings.Index(src, "## After")], "\n")+1) || len(doc.warnings) != 0 {
			t.Errorf("%s: got sections %q, warnings %v; want Notes and After, no warning", name, got, doc.warnings)
		}
	}
	// A thematic break at the top without a closing one is not front matter.
	doc = parseMarkdown("---\n# Title\ntext\n", nil)
	if len(doc.sections) == 0 || doc.sections[len(doc.sections)-1].title != "Title" {
		t.Errorf("got sections %+v", doc.sections)
	}
}

// TestLoadEdgeCases checks that bad files become warnings naming the
// file, and good ones still load.
func TestLoadEdgeCases(t *testing.T) {
	fsys := fstest.MapFS{
		"good.md":               {Data: []byte("# Good\n\nUseful text about printers.\n")},
		"empty.md":              {Data: []byte("  \n")},
		"bom.txt":               {Data: []byte("\xef\xbb\xbf\r\n")},
		"stub.md":               {Data: []byte("---\ntitle: To do\ntour: 1\n---\n\n")},
		"comments.md":           {Data: []byte("<!-- generated: do not edit -->\n<!--\nTODO\n-->\n")},
		"binary.txt":            {Data: []byte("abc\x00def")},
		"latin1.txt":            {Data: []byte("Caf\xe9 menu\n\nCoffee is free.\n")},
		"huge.md":               {Data: []byte("# Big\n" + strings.Repeat("word ", 400))},
		"image.png":             {Data: []byte("\x89PNG")},
		".hidden/secret.md":     {Data: []byte("# Secret\n\ntext\n")},
		".draft.md":             {Data: []byte("# Draft\n\ntext\n")},
		"sub/dir/deep.markdown": {Data: []byte("Deep\n====\n\nnested text\n")},
	}
	b, err := Load(context.Background(), Options{MaxFileSize: 1000, BaseURL: "https://git.example.com/docs/blob/main/"}, Source{Name: "mem", FS: fsys})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"empty.md":    "empty file",
		"bom.txt":     "empty file",
		"stub.md":     "empty file: nothing after its front matter",
		"comments.md": "empty file: nothing but HTML comments",
		"binary.txt":  "binary",
		"latin1.txt":  "invalid UTF-8",
		"huge.md":     "over the 1000-byte limit",
		"image.png":   "skipped",
	}
	got := map[string]string{}
	for _, w := range b.Warnings() {
		got[w.File] = w.Msg
	}
	for file, frag := range want {
		if !strings.Contains(got[file], frag) {
			t.Errorf("%s: got warning %q; want one containing %q", file, got[file], frag)
		}
	}
	var titles []string
	for _, s := range b.Sections() {
		titles = append(titles, s.Source+":"+s.Title)
	}
	if strings.Join(titles, ",") != "good.md:Good,latin1.txt:Introduction,sub/dir/deep.markdown:Deep" {
		t.Errorf("got sections %q", titles)
	}
	deep := b.Sections()[2]
	if deep.URL != "https://git.example.com/docs/blob/main/sub/dir/deep.markdown#deep" {
		t.Errorf("got URL %q", deep.URL)
	}
	if r := b.Search("printers", 1); !r.Answered || r.Matches[0].Section.Title != "Good" {
		t.Errorf("search printers: got %+v", r)
	}
}

func TestStableIDs(t *testing.T) {
	a := fstest.MapFS{"a.md": {Data: []byte("# A\n\none\n\n## B\n\ntwo\n")}}
	b := fstest.MapFS{"a.md": {Data: []byte("# A\n\none changed\n\n## New\n\nnew\n\n## B\n\ntwo\n")}}
	ba, _ := Load(context.Background(), Options{}, Source{FS: a})
	bb, _ := Load(context.Background(), Options{}, Source{FS: b})
	id := func(base *Base, title string) string {
		for _, s := range base.Sections() {
			if s.Title == title {
				return s.ID
			}
		}
		return ""
	}
	if id(ba, "B") == "" || id(ba, "B") != id(bb, "B") || id(ba, "A") != id(bb, "A") {
		t.Errorf("IDs changed: A %s/%s B %s/%s", id(ba, "A"), id(bb, "A"), id(ba, "B"), id(bb, "B"))
	}
}

// TestIDsAcrossFolders: a folder's section IDs do not depend on which
// other folders are loaded with it, nor on their order, when both have a
// file of the same name; a section's sub-sections stay in its folder.
func TestIDsAcrossFolders(t *testing.T) {
	a := Source{Name: "a", FS: fstest.MapFS{"README.md": {Data: []byte("# Setup\n\nInstall a.\n")}}}
	b := Source{Name: "./b/", FS: fstest.MapFS{
		"README.md": {Data: []byte("# Setup\n")},
		"other.md":  {Data: []byte("# Other\n\nx\n")},
	}}
	ids := func(srcs ...Source) map[string]string { // text or title -> ID
		out := map[string]string{}
		for _, s := range loadSources(t, Options{}, srcs...).Sections() {
			out[s.Title+"|"+s.Body] = s.ID
		}
		return out
	}
	alone, ab, ba := ids(b), ids(a, b), ids(b, a)
	if alone["Other|x"] != ab["Other|x"] {
		t.Errorf("other.md's ID changed when folder a was added: %s, %s", alone["Other|x"], ab["Other|x"])
	}
	if ab["Setup|"] != ba["Setup|"] || ab["Setup|Install a."] != ba["Setup|Install a."] || ab["Setup|"] == ab["Setup|Install a."] {
		t.Errorf("README IDs depend on the folders' order or collide: %v, %v", ab, ba)
	}
	c := Source{Name: "c", FS: fstest.MapFS{"README.md": {Data: []byte("## Install\n\nInstall c.\n")}}}
	bc := loadSources(t, Options{}, Source{Name: "b", FS: fstest.MapFS{"README.md": {Data: []byte("# Setup\n")}}}, c)
	if subs := bc.Subsections(bc.Sections()[0], 0); len(subs) != 0 {
		t.Errorf("b's Setup has sub-sections from folder c: %v", subs)
	}
	if s := bc.Sections(); len(s) != 2 || Nested(s[0], s[1]) || s[0].SameFile(s[1]) {
		t.Errorf("b's Setup and c's Install count as one file: %v", s)
	}
	file := Source{Name: "/srv/x/dup.md", File: "dup.md", FS: fstest.MapFS{"dup.md": {Data: []byte("# Dup\n\ntext\n")}}}
	if bf := loadSources(t, Options{}, a, file); bf.FileLabel(bf.Sections()[1]) != "/srv/x/dup.md" {
		t.Errorf("a single file's label %q; want its name", bf.FileLabel(bf.Sections()[1]))
	}
	file.Name = "/kb/hr" // a folder's name, the file in it
	if bf := loadSources(t, Options{}, a, file); bf.FileLabel(bf.Sections()[1]) != "/kb/hr/dup.md" {
		t.Errorf("a single file named by its folder: label %q; want /kb/hr/dup.md", bf.FileLabel(bf.Sections()[1]))
	}
	base := loadSources(t, Options{}, a, b)
	var labels []string
	for _, s := range base.Sections() {
		labels = append(labels, base.FileLabel(s))
	}
	if strings.Join(labels, " ") != "a/README.md b/README.md b/other.md" {
		t.Errorf("file labels %q; want each led by its folder", labels)
	}
}

// FuzzMarkdown checks the Markdown parser never panics, its lines stay
// inside the text, and parsing the file's own bytes gives what parsing a
// copy does.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"# a\nb\n", "---\ntitle: x\n---\n", "a\n===\n", "```\n# x\n```\n", "> # q\n", "#\n", "---\n---\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		doc := parseMarkdown(src, nil)
		if own := parseMarkdown(src, []byte(src)); !reflect.DeepEqual(own, doc) {
			t.Fatalf("%q: from its bytes %+v; from a copy %+v", src, own, doc)
		}
		lines := strings.Count(src, "\n") + 1
		if n := deepNesting(src); n < 0 || n > lines {
			t.Fatalf("deepNesting = %d outside 0..%d for %q", n, lines, src)
		}
		for _, s := range doc.sections {
			if s.line < 1 || s.line > lines {
				t.Fatalf("line %d outside 1..%d for %q", s.line, lines, src)
			}
		}
	})
}

// FuzzSynonyms checks the synonyms parser never panics.
func FuzzSynonyms(f *testing.F) {
	f.Add("pto, vacation, time off\n# c\n报销, reimbursement\n")
	f.Add(",,,\n")
	f.Add("费用报销, 报销\n")
	f.Fuzz(func(t *testing.T, src string) {
		syn, err := ParseSynonyms(strings.NewReader(src))
		if err != nil {
			return
		}
		// Its own words as a document and as a question: phrases are
		// marked in sections and found in questions without a panic.
		doc := fstest.MapFS{"a.md": {Data: []byte("# A\n\n" + strings.ReplaceAll(src, ",", " ") + "\n")}}
		b, err := Load(context.Background(), Options{Synonyms: syn}, Source{Name: "fuzz", FS: doc})
		if err != nil {
			t.Fatal(err)
		}
		q, _, _ := strings.Cut(strings.ReplaceAll(src, ",", " "), "\n")
		b.Search(q, 3)
	})
}

func TestTourFile(t *testing.T) {
	fsys := fstest.MapFS{
		"TOUR":       {Data: []byte("# the tour\nwelcome.md\n./b/tools.md\nmissing.md\nwelcome.md\n")},
		"welcome.md": {Data: []byte("---\ntour: 9\n---\n# Welcome\n\nhi\n")},
		"b/tools.md": {Data: []byte("# Tools\n\nlaptops\n")},
		"extra.md":   {Data: []byte("---\ntour: 1\n---\n# Extra\n\nnot in the tour\n")},
	}
	b := loadFS(t, fsys, Options{})
	got := map[string]int{}
	for _, s := range b.Sections() {
		got[s.Title] = s.Tour
	}
	if got["Welcome"] != 1 || got["Tools"] != 2 || got["Extra"] != 0 {
		t.Errorf("got tour places %v; want Welcome 1, Tools 2, Extra 0", got)
	}
	var msgs []string
	for _, w := range b.Warnings() {
		msgs = append(msgs, w.String())
	}
	want := []string{`TOUR:4: warning: "missing.md" is not a file of the knowledge base`, `TOUR:5: warning: "welcome.md" is listed twice`}
	if strings.Join(msgs, "|") != strings.Join(want, "|") {
		t.Errorf("got warnings %q; want %q", msgs, want)
	}
	// Saved by a Windows editor: a byte order mark and CRLF line ends,
	// in UTF-8 or UTF-16.
	const windows = "\ufeffwelcome.md\r\nb/tools.md\r\n"
	for name, data := range map[string][]byte{
		"UTF-8":                []byte(windows),
		"UTF-16 little-endian": encodeUTF16(windows[len("\ufeff"):], binary.LittleEndian),
		"UTF-16 big-endian":    encodeUTF16(windows[len("\ufeff"):], binary.BigEndian),
	} {
		fsys["TOUR"] = &fstest.MapFile{Data: data}
		b = loadFS(t, fsys, Options{})
		got = map[string]int{}
		for _, s := range b.Sections() {
			got[s.Title] = s.Tour
		}
		if got["Welcome"] != 1 || got["Tools"] != 2 || len(b.Warnings()) != 0 {
			t.Errorf("TOUR in %s with a byte order mark: got tour places %v, warnings %v; want Welcome 1, Tools 2, no warnings", name, got, b.Warnings())
		}
	}
}

// lockedFS is a MapFS whose file locked cannot be opened, as a file
// without read permission.
type lockedFS struct {
	fstest.MapFS
	locked string
}

// Open opens name, unless it is the locked file.
func (l lockedFS) Open(name string) (fs.File, error) {
	if name == l.locked {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return l.MapFS.Open(name)
}

// ReadFile reads name, unless it is the locked file.
func (l lockedFS) ReadFile(name string) ([]byte, error) {
	if name == l.locked {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return l.MapFS.ReadFile(name)
}

// TestTourFileUnreadable: a TOUR that cannot be read is an error on TOUR,
// as for any other file, and the rest of the folder still loads (the tour
// then follows front matter); the whole folder was refused, so kbbot
// check listed nothing and kbbot serve did not start.
func TestTourFileUnreadable(t *testing.T) {
	fsys := lockedFS{MapFS: fstest.MapFS{
		"TOUR":       {Data: []byte("welcome.md\n")},
		"welcome.md": {Data: []byte("---\ntour: 1\n---\n# Welcome\n\nhi\n")},
		"empty.md":   {Data: nil},
	}, locked: "TOUR"}
	b, err := Load(context.Background(), Options{}, Source{Name: "docs", FS: fsys})
	if err != nil {
		t.Fatalf("got %v; want a base with an error on TOUR", err)
	}
	if got := b.Sections(); len(got) != 1 || got[0].Tour != 1 {
		t.Errorf("got sections %v; want Welcome, tour place 1 from its front matter", got)
	}
	var msgs []string
	for _, w := range b.Warnings() {
		msgs = append(msgs, w.String())
	}
	want := []string{"TOUR: error: cannot read: permission denied", "empty.md: warning: empty file"}
	if strings.Join(msgs, "|") != strings.Join(want, "|") {
		t.Errorf("got warnings %q; want %q", msgs, want)
	}
}

// TestTourFilesOfTwoFolders: the TOUR files of two folders give one tour,
// the first folder's files and then the second's, not alternating.
func TestTourFilesOfTwoFolders(t *testing.T) {
	doc := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("# " + title + "\n\ntext\n")}
	}
	b, err := Load(context.Background(), Options{},
		Source{Name: "handbook", FS: fstest.MapFS{"TOUR": {Data: []byte("intro.md\nsetup.md\n")},
			"intro.md": doc("Intro"), "setup.md": doc("Setup")}},
		Source{Name: "eng", FS: fstest.MapFS{"TOUR": {Data: []byte("eng.md\ndeploy.md\n")},
			"eng.md": doc("Engineering"), "deploy.md": doc("Deploys")}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, s := range b.Sections() {
		got[s.Title] = s.Tour
	}
	want := map[string]int{"Intro": 1, "Setup": 2, "Engineering": 3, "Deploys": 4}
	if !maps.Equal(got, want) {
		t.Errorf("got tour places %v; want %v", got, want)
	}
}

// TestAnchorsAndURLs: headings link as GitHub would, in every script, and
// file names are escaped in URLs.
func TestAnchorsAndURLs(t *testing.T) {
	for title, want := range map[string]string{
		"Time Off & PTO":     "time-off--pto",
		"हिन्दी भाषा":        "हिन्दी-भाषा", // vowel signs are spacing marks (Mc)
		"C++ tips_and-more":  "c-tips_and-more",
		"开源 vs. 闭源":          "开源-vs-闭源",
		"① 准备工作":             "-准备工作", // circled and superscript digits are no word characters
		"Price per m² ½ off": "price-per-m--off",
		"Ⓐ plan, chapter Ⅻ":  "ⓐ-plan-chapter-ⅻ", // alphabetic symbols and letter numbers are
	} {
		if got := anchor(title); got != want {
			t.Errorf("anchor(%q) = %q; want %q", title, got, want)
		}
	}
	fsys := fstest.MapFS{
		"sub/My Guide.md": {Data: []byte("# Leave guide\n\ntext\n")},
		"C#.md":           {Data: []byte("# Sharp\n\ntext\n")},
	}
	b := loadFS(t, fsys, Options{BaseURL: "https://git.example.com/blob/main"})
	var urls []string
	for _, s := range b.Sections() {
		urls = append(urls, s.URL)
	}
	want := "https://git.example.com/blob/main/C%23.md#sharp https://git.example.com/blob/main/sub/My%20Guide.md#leave-guide"
	if strings.Join(urls, " ") != want {
		t.Errorf("URLs %q; want %q", urls, want)
	}
}

// TestHeadingInline: a heading's title is its text as GitHub shows it,
// so its anchor is GitHub's too.
func TestHeadingInline(t *testing.T) {
	tests := []struct{ heading, title, anchor string }{
		{"Über *emphasis* and __strong__", "Über emphasis and strong", "über-emphasis-and-strong"},
		{"What does `__init__` do?", "What does __init__ do?", "what-does-__init__-do"},
		{"Match `*.go` files", "Match *.go files", "match-go-files"},
		{"``a `b` c`` span", "a `b` c span", "a-b-c-span"},
		{"snake_case and a__b, not _this_", "snake_case and a__b, not this", "snake_case-and-a__b-not-this"},
		{"Unclosed `tick", "Unclosed tick", "unclosed-tick"},
		// '<' starts markup only as a tag, a comment or an autolink
		{"<>", "<>", ""},
		{"a < b > c", "a < b > c", "a--b--c"},
		{"Comparing <, >, and =", "Comparing <, >, and =", "comparing---and-"},
		{"<kbd>Ctrl</kbd>+<kbd>C</kbd> copies", "Ctrl+C copies", "ctrlc-copies"},
		{`<a href="x>y" id='z'>Link</a> here`, "Link here", "link-here"},
		{"Ask <ops@example.com>", "Ask ops@example.com", "ask-opsexamplecom"},
		{"See <https://example.com/a>", "See https://example.com/a", "see-httpsexamplecoma"},
		{"Setup <!-- omit in toc -->", "Setup", "setup-"}, // GitHub keeps the space before the comment
		{"Arrays [] and  maps", "Arrays and maps", "arrays--and--maps"},
		// entities are decoded, as GitHub shows them, outside code spans
		{"Q&amp;A", "Q&A", "qa"},
		{"Tom &amp; Jerry&#39;s &copy; &#x4E2D;文", "Tom & Jerry's © 中文", "tom--jerrys--中文"},
		{"AT&T and &unknown; and `&amp;`", "AT&T and &unknown; and &amp;", "att-and-unknown-and-amp"},
		// links show their text only, whatever the target
		{"[Reference link][ref] and [collapsed][]", "Reference link and collapsed", "reference-link-and-collapsed"},
		{"[Go (language)](https://en.wikipedia.org/wiki/Go_(programming_language)) notes", "Go (language) notes", "go-language-notes"},
		{"[Setup](setup.md) guide", "Setup guide", "setup-guide"},
	}
	for _, tc := range tests {
		t.Run(tc.heading, func(t *testing.T) {
			title, text := headingText(tc.heading)
			a := anchor(text)
			if title != tc.title || a != tc.anchor {
				t.Errorf("got title %q, anchor %q; want %q, %q", title, a, tc.title, tc.anchor)
			}
		})
	}
}

// TestMarkdownAnchors: sections link to the anchors GitHub gives their
// headings: made from the rendered text, and numbered as github-slugger
// numbers repeats (a later "Foo 1" does not take the second "Foo"'s
// "foo-1"), so each section's URL is its own.
func TestMarkdownAnchors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // fragments, in order
	}{
		{"repeats", "# Foo\na\n# Foo\nb\n# Foo\nc\n", []string{"foo", "foo-1", "foo-2"}},
		{"numbered title after a repeat", "# Foo\na\n# Foo\nb\n# Foo 1\nc\n# Foo\nd\n", []string{"foo", "foo-1", "foo-1-1", "foo-2"}},
		{"numbered title first", "# Foo 1\na\n# Foo\nb\n# Foo\nc\n", []string{"foo-1", "foo", "foo-2"}},
		// made from the text as GitHub renders it, blanks not folded
		{"comment after the title", "# Setup <!-- omit in toc -->\na\n", []string{"setup-"}},
		{"two-line setext heading", "Two\nlines\n---\na\n", []string{"twolines"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := loadFS(t, fstest.MapFS{"a.md": {Data: []byte(tt.src)}}, Options{BaseURL: "https://git.example.com/blob/main"})
			var got []string
			for _, s := range b.Sections() {
				_, frag, _ := strings.Cut(s.URL, "#")
				got = append(got, frag)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got anchors %q; want %q", got, tt.want)
			}
		})
	}
}

// TestCommentOnlyText: text GitHub does not show (HTML comments, as
// linters and TOC generators leave them) is no introduction, and a
// section with nothing else is empty.
func TestCommentOnlyText(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // title: body
	}{
		{"comments before the first heading", "<!-- markdownlint-disable MD033 -->\n<!-- TOC -->\n\n# Leave\n\nAsk.\n",
			[]string{"Leave: Ask."}},
		{"a comment as a section's text", "# Leave\n\nAsk.\n\n## Sick days\n\n<!-- TODO: ask HR\n     for the number -->\n",
			[]string{"Leave: Ask.", "Sick days: "}},
		{"an unclosed comment", "# Leave\n\n<!-- draft\n", []string{"Leave: "}},
		{"a thematic break", "---\n# Leave\n\nAsk.\n\n## Sick days\n\n* * *\n<!-- x -->\n\n## Parental\n\nSix weeks.\n",
			[]string{"Leave: Ask.", "Sick days: ", "Parental: Six weeks."}},
		{"text after a comment is kept", "<!-- x --> Hello.\n# Leave\n\n<!-- note -->\nAsk.\n",
			[]string{"Introduction: <!-- x --> Hello.", "Leave: <!-- note -->\nAsk."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range parseMarkdown(tt.src, nil).sections {
				got = append(got, s.title+": "+s.body)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got sections %q; want %q", got, tt.want)
			}
		})
	}
}

// TestTOMLFrontMatter: Hugo's "+++" TOML front matter is read as YAML
// front matter is, not left as an introduction of its lines.
func TestTOMLFrontMatter(t *testing.T) {
	src := "+++\ntitle = \"Expenses\"\ntags = [\"money\", \"receipts\",]\nkeywords = [\n  \"reimbursement\",\n]\n" +
		"tour = 2  # second\nowner = '@finance'\ndate = 2024-01-02T10:00:00Z\n\n[params]\nurl = \"https://not.this\"\n+++\n\nIntro text.\n\n# Claims\n\nSubmit receipts.\n"
	doc := parseMarkdown(src, nil)
	want := frontMatter{Title: "Expenses", Tags: stringList{"money", "receipts"}, Keywords: stringList{"reimbursement"}, Tour: 2, Owner: "@finance"}
	if !reflect.DeepEqual(doc.meta, want) || len(doc.warnings) != 0 {
		t.Errorf("got meta %+v, warnings %v; want %+v and none", doc.meta, doc.warnings, want)
	}
	var got []string
	for _, s := range doc.sections {
		got = append(got, fmt.Sprintf("%s:%d:%s", s.title, s.line, s.body))
	}
	if w := []string{"Expenses:15:Intro text.", "Claims:17:Submit receipts."}; !reflect.DeepEqual(got, w) {
		t.Errorf("got sections %q; want %q", got, w)
	}
	// A field that is not valid is left out with a warning at its line.
	doc = parseMarkdown("+++\ntitle = \"Leave\"\nowner = @team\n+++\n# Ask\ntext\n", nil)
	if doc.meta.Title != "Leave" || len(doc.warnings) != 1 || doc.warnings[0].Line != 3 {
		t.Errorf("bad field: got meta %+v, warnings %v; want title Leave, one warning at line 3", doc.meta, doc.warnings)
	}
}

// TestTourNonDocument: a TOUR line naming a file the loader does not
// read (an image) takes no place in the tour and says why.
func TestTourNonDocument(t *testing.T) {
	b := loadFS(t, fstest.MapFS{
		"TOUR":       {Data: []byte("map.png\nwelcome.md\n")},
		"map.png":    {Data: []byte("\x89PNG")},
		"welcome.md": {Data: []byte("# Welcome\n\nhi\n")},
	}, Options{})
	if s := b.Sections(); len(s) != 1 || s[0].Tour != 1 {
		t.Errorf("got sections %v; want Welcome first in the tour", s)
	}
	var tour []string
	for _, w := range b.Warnings() {
		if w.File == TourFile {
			tour = append(tour, w.String())
		}
	}
	want := `TOUR:1: warning: "map.png" is not a document the tour can show (only Markdown and .txt files are read)`
	if len(tour) != 1 || tour[0] != want {
		t.Errorf("got TOUR warnings %q; want %q", tour, want)
	}
}
