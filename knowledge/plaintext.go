package knowledge

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Plain-text conventions, as teams write them:
//
//	一、开源和闭源的优劣势比较        part heading (Chinese numeral + 、 or :)
//	第一章 总则 / 第二节 …          chapter (level 1) / section (level 2)
//	1. Title / 1.1 Title            numbered heading, level = depth
//	Title                           underlined heading: ==== level 1,
//	=====                           ---- level 2
//	- 质量:                         bullet with nothing after the colon:
//	                                opens a subsection of the current part
//	- 开源: text                    inside an open subsection: an item of it
//	- 人才培养: text                with no subsection open, two or more such
//	                                bullets in a row: each is a topic
//	                                subsection with its text
//	A plain paragraph after a subsection's items closes the subsection and
//	belongs to the enclosing part. Paragraphs before the first heading are
//	the introduction; in a document of several parts, paragraphs after the
//	last part's subsections are the closing remarks, a section of their own.
var (
	cnPartRe   = regexp.MustCompile(`^[一二三四五六七八九十百零〇]+\s*[、:：.．]\s*\S`)
	chapterRe  = regexp.MustCompile(`^第[一二三四五六七八九十百零〇0-9]+\s*([章部篇卷节])`)
	numberedRe = regexp.MustCompile(`^(\d{1,3}(?:\.\d{1,3})*)(?:[.、)]|\.?\s)\s*(\S.*)$`)
	bulletRe   = regexp.MustCompile(`^[-*•·]\s*([^:：]{1,40}?)\s*[:：]\s*(.*)$`)
	anyBullet  = regexp.MustCompile(`^([-*•·+]|\d{1,3}[.)])\s`)
)

const (
	maxHeadingRunes = 80
	maxTopicRunes   = 24
)

type lineKind int

const (
	lkBlank lineKind = iota
	lkText
	lkHeading     // level in lineInfo.level
	lkBulletTitle // "- 质量:"
	lkBulletTopic // "- 人才培养: text"
	lkBullet      // any other bullet
)

type lineInfo struct {
	kind   lineKind
	level  int
	title  string
	text   string // for topics: the text after the colon
	raw    string
	skip   bool // an underline consumed by the heading above
	number string
}

// parsePlainText splits a plain-text file into sections by the
// conventions above.
func parsePlainText(src string) document {
	info := classify(strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n"))
	p := &textParser{part: -1, sub: -1}
	for i, li := range info {
		n := i + 1
		switch {
		case li.skip:
		case li.kind == lkBlank:
			p.pendingBlank = true
		case li.kind == lkHeading:
			p.heading(li.level, li.title, n)
		case li.kind == lkBulletTitle:
			p.openSub(li.title, "", n)
		case li.kind == lkBulletTopic && (p.sub < 0 || p.topics) && topicRun(info, i):
			p.openSub(li.title, li.text, n)
			p.items, p.topics = true, true
		case li.kind == lkBulletTopic || li.kind == lkBullet:
			p.add(li.raw, n)
			if p.sub >= 0 {
				p.items = true
			}
		default: // text
			if p.sub >= 0 && p.items {
				p.sub, p.topics = -1, false // a paragraph after the items closes the subsection
				if s := &p.sections[p.part]; s.tail < 0 {
					s.tail, s.tailLine = len(p.bodies[p.part]), n
				}
			}
			p.add(li.raw, n)
		}
	}
	return p.finish()
}

// classify gives each line its kind. Chinese outlines nest in their
// usual order, 第一章 (第一节) › 一、 › 1. / 1.1: a 一、 part after a
// chapter is one level below it, and a numbered heading after a 一、
// part is below that part.
func classify(lines []string) []lineInfo {
	out := make([]lineInfo, len(lines))
	chapter, part := 0, 0 // the levels of the last 第N章/节 and of the last 一、 since it (0: none)
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if out[i].skip { // the underline of the heading above
			out[i].raw = t
			continue
		}
		li := lineInfo{raw: t}
		switch {
		case t == "":
			li.kind = lkBlank
		case i+1 < len(lines) && isUnderline(lines[i+1]) && headingLike(t):
			li.kind, li.title = lkHeading, t
			li.level = 1
			if strings.TrimSpace(lines[i+1])[0] == '-' {
				li.level = 2
			}
		case cnPartRe.MatchString(t) && headingLike(t):
			li.kind, li.level, li.title = lkHeading, chapter+1, t
			part = li.level
		case chapterRe.MatchString(t) && headingLike(t):
			li.kind, li.level, li.title = lkHeading, 1, t
			if m := chapterRe.FindStringSubmatch(t); m[1] == "节" {
				li.level = 2
			}
			chapter, part = li.level, 0
		default:
			if m := bulletRe.FindStringSubmatch(t); m != nil && !strings.ContainsAny(m[1], "，。,.;；!！?？") && !strings.HasPrefix(m[2], "//") {
				title := strings.TrimSpace(m[1])
				if m[2] == "" && utf8.RuneCountInString(title) <= 40 {
					li.kind, li.title = lkBulletTitle, title
				} else if utf8.RuneCountInString(title) <= maxTopicRunes && m[2] != "" {
					li.kind, li.title, li.text = lkBulletTopic, title, m[2]
				} else {
					li.kind = lkBullet
				}
			} else if m := numberedRe.FindStringSubmatch(t); m != nil && headingLike(m[2]) {
				li.kind, li.title, li.number = lkHeading, t, m[1]
				li.level = part + strings.Count(m[1], ".") + 1
			} else if anyBullet.MatchString(t) {
				li.kind = lkBullet
			} else {
				li.kind = lkText
			}
		}
		out[i] = li
		if li.kind == lkHeading && i+1 < len(lines) && isUnderline(lines[i+1]) {
			out[i+1].skip = true
		}
	}
	demoteNumberedLists(out)
	return out
}

// demoteNumberedLists turns "1. Milk / 2. Eggs / 3. Flour" runs, where
// numbered lines of one level follow each other with no text between
// them, back into list items: the whole run, its last item too. A number
// lower than the one before (a "1." after a "3.") starts anew: the first
// heading after a table of contents is not one of its items. Equal
// numbers ("1. 1. 1.", as Markdown lets lists be numbered) go on.
func demoteNumberedLists(info []lineInfo) {
	numbered := func(i int) bool { return info[i].kind == lkHeading && info[i].number != "" }
	last := func(i int) int { // the number's last part: 2 of "1.2"
		n, _ := strconv.Atoi(info[i].number[strings.LastIndexByte(info[i].number, '.')+1:])
		return n
	}
	for i := 0; i < len(info); {
		if !numbered(i) {
			i++
			continue
		}
		run := []int{i} // the run's numbered lines
		j := i + 1
		for {
			for j < len(info) && info[j].kind == lkBlank {
				j++
			}
			if j >= len(info) || !numbered(j) || info[j].level != info[i].level || last(j) < last(run[len(run)-1]) {
				break
			}
			run = append(run, j)
			j++
		}
		if len(run) > 1 || j >= len(info) { // a run, or a numbered last line with nothing under it
			for _, k := range run {
				info[k].kind = lkBullet
			}
		}
		i = run[len(run)-1] + 1
	}
}

// headingLike reports whether t reads as a title: short, and not ending
// like a sentence.
func headingLike(t string) bool {
	if utf8.RuneCountInString(t) > maxHeadingRunes {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	return !strings.ContainsRune("。.，,;；!！", last)
}

func isUnderline(l string) bool {
	t := strings.TrimSpace(l)
	if len(t) < 3 {
		return false
	}
	return strings.Trim(t, "=") == "" || strings.Trim(t, "-") == ""
}

// topicRun reports whether the topic bullet at i has another topic bullet
// next to it (blank lines aside): a run of "- Title: text" lines is a list
// of topics, a single one is just a line of text.
func topicRun(info []lineInfo, i int) bool {
	for _, step := range []int{-1, 1} {
		j := i + step
		for j >= 0 && j < len(info) && info[j].kind == lkBlank {
			j += step
		}
		if j >= 0 && j < len(info) && info[j].kind == lkBulletTopic {
			return true
		}
	}
	return false
}

// textParser accumulates sections.
type textParser struct {
	sections     []rawSection
	part, sub    int  // indexes into sections; -1 when none
	items        bool // the open subsection has items
	topics       bool // the open subsection is a "- Title: text" topic
	level        int  // the current heading's level
	pendingBlank bool
	parts        int      // headings seen
	bodies       [][]byte // each section's text so far: appended to, not copied
}

// target returns the index of the section text goes to, making an
// untitled introduction when there is none yet.
func (p *textParser) target() int {
	if p.sub >= 0 {
		return p.sub
	}
	if p.part < 0 {
		p.part = p.open(rawSection{tail: -1})
	}
	return p.part
}

// open appends s and returns its index.
func (p *textParser) open(s rawSection) int {
	p.sections = append(p.sections, s)
	p.bodies = append(p.bodies, []byte(s.body))
	return len(p.sections) - 1
}

func (p *textParser) add(line string, n int) {
	i := p.target()
	b := p.bodies[i]
	switch {
	case len(b) == 0:
		if p.sections[i].line == 0 {
			p.sections[i].line = n
		}
	case p.pendingBlank:
		b = append(b, "\n\n"...)
	default:
		b = append(b, '\n')
	}
	p.bodies[i] = append(b, line...)
	p.pendingBlank = false
}

func (p *textParser) heading(level int, title string, n int) {
	p.open(rawSection{title: title, level: level, line: n, tail: -1})
	p.parts++
	p.part, p.sub, p.level, p.items, p.topics, p.pendingBlank = len(p.sections)-1, -1, level, false, false, false
}

func (p *textParser) openSub(title, text string, n int) {
	p.target()
	p.open(rawSection{title: title, level: p.level + 1, line: n, body: text, tail: -1})
	p.sub, p.items, p.topics, p.pendingBlank = len(p.sections)-1, false, false, false
}

// finish names untitled parts and splits off the closing remarks: the
// text of the last part that follows its subsections.
func (p *textParser) finish() document {
	secs := p.sections
	for i := range secs {
		secs[i].body = string(p.bodies[i])
	}
	if p.part >= 0 && p.parts >= 2 {
		if last := &secs[p.part]; last.title != "" && last.tail >= 0 {
			closing := strings.TrimSpace(last.body[last.tail:])
			last.body = last.body[:last.tail]
			if closing != "" {
				secs = append(secs, rawSection{body: closing, line: last.tailLine, tail: -2})
			}
		}
	}
	for i := range secs {
		secs[i].body = strings.TrimSpace(secs[i].body)
		if secs[i].title == "" {
			secs[i].title, secs[i].aliases = untitledName(secs[i].body, secs[i].tail == -2)
		}
	}
	return document{sections: secs}
}
