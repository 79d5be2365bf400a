package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestReadLabels(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []labelled
		errWant []string // substrings of the error; nil: no error
	}{
		{"questions, comments, alternatives and refusals",
			"# a comment\n\nwhere is the printer\tPrinters\r\nparking?\toffice.md#Parking | abc123\nweather\t-\n",
			[]labelled{{3, "where is the printer", []string{"Printers"}}, {4, "parking?", []string{"office.md#Parking", "abc123"}}, {5, "weather", nil}}, nil},
		{"every bad line is named", "no tab here\n\tPrinters\nq\t\nq\t | \nok\tPrinters\n",
			nil, []string{"line 1: want QUESTION<TAB>EXPECTED", "line 2: the question is empty", "line 3: no expected answer", "line 4: no expected answer in"}},
		{"invalid UTF-8", "bad \xff\tPrinters\n", nil, []string{"line 1: not valid UTF-8"}},
		{"too long", strings.Repeat("x", maxAskQuestion+1) + "\tPrinters\n", nil, []string{"line 1: the question is 2001 characters long"}},
		{"nothing to ask", "# only a comment\n\n", nil, []string{"no questions"}},
		{"byte order mark", "\ufeff# saved by Notepad\nwhere is the printer\tPrinters\n",
			[]labelled{{2, "where is the printer", []string{"Printers"}}}, nil},
		{"byte order mark before a question", "\ufeffwhere is the printer\tPrinters\n",
			[]labelled{{1, "where is the printer", []string{"Printers"}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readLabels(strings.NewReader(tt.in))
			if tt.errWant != nil {
				if err == nil {
					t.Fatalf("got %v; want an error", got)
				}
				for _, w := range tt.errWant {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q lacks %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d questions %v; want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				g, w := got[i], tt.want[i]
				if g.line != w.line || g.question != w.question || strings.Join(g.want, "|") != strings.Join(w.want, "|") || g.offTopic() != w.offTopic() {
					t.Errorf("question %d: got %+v; want %+v", i, g, w)
				}
			}
		})
	}
}

// FuzzReadLabels: any input gives labelled questions that can be asked,
// or an error; never a panic.
func FuzzReadLabels(f *testing.F) {
	for _, s := range []string{"q\tA\n", "q\t-\n# c\n", "q\ta | b |\n", "\t\t\n", "q\x00\tA", "问题\t标题\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := readLabels(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, l := range got {
			if l.line < 1 || checkQuestion(l.question) != "" || l.question != strings.TrimSpace(l.question) {
				t.Fatalf("bad question %+v from %q", l, in)
			}
			for _, w := range l.want {
				if w == "" || w != strings.TrimSpace(w) || strings.Contains(w, "|") {
					t.Fatalf("bad answer %q in %+v from %q", w, l, in)
				}
			}
		}
	})
}

func TestSuggestBar(t *testing.T) {
	c := func(off, right, floors bool, conf float64) calibration {
		l := labelled{question: "q"}
		if !off {
			l.want = []string{"A"}
		}
		return calibration{labelled: l, right: right, floors: floors, confidence: conf}
	}
	results := []calibration{
		c(true, false, true, 0.30), c(true, false, true, 0.72), c(true, false, false, 0.95), c(true, false, true, 0.10),
		c(false, true, true, 0.90), c(false, true, true, 0.65), c(false, true, true, 0.50),
	}
	for _, tt := range []struct {
		refuse, want float64
	}{
		{0, 0},       // nothing to refuse
		{0.25, 0},    // the floors already refuse one of four
		{0.5, 0.11},  // just above 0.10
		{0.75, 0.31}, // and above 0.30
		{1, 0.73},    // all four: above 0.72
	} {
		if got := suggestBar(results, tt.refuse); got != tt.want {
			t.Errorf("suggestBar(refuse %.2f) = %.2f; want %.2f", tt.refuse, got, tt.want)
		}
	}
	if right, refused := outcomesAt(results, 0.73); right != 1 || refused != 4 {
		t.Errorf("at 0.73: %d right, %d refused; want 1 and 4", right, refused)
	}
}

func TestCalibrate(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "office.md"), "# Printers\n\nThe office printer is on the second floor. Ask IT for toner.\n\n"+
		"# Parking\n\nThere is no parking near the office; the train station is five minutes away.\n\n"+
		"# Laptops\n\nEvery employee gets a laptop; replace it every three years.\n")
	labels := filepath.Join(dir, "questions.tsv")
	writeTestFile(t, labels, "where is the printer\tPrinters\ncan I park my car at the office\tParking\n"+
		"when can I replace my laptop\tLaptps\nbanana bread recipe\t-\nwho won the football yesterday\t-\n")
	out, errs, code := runKbbot(t, "", "calibrate", "--kb", dir, labels)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"4 questions, 2 of them to refuse.",
		"right section first   2 of 2 (100%)",
		"off-topic refused     2 of 2 (100%)",
		"min confidence   right and answered   off-topic refused",
		"Suggested: --min-confidence 0.00 refuses 2 of 2 (100%)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errs, `line 3: no section is titled "Laptps"`) {
		t.Errorf("stderr: want the unknown title named with its line:\n%s", errs)
	}
	out, _, _ = runKbbot(t, "where is the printer\tParking\n", "calibrate", "--kb", dir, "-v", "-")
	if !strings.Contains(out, `miss line 1: "where is the printer" wants "Parking": first "Printers"`) {
		t.Errorf("a wrong first answer is listed as a miss:\n%s", out)
	}
	for _, tt := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"calibrate"}, 2, "want one FILE"},
		{[]string{"calibrate", "--refuse", "2", labels}, 2, "--refuse 2"},
		{[]string{"calibrate", filepath.Join(dir, "missing.tsv")}, 1, "missing.tsv"},
		{[]string{"calibrate", "--kb", dir, filepath.Join(dir, "office.md")}, 1, "office.md: line 7: want QUESTION<TAB>EXPECTED"},
	} {
		_, errs, code := runKbbot(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.err) {
			t.Errorf("kbbot %v: exit %d, %q; want %d and %q", tt.args, code, errs, tt.code, tt.err)
		}
	}
}
