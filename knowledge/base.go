package knowledge

// Sections returns every section in document order, the untitled and
// empty ones included. Do not modify them.
func (b *Base) Sections() []*Section { return b.sections }

// Section returns the section with id, or nil.
func (b *Base) Section(id string) *Section { return b.byID[id] }

// Warnings returns the problems found while loading.
func (b *Base) Warnings() []Warning { return b.warnings }

// Files returns how many files were read.
func (b *Base) Files() int { return b.files }
