package main

import (
	"strings"
	"testing"
)

func TestConvert(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            bool
	}{
		{"one word each", "檔案\t文件\n", "檔案, 文件\n", false},
		{"several mainland words", "預設\t缺省 默認\n", "預設, 缺省, 默認\n", false},
		{"the same word dropped", "代碼\t程式碼 代碼\n", "代碼, 程式碼\n", false},
		{"nothing but itself", "地址\t地址\n", "", false},
		{"Latin letters left out", "SQL隱碼攻擊\tSQL注入\n", "", false},
		{"digits left out", "3D列印\t3D打印\n", "", false},
		{"one character left out", "埠\t端口\n", "", false},
		{"no tab", "檔案 文件\n", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			err := convert(&b, strings.NewReader(tt.in))
			if (err != nil) != tt.err {
				t.Fatalf("err = %v; want error %v", err, tt.err)
			}
			if err != nil {
				return
			}
			got, ok := strings.CutPrefix(b.String(), header)
			if !ok {
				t.Fatalf("output does not start with the header:\n%s", b.String())
			}
			if got != tt.want {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}
