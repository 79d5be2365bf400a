package knowledge

import (
	"context"
	"embed"
	"io/fs"
)

//go:embed defaultkb
var defaultKB embed.FS

// DefaultName names the embedded knowledge base in messages.
const DefaultName = "(embedded)"

// DefaultFS returns the embedded default knowledge base: a Chinese essay on
// open- and closed-source large models.
func DefaultFS() fs.FS {
	sub, err := fs.Sub(defaultKB, "defaultkb")
	if err != nil {
		panic(err) // the folder is embedded at build time
	}
	return sub
}

// Default loads the embedded default knowledge base.
func Default(ctx context.Context, opts Options) (*Base, error) {
	return Load(ctx, opts, Source{Name: DefaultName, FS: DefaultFS()})
}
