package knowledge

import (
	"context"
	"embed"
	"io/fs"
)

//go:embed defaultkb
var defaultKB embed.FS

// defaultName names the embedded knowledge base in messages.
const defaultName = "(embedded)"

// defaultFS returns the embedded default knowledge base: a Chinese essay on
// open- and closed-source large models.
func defaultFS() fs.FS {
	sub, err := fs.Sub(defaultKB, "defaultkb")
	if err != nil {
		panic(err) // the folder is embedded at build time
	}
	return sub
}

// Default loads the embedded default knowledge base.
func Default(ctx context.Context, opts Options) (*Base, error) {
	return Load(ctx, opts, Source{Name: defaultName, FS: defaultFS()})
}
