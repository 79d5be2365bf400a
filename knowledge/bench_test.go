package knowledge

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// generatedKB makes a mixed Chinese/English knowledge base of files×20
// sections (10,000 for 500 files), deterministic. Words follow a Zipf
// distribution over a 20,000-word vocabulary (half English-like, half
// two- or three-character Chinese words), as real text does.
func generatedKB(files int) fstest.MapFS {
	r := rand.New(rand.NewSource(1))
	zipf := rand.NewZipf(r, 1.1, 2, 19999)
	han := []rune("开源闭源模型数据安全质量创新技术发展商业用户社区企业服务支持市场竞争研发人才培养应用场景法规伦理隐私保护共享算法性能灵活定制合作平台报销假期工资考勤会议设备网络账号密码权限审批流程文档培训入职离职福利保险")
	vocab := make([]string, 20000)
	for i := range vocab {
		if i%2 == 0 {
			n := 3 + r.Intn(8)
			b := make([]byte, n)
			for j := range b {
				b[j] = byte('a' + r.Intn(26))
			}
			vocab[i] = string(b)
		} else {
			n := 2 + r.Intn(2)
			w := make([]rune, n)
			for j := range w {
				w[j] = han[r.Intn(len(han))]
			}
			vocab[i] = string(w)
		}
	}
	sentence := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = vocab[zipf.Uint64()]
		}
		return strings.Join(w, " ") + "."
	}
	fsys := fstest.MapFS{}
	for f := 0; f < files; f++ {
		var b strings.Builder
		fmt.Fprintf(&b, "# %s %d\n\n%s\n", vocab[zipf.Uint64()], f, sentence(12))
		for s := 0; s < 19; s++ {
			fmt.Fprintf(&b, "\n## %s %s\n\n%s %s\n", vocab[zipf.Uint64()], vocab[zipf.Uint64()], sentence(20), sentence(15))
		}
		fsys[fmt.Sprintf("dir%d/doc%d.md", f%10, f)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys
}

// benchQuestions are typical chat questions, for search benchmarks.
var benchQuestions = []string{
	"how do I extract a tar.gz file", "find which process is using port 8080",
	"how much vacation do I get", "show differences between two files",
	"开源和闭源哪个更安全", "如何保护数据隐私", "reset my vpn password",
	"list running containers", "压缩文件夹", "who approves expense reports",
	"我们领导担心开源代码谁都能看,会不会更容易被攻击。文章在安全这块是怎么看开源和闭源的?",
}

func benchSources(b *testing.B) map[string]fs.FS {
	srcs := map[string]fs.FS{"generated-10k": generatedKB(500)}
	if dir := corporaDir(); dir != "" {
		srcs["tldr-en"] = DirFS(filepath.Join(dir, "tldr", "en")) // as kbbot --kb reads a folder
	}
	return srcs
}

// BenchmarkLoad measures reading, parsing and indexing a knowledge base.
func BenchmarkLoad(b *testing.B) {
	for name, fsys := range benchSources(b) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				base, err := Load(context.Background(), Options{}, Source{FS: fsys})
				if err != nil {
					b.Fatal(err)
				}
				n = len(base.Sections())
			}
			b.ReportMetric(float64(n), "sections")
		})
	}
}

// BenchmarkSearch measures answering one question (JSON encoding aside),
// one sub-benchmark a question so the median can be read off.
func BenchmarkSearch(b *testing.B) {
	for name, fsys := range benchSources(b) {
		base, err := Load(context.Background(), Options{}, Source{FS: fsys})
		if err != nil {
			b.Fatal(err)
		}
		for i, q := range benchQuestions {
			b.Run(fmt.Sprintf("%s/q%d", name, i), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					base.Search(q, 3)
				}
			})
		}
	}
}

// BenchmarkSuggest measures autocomplete over titles.
func BenchmarkSuggest(b *testing.B) {
	for name, fsys := range benchSources(b) {
		base, err := Load(context.Background(), Options{}, Source{FS: fsys})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				base.Suggest("dock", 25)
			}
		})
	}
}

// BenchmarkSearchLongCJK asks the embedded essay a question of 2,000
// Chinese characters (kbbot ask's longest): its cost must grow with the
// question's length, not its square.
func BenchmarkSearchLongCJK(b *testing.B) {
	base, err := Default(context.Background(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	rs := make([]rune, 2000)
	for i := range rs {
		rs[i] = rune(0x4e00 + (i*7919)%20900) // spread over the CJK block
	}
	q := string(rs)
	b.ReportAllocs()
	for b.Loop() {
		base.Search(q, 3)
	}
}
