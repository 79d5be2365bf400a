package knowledge

import (
	"unicode/utf8"

	pinyin "github.com/mozillazg/go-pinyin"
)

// Chinese typed with a pinyin input method goes wrong by sound: 切环 for
// 切换, 时去 for 时区, 近入 for 进入. A pair of characters the knowledge
// base never has also finds the pairs it has that sound the same, tones
// aside, and share one of its characters, as a Latin word finds its
// one-edit corrections.

// appendReading appends the toneless first reading of a Han character
// in go-pinyin's dictionary to buf (行: xing), or returns nil. Only the
// first: a character's rare readings (搬 is also read su) would make it
// sound like too much. It strips the tone marks itself: go-pinyin's own
// styles run regular expressions, too slow for a question's characters.
func appendReading(buf []byte, r rune) []byte {
	marked, ok := pinyin.PinyinDict[int(r)]
	if !ok {
		return nil
	}
	n := len(buf)
	for _, c := range marked {
		if c == ',' {
			break
		}
		if b := toneless(c); b != 0 {
			buf = append(buf, b)
		}
	}
	if len(buf) == n {
		return nil
	}
	return buf
}

// toneless returns the ASCII letter of a pinyin letter, tone mark aside
// (ǚ and ü are v, as typed), or 0.
func toneless(c rune) byte {
	if c < utf8.RuneSelf {
		return byte(c)
	}
	switch c {
	case 'ā', 'á', 'ǎ', 'à':
		return 'a'
	case 'ē', 'é', 'ě', 'è', 'ê', 'ế', 'ề':
		return 'e'
	case 'ī', 'í', 'ǐ', 'ì':
		return 'i'
	case 'ō', 'ó', 'ǒ', 'ò':
		return 'o'
	case 'ū', 'ú', 'ǔ', 'ù':
		return 'u'
	case 'ü', 'ǖ', 'ǘ', 'ǚ', 'ǜ':
		return 'v'
	case 'ń', 'ň', 'ǹ':
		return 'n'
	case 'ḿ':
		return 'm'
	}
	return 0
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
