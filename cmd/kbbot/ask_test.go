package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestAskJSONContract(t *testing.T) {
	out, errs, code := runKbbot(t, "", "ask", "--json", "--top", "2", "開源和閉源哪個更安全?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got["question"] != "開源和閉源哪個更安全?" || got["answered"] != true {
		t.Errorf("got question %v answered %v", got["question"], got["answered"])
	}
	matches := got["matches"].([]any)
	if len(matches) != 2 {
		t.Fatalf("got %d matches; want 2", len(matches))
	}
	best := matches[0].(map[string]any)
	for _, key := range []string{"id", "title", "path", "source", "line", "url", "score", "text"} {
		if _, ok := best[key]; !ok {
			t.Errorf("match lacks %q: %v", key, best)
		}
	}
	if best["title"] != "安全性" || best["source"] != "open-vs-closed-source-llms.txt" || best["line"] != 11.0 {
		t.Errorf("got best %v %v line %v; want 安全性 in open-vs-closed-source-llms.txt line 11", best["title"], best["source"], best["line"])
	}
	if s := best["score"].(float64); s <= 0 || s > 1 {
		t.Errorf("score %v outside (0,1]", s)
	}
}

func TestAskBatchAndHuman(t *testing.T) {
	dir := t.TempDir()
	doc := "# Printers\n\nThe office printer is on the second floor. Ask IT for toner.\n\n# Parking\n\nThere is no parking.\n"
	writeTestFile(t, filepath.Join(dir, "office.md"), doc)
	out, errs, code := runKbbot(t, "where is the printer\n\nweather in paris tomorrow\n", "ask", "--kb", dir, "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines; want 2 (blank lines skipped):\n%s", len(lines), out)
	}
	var first, second struct {
		Answered bool
		Matches  []struct{ Title, Source string }
	}
	json.Unmarshal([]byte(lines[0]), &first)
	json.Unmarshal([]byte(lines[1]), &second)
	if !first.Answered || first.Matches[0].Title != "Printers" || first.Matches[0].Source != "office.md" {
		t.Errorf("printer question: got %+v", first)
	}
	if second.Answered {
		t.Errorf("off-topic question answered: %+v", second)
	}

	out, _, code = runKbbot(t, "", "ask", "where is the printer", "--kb", dir)
	if code != 0 || !strings.Contains(out, "Printers") || !strings.Contains(out, "Source: office.md:1") ||
		!regexp.MustCompile(`\(score [01]\.\d\d, confidence [01]\.\d\d\)`).MatchString(out) {
		t.Errorf("human output (exit %d): want title, source, score and confidence\n%s", code, out)
	}
	out, _, code = runKbbot(t, "", "ask", "--kb", dir, "weather in paris tomorrow")
	if code != 0 || !strings.Contains(out, "No confident answer") {
		t.Errorf("refusal (exit %d):\n%s", code, out)
	}
	// A question in English to the Chinese essay: the refusal says why.
	out, _, code = runKbbot(t, "", "ask", "is open source safer than closed source?")
	if code != 0 || !strings.Contains(out, "No confident answer in the knowledge base: the knowledge base is written in Chinese") {
		t.Errorf("English question to the essay (exit %d):\n%s", code, out)
	}
	out, _, _ = runKbbot(t, "", "ask", "--json", "is open source safer than closed source?")
	if strings.Contains(out, "reason") || strings.Contains(out, "script") {
		t.Errorf("--json output holds more than the contract's fields: %s", out)
	}
}

// TestAskWholePartAndFocus: a part made only of sub-sections answers
// with their text (JSON "text" too); a long answer starts, after "[…]",
// at the paragraph the question is about.
func TestAskWholePartAndFocus(t *testing.T) {
	out, errs, code := runKbbot(t, "", "ask", "--json", "大模型洪流何去何从")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Answered bool
		Matches  []struct{ Title, Text string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Matches) == 0 {
		t.Fatalf("not an answer: %v\n%s", err, out)
	}
	if m := got.Matches[0]; !got.Answered || !strings.HasPrefix(m.Title, "四:") || !strings.Contains(m.Text, "人才培养") {
		t.Errorf("got answered %v, %q with text %.60q; want part 四 with its sub-sections", got.Answered, m.Title, m.Text)
	}

	dir := t.TempDir()
	var doc strings.Builder
	doc.WriteString("# Office\n\n")
	for i := range 30 {
		fmt.Fprintf(&doc, "Paragraph %d is about the kitchen, the lifts and the meeting rooms of floor %d.\n\n", i, i)
	}
	doc.WriteString("The printer needs a new toner cartridge from the supply cupboard when it runs out.\n")
	writeTestFile(t, filepath.Join(dir, "office.md"), doc.String())
	out, _, code = runKbbot(t, "", "ask", "--kb", dir, "printer out of toner")
	if code != 0 || !strings.Contains(out, "Office\n\n[…]\n") || !strings.Contains(out, "toner cartridge") {
		t.Errorf("focused answer (exit %d):\n%s", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"no command", nil, 2, "Usage"},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"ask without question", []string{"ask"}, 2, "missing QUESTION"},
		{"ask blank question", []string{"ask", "   "}, 2, "empty"},
		{"ask bad flag", []string{"ask", "--nope", "x"}, 2, "flag provided but not defined"},
		{"ask bad top", []string{"ask", "--top", "0", "x"}, 2, "--top"},
		{"ask confidence over 1", []string{"ask", "--min-confidence", "1.5", "x"}, 2, "want a number from 0 to 1"},
		{"ask confidence not a number", []string{"ask", "--min-confidence", "NaN", "x"}, 2, "want a number from 0 to 1"},
		{"ask zero max file size", []string{"ask", "--max-file-size", "0", "x"}, 2, "want a positive number of bytes"},
		{"check negative max file size", []string{"check", "--max-file-size=-1"}, 2, "want a positive number of bytes"},
		{"check zero max section", []string{"check", "--max-section", "0"}, 2, "kbbot check: --max-section 0: want a positive number of characters"},
		{"check negative max section", []string{"check", "--max-section=-5"}, 2, "--max-section -5: want a positive number"},
		{"ask missing kb", []string{"ask", "--kb", "/no/such/dir", "x"}, 1, "no such file"},
		{"topics extra arg", []string{"topics", "x"}, 2, "unexpected argument"},
		{"ask empty knowledge base", []string{"ask", "--kb", "testdata", "x"}, 1, "has no sections"},
		{"calibrate empty knowledge base", []string{"calibrate", "--kb", "testdata", "testdata/questions.tsv"}, 1, "kbbot calibrate: the knowledge base testdata has no sections"},
		{"chat empty knowledge base", []string{"chat", "--kb", "testdata"}, 1, "kbbot chat: the knowledge base testdata has no sections"},
		{"ask help", []string{"ask", "--help"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, code := runKbbot(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.err) {
				t.Errorf("got exit %d, stderr %q; want %d containing %q", code, errs, tt.code, tt.err)
			}
			if tt.code == 2 && strings.Count(strings.TrimSpace(errs), "\n") > 0 && tt.args != nil {
				t.Errorf("usage error is not one line: %q", errs)
			}
		})
	}
}

func TestCheckAndTopics(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.md":      "# A\n\ntext\n\n## Empty\n\n## A\n\nmore\n",
		"b.bin.txt": "x\x00y",
		"notes.pdf": "%PDF",
	}
	for name, data := range files {
		writeTestFile(t, filepath.Join(dir, name), data)
	}
	out, _, code := runKbbot(t, "", "check", "--kb", dir)
	if code != 1 {
		t.Errorf("check: got exit %d; want 1 (a binary file is an error)", code)
	}
	for _, want := range []string{"a.md:5: warning: section \"Empty\" is empty", "a.md:7: warning: duplicate title \"A\" (first at line 1)", "b.bin.txt: error: skipped: binary", "notes.pdf: note: skipped"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	out, _, code = runKbbot(t, "", "topics")
	if code != 0 || !strings.Contains(out, "    安全性  (line 11)") {
		t.Errorf("topics (exit %d):\n%s", code, out)
	}
	// Two folders with a file of the same name: each listed under its
	// folder, no duplicate title across them, answers located by folder.
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	writeTestFile(t, filepath.Join(a, "README.md"), "# Setup\n\nInstall the app.\n")
	writeTestFile(t, filepath.Join(b, "README.md"), "# Setup\n\nInstall the printer driver.\n")
	out, _, _ = runKbbot(t, "", "topics", "--kb", a, "--kb", b)
	if strings.Count(out, "README.md\n") != 2 || !strings.Contains(out, a+"/README.md") || !strings.Contains(out, b+"/README.md") {
		t.Errorf("topics of two folders:\n%s", out)
	}
	out, _, code = runKbbot(t, "", "check", "--kb", a, "--kb", b)
	if code != 0 || strings.Contains(out, "duplicate") {
		t.Errorf("check of two folders (exit %d):\n%s", code, out)
	}
	out, _, _ = runKbbot(t, "", "ask", "--kb", a, "--kb", b, "printer driver")
	if !strings.Contains(out, "Source: "+b+"/README.md:1") {
		t.Errorf("ask: want the answer located in folder b:\n%s", out)
	}
}

// TestAskGeneralSynonyms: everyday words find the docs' words unless
// --no-general-synonyms leaves the built-in list out.
func TestAskGeneralSynonyms(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "files.md"), "# Make a directory\n\nCreate a new directory with mkdir -p.\n\n# Printers\n\nThe printer is on the second floor.\n")
	for _, tt := range []struct {
		flags    []string
		answered bool
	}{
		{nil, true},
		{[]string{"--no-general-synonyms"}, false},
	} {
		args := append([]string{"ask", "--kb", dir, "--json"}, tt.flags...)
		out, errs, code := runKbbot(t, "", append(args, "which command makes a folder")...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.flags, code, errs)
		}
		var got struct {
			Answered bool
			Matches  []struct{ Title string }
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v: %v\n%s", tt.flags, err, out)
		}
		if got.Answered != tt.answered || tt.answered && got.Matches[0].Title != "Make a directory" {
			t.Errorf("%v: got %+v; want answered=%v by Make a directory", tt.flags, got, tt.answered)
		}
	}
}

// TestAskBadSynonyms: a synonyms file with a bad line stops ask with the
// file and line, and what to write instead.
func TestAskBadSynonyms(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ name, text, want string }{
		{"stop word", "vpn, wireguard\nlogin, log in\n", `bad.txt:2: "log in" is only "log"`},
		{"lonely", "\n\nvacation\n", `bad.txt:3: a group needs at least two terms`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			syn := filepath.Join(dir, "bad.txt")
			writeTestFile(t, syn, tt.text)
			_, errs, code := runKbbot(t, "", "ask", "--synonyms", syn, "vacation")
			if code != 1 || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 1 and %q", code, errs, tt.want)
			}
		})
	}
}

// TestCheckProgress: a large knowledge base reports progress every 10%,
// a line each when standard error is not a terminal; a small one is
// quiet.
func TestCheckProgress(t *testing.T) {
	tests := []struct {
		total int
		lines int
	}{
		{499, 0},
		{500, 11}, // 1 and every tenth up to 500
		{6642, 11},
	}
	for _, tt := range tests {
		var errs strings.Builder
		report, endLine := progress(&env{stderr: &errs})
		for done := 1; done <= tt.total; done++ {
			report(done, tt.total)
		}
		endLine() // nothing left open off a terminal
		got := errs.String()
		if n := strings.Count(got, "\n"); n != tt.lines || strings.Contains(got, "\r") {
			t.Errorf("%d files: got %d lines %q; want %d, no carriage returns", tt.total, n, got, tt.lines)
		}
		if tt.lines > 0 && !strings.HasSuffix(got, fmt.Sprintf("reading files: %d/%d\n", tt.total, tt.total)) {
			t.Errorf("%d files: last line of %q is not the total", tt.total, got)
		}
	}
}

// TestAskBatchLines: batch mode skips a line too long to be a question
// with a warning naming it, and still asks the lines after it.
func TestAskBatchLines(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "office.md"), "# Printers\n\nThe office printer is on the second floor.\n")
	in := "where is the printer\n" + strings.Repeat("x", maxAskLine+10) + "\nwhere is the printer" // no final newline
	out, errs, code := runKbbot(t, in, "ask", "--kb", dir, "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var answered []bool
	for l := range strings.Lines(out) {
		var r struct{ Answered bool }
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("not JSON: %v: %.80s", err, l)
		}
		answered = append(answered, r.Answered)
	}
	if fmt.Sprint(answered) != "[true false true]" || !strings.Contains(errs, "line 2: the line is over") {
		t.Errorf("got answered %v, warnings %q; want [true false true] and a warning for line 2", answered, errs)
	}
}

// TestAskBatchByteOrderMark: input that starts with a byte order mark,
// as Windows editors save it, is asked without it: the first question
// comes back as it was written, and a first line holding only the mark
// is a blank line, skipped.
func TestAskBatchByteOrderMark(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "office.md"), "# Printers\n\nThe office printer is on the second floor.\n")
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"before a question", "\ufeffwhere is the printer\nprinter\n", []string{"where is the printer", "printer"}},
		{"alone on its line", "\ufeff\nprinter\n", []string{"printer"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := runKbbot(t, tc.in, "ask", "--kb", dir, "--json", "-")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var got []string
			for l := range strings.Lines(out) {
				var r struct {
					Question string
					Answered bool
				}
				if err := json.Unmarshal([]byte(l), &r); err != nil {
					t.Fatalf("not JSON: %v: %s", err, l)
				}
				if !r.Answered {
					t.Errorf("%q not answered", r.Question)
				}
				got = append(got, r.Question)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got questions %q; want %q", got, tc.want)
			}
		})
	}
}

// TestAskBatchStreams: each answer is written as soon as its question is
// read, so a tool can ask one question at a time; a stop (Ctrl-C) ends
// the batch with status 130 before the next question.
func TestAskBatchStreams(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "office.md"), "# Printers\n\nThe office printer is on the second floor.\n")
	for _, mode := range []string{"--json", "--top=1"} {
		t.Run(mode, func(t *testing.T) {
			inR, inW := io.Pipe()
			outR, outW := io.Pipe()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var errb bytes.Buffer
			done := make(chan int, 1)
			go func() {
				done <- run(ctx, &env{stdin: inR, stdout: outW, stderr: &errb, getenv: func(string) string { return "" }},
					[]string{"ask", "--kb", dir, mode, "-"})
				outW.Close()
			}()
			got := make(chan string, 1)
			go func() {
				b := make([]byte, 4096)
				n, _ := outR.Read(b)
				got <- string(b[:n])
				io.Copy(io.Discard, outR)
			}()
			fmt.Fprintln(inW, "where is the printer")
			select {
			case s := <-got:
				if !strings.Contains(s, "Printers") {
					t.Errorf("first answer %q; want Printers", s)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("no answer while the input stays open")
			}
			cancel() // while it waits for the next line
			if code := <-done; code != 130 || !strings.Contains(errb.String(), "interrupted") {
				t.Errorf("exit %d, %q; want 130 and a note that it was interrupted", code, errb.String())
			}
			inW.Close()
		})
	}
}

// TestAskMinConfidence: --min-confidence moves the bar a refusal is
// decided at, to try a value before setting it for kbbot serve.
func TestAskMinConfidence(t *testing.T) {
	for _, tc := range []struct {
		bar      string
		question string
		answered bool
	}{
		{"", "开源公司靠什么赚钱", true},
		{"1", "开源公司靠什么赚钱", false},
		{"", "国内有哪些大模型公司", false},
		{"0", "国内有哪些大模型公司", true},
	} {
		t.Run(tc.bar+" "+tc.question, func(t *testing.T) {
			args := []string{"ask", "--json", tc.question}
			if tc.bar != "" {
				args = append(args, "--min-confidence", tc.bar)
			}
			out, errs, code := runKbbot(t, "", args...)
			var r struct{ Answered bool }
			if err := json.Unmarshal([]byte(out), &r); err != nil || code != 0 {
				t.Fatalf("exit %d, %v: %s", code, err, errs)
			}
			if r.Answered != tc.answered {
				t.Errorf("answered %v; want %v", r.Answered, tc.answered)
			}
		})
	}
}

// failWriter fails every write, as standard output on a full disk does.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestOutputWriteError: a command whose output cannot be written exits 1
// and says so, so a script does not take lost answers for success; a
// batch stops at the first answer it cannot write.
func TestOutputWriteError(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "office.md"), "# Printers\n\nThe office printer is on the second floor.\n")
	broken := t.TempDir() // check finds an error here: it exits 1 either way
	writeTestFile(t, filepath.Join(broken, "office.md"), "# Printers\n\nThe office printer is on the second floor.\n")
	writeTestFile(t, filepath.Join(broken, "logo.md"), "\x00PNG")
	tests := []struct {
		name  string
		stdin string
		args  []string
		err   string
	}{
		{"ask", "", []string{"ask", "--kb", dir, "where is the printer"}, "kbbot ask: write output: no space left"},
		{"ask json", "", []string{"ask", "--kb", dir, "--json", "where is the printer"}, "kbbot ask: write output: no space left"},
		{"ask batch", "where is the printer\nparking\n", []string{"ask", "--kb", dir, "--json", "-"}, "kbbot ask: write answers: line 1: no space left"},
		{"topics", "", []string{"topics", "--kb", dir}, "kbbot topics: write output"},
		{"check", "", []string{"check", "--kb", dir}, "kbbot check: write output"},
		{"check with errors", "", []string{"check", "--kb", broken}, "kbbot check: write output"},
		{"calibrate", "where is the printer\tPrinters\n", []string{"calibrate", "--kb", dir, "-"}, "kbbot calibrate: write output"},
		{"version", "", []string{"version"}, "kbbot version: write output"},
		{"slack-manifest", "", []string{"slack-manifest"}, "kbbot slack-manifest: write output"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errb bytes.Buffer
			e := &env{stdin: strings.NewReader(tt.stdin), stdout: failWriter{}, stderr: &errb, getenv: func(string) string { return "" }}
			code := run(context.Background(), e, tt.args)
			if code != 1 || !strings.Contains(errb.String(), tt.err) {
				t.Errorf("got exit %d, stderr %q; want 1 and %q", code, errb.String(), tt.err)
			}
			if n := strings.Count(errb.String(), "no space left"); n != 1 {
				t.Errorf("the write error is reported %d times; want once:\n%s", n, errb.String())
			}
		})
	}
}

// TestHumanOutputUntrusted: the human output of ask, topics and check,
// and the load warnings, drop the control characters and bidirectional
// overrides of documents and file names, as a chat does, so a document
// cannot retitle the terminal, hide text or make text read backwards.
func TestHumanOutputUntrusted(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "printer.md"),
		"# Printer \x1b]0;owned\x07setup\n\nThe printer \x1b[8mhidden\x1b[0m is on floor 2. \u202eevil\n")
	writeTestFile(t, filepath.Join(dir, "bad\x1b[2Jname.md"), "") // an empty file: a warning naming it
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"ask", []string{"ask", "--kb", dir, "printer setup"}, "The printer [8mhidden[0m is on floor 2."},
		{"ask refusal", []string{"ask", "--kb", dir, "--min-confidence", "1", "printer setup"}, "Printer ]0;ownedsetup"},
		{"topics", []string{"topics", "--kb", dir}, "Printer ]0;ownedsetup"},
		{"check", []string{"check", "--kb", dir}, "bad[2Jname.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, _ := runKbbot(t, "", tt.args...)
			if !strings.Contains(out, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, out)
			}
			for _, s := range []string{out, errs} {
				if i := strings.IndexFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r == '\u202e' }); i >= 0 {
					t.Errorf("output holds %q at %d:\n%q", s[i], i, s)
				}
			}
		})
	}
}

// TestCheckInterrupted: Ctrl-C while check reads the files exits 130, as
// ask does, with a line that says so, not the load's error.
func TestCheckInterrupted(t *testing.T) {
	dir := t.TempDir()
	for i := range 50 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("d%d.md", i)), []byte("# Doc\n\ntext\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // as if Ctrl-C came at once
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	if code := run(ctx, e, []string{"check", "--kb", dir}); code != 130 || !strings.Contains(errb.String(), "kbbot check: interrupted") {
		t.Errorf("got status %d, stderr %q; want 130 and 'kbbot check: interrupted'", code, errb.String())
	}
}

// TestAskTitleFromStart: a question that only names a long section gets
// it from its start, not from the paragraph that repeats its words.
func TestAskTitleFromStart(t *testing.T) {
	dir := t.TempDir()
	filler := strings.Repeat("Reviews happen at three and six months with your lead. ", 30)
	writeTestFile(t, filepath.Join(dir, "career.md"), "# Making a Career\n\nYour first year starts here.\n\n"+filler+"\n\nA career path is made over years of making things.\n")
	out, errs, code := runKbbot(t, "", "ask", "--kb", dir, "making a career")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "Making a Career\n\nYour first year starts here.") {
		t.Errorf("got %q; want the section from its start", out)
	}
}
