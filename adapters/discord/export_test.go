package discord

import "testing"

// FakeDiscord is the fake REST API with its fake gateway, exported for the
// end-to-end tests in package discord_test.
type FakeDiscord struct {
	api *fakeAPI
}

// NewFakeDiscord starts a fake Discord whose gateway sends READY (bot user
// "bot1", application "111") and then the given dispatches.
func NewFakeDiscord(t *testing.T, events ...[2]any) *FakeDiscord {
	f := &FakeDiscord{api: newFakeAPI(t)}
	newFakeGateway(t, f.api, func(c *gwConn) {
		c.ready()
		for _, e := range events {
			c.dispatch(e[0].(string), e[1])
		}
	})
	return f
}

// URL is the fake's base URL, for Config.APIURL.
func (f *FakeDiscord) URL() string { return f.api.srv.URL }

// Posts waits for n channel messages and returns their bodies.
func (f *FakeDiscord) Posts(t *testing.T, n int) [][]byte { return bodies(f.api.waitFor(t, n, isPost)) }

// Edits waits for n edits of interaction responses and returns their bodies.
func (f *FakeDiscord) Edits(t *testing.T, n int) [][]byte { return bodies(f.api.waitFor(t, n, isEdit)) }

func bodies(calls []call) [][]byte {
	var out [][]byte
	for _, c := range calls {
		out = append(out, c.Body)
	}
	return out
}
