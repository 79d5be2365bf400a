package bot_test

import (
	"testing"
	"time"

	"github.com/kbbot/kbbot/bot"
	"github.com/kbbot/kbbot/bot/storetest"
)

func TestMemoryStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) bot.Store {
		s := bot.NewMemoryStore()
		s.Now = now
		return s
	})
}
