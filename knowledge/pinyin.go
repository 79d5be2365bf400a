package knowledge

import (
	_ "embed" // pinyin.txt
	"strings"
	"sync"
	"unicode/utf8"
)

// Chinese typed with a pinyin input method goes wrong by sound: 切环 for
// 切换, 时去 for 时区, 近入 for 进入. A pair of characters the knowledge
// base never has also finds the pairs it has that sound the same, tones
// aside, and share one of its characters, as a Latin word finds its
// one-edit corrections.

// pinyin.txt holds each Han character's first reading without its tone,
// from go-pinyin's dictionary, generated ahead (internal/genpinyin): only
// the first, as a character's rare readings (搬 is also read su) would
// make it sound like too much. It is read into readingOf the first time a
// question has a pair the base lacks.
//
//go:generate sh -c "go run ./internal/genpinyin > pinyin.txt"
//go:embed pinyin.txt
var pinyinText string

var (
	pinyinOnce sync.Once
	pinyinOf   []uint16 // index r-hanLo: 1 + index in readings; 0 for none
	readings   []string
)

// buildPinyin reads pinyin.txt: a reading and its characters a line, #
// comments.
func buildPinyin() {
	pinyinOf = make([]uint16, hanHi-hanLo+1)
	for line := range strings.Lines(pinyinText) {
		x, chars, ok := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		if !ok || strings.HasPrefix(x, "#") {
			continue
		}
		readings = append(readings, x)
		for _, r := range chars {
			if r >= hanLo && r <= hanHi {
				pinyinOf[r-hanLo] = uint16(len(readings))
			}
		}
	}
}

// appendReading appends the toneless first reading of Han character r to
// buf (行: xing), or returns nil when it has none.
func appendReading(buf []byte, r rune) []byte {
	if r < hanLo || r > hanHi {
		return nil
	}
	pinyinOnce.Do(buildPinyin)
	i := pinyinOf[r-hanLo]
	if i == 0 {
		return nil
	}
	return append(buf, readings[i-1]...)
}

// soundAlike is a pair of characters of the base and its term ID.
type soundAlike struct {
	id   uint32
	pair string
}

// soundKey appends how pair, two Han characters, is read to buf, as
// "qie|huan", and returns it, or nil.
func soundKey(buf []byte, pair string) []byte {
	a, n := utf8.DecodeRuneInString(pair)
	b, m := utf8.DecodeRuneInString(pair[n:])
	if n+m != len(pair) || !isCJK(a) || !isCJK(b) {
		return nil
	}
	if buf = appendReading(buf, a); buf == nil {
		return nil
	}
	return appendReading(append(buf, '|'), b)
}

// buildSounds indexes the base's pairs of characters by how they sound.
func (ix *index) buildSounds() {
	ix.sounds = map[string][]soundAlike{}
	var buf [32]byte
	for term, id := range ix.vocab {
		if len(term) != 6 || utf8.RuneCountInString(term) != 2 {
			continue
		}
		if k := soundKey(buf[:0], term); k != nil {
			ix.sounds[string(k)] = append(ix.sounds[string(k)], soundAlike{id, term})
		}
	}
}

// appendSoundAlikes appends to alts, at typoFactor, the base's pairs
// that sound like pair, a pair of characters the base does not have, and
// share one of its characters: an input method's slip changes one
// character, and pairs that differ in both match unrelated words too
// often.
func (ix *index) appendSoundAlikes(alts []alt, pair string) []alt {
	ix.soundsOnce.Do(ix.buildSounds)
	var buf [32]byte
	k := soundKey(buf[:0], pair)
	if k == nil {
		return alts
	}
	for _, a := range ix.sounds[string(k)] { // no copy to look up
		if oneCharDiffers(pair, a.pair) {
			alts = append(alts, alt{a.id, typoFactor})
		}
	}
	return alts
}

// oneCharDiffers reports whether pairs a and b, of two characters each,
// share exactly one of their characters, in the same place.
func oneCharDiffers(a, b string) bool {
	a0, n := utf8.DecodeRuneInString(a)
	b0, m := utf8.DecodeRuneInString(b)
	return (a0 == b0) != (a[n:] == b[m:])
}
