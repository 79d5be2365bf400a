package discord

import (
	"context"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// maxParents bounds the thread → channel cache; it starts over when full.
const maxParents = 10_000

// parents remembers which channel each thread belongs to ("" for a channel
// that is no thread): a thread has an ID of its own, so the allow-list
// must look at its channel's.
type parents struct {
	mu sync.Mutex
	m  map[string]string
}

func (p *parents) get(id string) (parent string, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	parent, ok = p.m[id]
	return parent, ok
}

func (p *parents) put(id, parent string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil || len(p.m) >= maxParents {
		p.m = map[string]string{}
	}
	p.m[id] = parent
}

// allowedIn is allowed for a channel that may be a thread: a thread (a
// forum post too) is allowed when its channel is. Which channel that is
// comes with an HTTP interaction, else from Discord's REST API (once per
// thread, within wait; not allowed when it cannot be known).
func (a *Adapter) allowedIn(ctx context.Context, guild, channel string, wait time.Duration) bool {
	if a.allowed(guild, channel) {
		return true
	}
	parent, ok := a.parents.get(channel)
	if !ok && a.cfg.Token != "" {
		ctx, cancel := context.WithTimeout(ctx, wait)
		defer cancel()
		c, err := a.rest.Channel(channel, discordgo.WithContext(ctx))
		if err != nil {
			a.log.Warn("discord: cannot tell whether a channel is a thread of an allowed one", "channel", channel, "err", safeErr(err))
			a.count("channel")
			return false
		}
		if c.IsThread() {
			parent = c.ParentID
		}
		a.parents.put(channel, parent)
	}
	return parent != "" && a.allow[parent]
}
