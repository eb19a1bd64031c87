package notify

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"frontdesk/model"
)

// gateway is an httptest server speaking Twilio's shape: it records what
// it was sent and answers as it is told.
type gateway struct {
	mu     sync.Mutex
	got    []sent
	status int
	reply  string
}

type sent struct {
	path, user, pass, to, from, body string
}

func newGateway(t *testing.T) (*gateway, *httptest.Server) {
	t.Helper()
	g := &gateway{status: http.StatusCreated, reply: `{"sid": "SM123", "status": "queued", "error_code": null, "error_message": null}`}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			http.Error(w, "bad request", http.StatusMethodNotAllowed)
			return
		}
		user, pass, _ := r.BasicAuth()
		g.mu.Lock()
		g.got = append(g.got, sent{r.URL.Path, user, pass, r.PostFormValue("To"), r.PostFormValue("From"), r.PostFormValue("Body")})
		status, reply := g.status, g.reply
		g.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(reply))
	}))
	t.Cleanup(srv.Close)
	return g, srv
}

func (g *gateway) sent() []sent {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]sent(nil), g.got...)
}

// A code goes to the account's Messages, logged in, with the number, the
// sender and the text; the gateway's id comes back.
func TestSMSSends(t *testing.T) {
	g, srv := newGateway(t)
	s := SMSFor(model.SMSSettings{URL: srv.URL + "/", Account: "AC1", Token: "tok", From: "+14165550100"})
	s.Client = srv.Client()
	id, err := s.Send(t.Context(), "+14165550199", "Your code: 123456")
	if err != nil || id != "SM123" {
		t.Fatalf("send: %q %v", id, err)
	}
	want := sent{"/2010-04-01/Accounts/AC1/Messages.json", "AC1", "tok", "+14165550199", "+14165550100", "Your code: 123456"}
	if got := g.sent(); len(got) != 1 || got[0] != want {
		t.Errorf("sent %+v\nwant %+v", got, want)
	}
}

// The gateway's refusals are errors in its words.
func TestSMSRefused(t *testing.T) {
	tests := []struct {
		name, reply string
		status      int
		want        string
	}{
		{"a 400 with its message", `{"code": 21211, "message": "The 'To' number +1555 is not a valid phone number.", "status": 400}`, 400,
			"refused the message to +1555: The 'To' number +1555 is not a valid phone number (HTTP 400)"},
		{"an error_message", `{"sid": "SM9", "status": "failed", "error_code": 30007, "error_message": "Carrier violation"}`, 400,
			"Carrier violation (HTTP 400)"},
		{"an error_code in a 201", `{"sid": "SM9", "status": "failed", "error_code": 30003, "error_message": "Unreachable destination handset"}`, 201,
			"Unreachable destination handset (error 30003)"},
		{"a bad token", ``, 401, "refused the account AC1 and its token"},
		{"no JSON", `<html>hello</html>`, 200, "something other than Twilio's JSON"},
		{"a 500 with no words", ``, 500, "Internal Server Error (HTTP 500)"},
	}
	for _, tc := range tests {
		g, srv := newGateway(t)
		g.status, g.reply = tc.status, tc.reply
		s := SMS{URL: srv.URL, Account: "AC1", Token: "tok", From: "+14165550100", Client: srv.Client()}
		_, err := s.Send(t.Context(), "+1555", "x")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	if _, err := (SMS{URL: srv.URL, Account: "AC1"}).Send(t.Context(), "+1", "x"); err == nil || !strings.Contains(err.Error(), "cannot be reached") {
		t.Errorf("a closed gateway: %v", err)
	}
	if _, err := (SMS{}).Send(t.Context(), "+1", "x"); err == nil || !strings.Contains(err.Error(), "no SMS gateway") {
		t.Errorf("no gateway: %v", err)
	}
}
