// Package portal is the sharing portal: the small web server an outside
// contact reaches from the link mailed to them, to view, print and download
// the document a clinic shared. Nothing of the terminal interface or of the
// database is reachable from it: it serves a share's pages, found by the
// hash of the link's token, and nothing else.
//
// Opening is a deliberate act. Mail security scanners fetch every link of a
// mail, some running JavaScript: a GET shows a page and changes nothing; the
// share counts as opened only when the contact presses the button (a POST
// carrying a CSRF token) and, at the SMS level, types the right code. Each
// browser that passes those steps is known by a cookie bound to the share;
// a new browser passes them again.
package portal

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"frontdesk/model"
	"frontdesk/store"
)

// CodeSender makes a new code for a share, has the store record it, and
// texts it to the share's mobile.
type CodeSender interface {
	SendCode(ctx context.Context, sh model.Share) error
}

// Config is what a portal serves with.
type Config struct {
	Store *store.Store
	Codes CodeSender
	// Proxies are the reverse proxies in front of the portal: only from
	// their addresses is X-Forwarded-For believed.
	Proxies []netip.Prefix
	// Clock is the time of day; nil is time.Now. Tests move it.
	Clock func() time.Time
	// Log receives a line for each failure on the portal's side.
	Log io.Writer
	// PerAddress and PerShare are the requests a minute one address, and
	// one share, may make (0: 120 and 60).
	PerAddress, PerShare int
}

// Portal is the portal's handler.
type Portal struct {
	cfg       Config
	mux       *http.ServeMux
	byAddress *limiter
	byShare   *limiter
}

//go:embed static
var static embed.FS

// New returns the portal.
func New(cfg Config) *Portal {
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.PerAddress == 0 {
		cfg.PerAddress = 120
	}
	if cfg.PerShare == 0 {
		cfg.PerShare = 60
	}
	p := &Portal{cfg: cfg, mux: http.NewServeMux(),
		byAddress: newLimiter(cfg.PerAddress, cfg.PerAddress/2+1),
		byShare:   newLimiter(cfg.PerShare, cfg.PerShare/2+1)}
	p.mux.Handle("GET /static/", http.FileServerFS(static))
	p.mux.HandleFunc("GET /s/{token}", p.landing)
	p.mux.HandleFunc("POST /s/{token}/open", p.open)
	p.mux.HandleFunc("GET /s/{token}/code", p.codePage)
	p.mux.HandleFunc("POST /s/{token}/code", p.tryCode)
	p.mux.HandleFunc("POST /s/{token}/code/new", p.newCode)
	p.mux.HandleFunc("GET /s/{token}/view", p.view)
	p.mux.HandleFunc("GET /s/{token}/pdf", p.pdf)
	p.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		p.page(w, r, http.StatusNotFound, page{Title: "Nothing here",
			Message: "This address holds no document. Use the link of the email you were sent, as it is."})
	})
	return p
}

// ServeHTTP serves a request, with the headers every page and document
// carries, within the address's rate.
func (p *Portal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'self'")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Cache-Control", "no-store")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if !p.byAddress.allow(p.address(r), p.cfg.Clock()) {
		p.tooMany(w, r)
		return
	}
	defer func() {
		if v := recover(); v != nil {
			fmt.Fprintf(p.cfg.Log, "portal: %s %s: panic: %v\n", r.Method, r.URL.Path, v)
			p.failed(w, r, model.FaxSettings{})
		}
	}()
	p.mux.ServeHTTP(w, r)
}

// address is the client's address: the connection's, or, from a trusted
// proxy, the last address X-Forwarded-For names that is not a proxy's.
func (p *Portal) address(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !p.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if _, err := netip.ParseAddr(hop); err != nil {
			break // a forged or broken header: stop at what is known
		}
		if host = hop; !p.trusted(hop) {
			break
		}
	}
	return host
}

func (p *Portal) trusted(host string) bool {
	a, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	for _, pr := range p.cfg.Proxies {
		if pr.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// ctx is a request's context for the store: the portal acts, at the
// portal's clock.
func (p *Portal) ctx(r *http.Request) context.Context {
	return store.WithClock(store.WithActor(r.Context(), "portal"), p.cfg.Clock)
}

// visit is a request on a share's link: the token of the path, checked,
// and the share it opens.
type visit struct {
	token   string
	link    store.ShareLink
	session *store.ShareSession
	clinic  model.FaxSettings
	addr    string
}

// find reads the link of the request's token, and the browser's session
// on its share. When the link does not open, the page saying why is
// written and ok is false.
func (p *Portal) find(w http.ResponseWriter, r *http.Request) (v visit, ok bool) {
	v.addr = p.address(r)
	token, valid := model.ParseToken(r.PathValue("token"))
	tokenHash, cookieHash := "", ""
	if valid {
		tokenHash = store.HashSecret(token)
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			cookieHash = store.HashSecret(c.Value)
		}
	}
	found, err := p.cfg.Store.ShareVisit(p.ctx(r), tokenHash, cookieHash)
	v.clinic = found.Clinic
	if err != nil {
		fmt.Fprintf(p.cfg.Log, "portal: a link: %v\n", err)
		p.failed(w, r, v.clinic)
		return v, false
	}
	if !found.Found {
		p.page(w, r, http.StatusNotFound, notValid(v.clinic))
		return v, false
	}
	v.token, v.link, v.session = token, found.Link, found.Session
	if !p.byShare.allow(fmt.Sprint(v.link.Share.ID), p.cfg.Clock()) {
		p.tooMany(w, r)
		return v, false
	}
	if pg, closed := closedPage(v.link.State, v.clinic); closed {
		p.page(w, r, http.StatusGone, pg)
		return v, false
	}
	return v, true
}

// session is the request's browser on v's share, if it pressed the button.
func (p *Portal) session(r *http.Request, v visit) (store.ShareSession, bool) {
	if v.session == nil {
		return store.ShareSession{}, false
	}
	return *v.session, true
}

// The cookies: each scoped to its link's path, so that one browser may
// hold several shares.
const (
	sessionCookie = "session"
	csrfCookie    = "csrf"
)

func (p *Portal) setCookie(w http.ResponseWriter, v visit, name, value string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/s/" + v.token, HttpOnly: true, Secure: true,
		SameSite: http.SameSiteStrictMode})
}

// csrf returns the browser's CSRF token for v's link, setting one when it
// has none: a form carries it back, and a POST without it is refused.
func (p *Portal) csrf(w http.ResponseWriter, r *http.Request, v visit) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) == 43 {
		return c.Value
	}
	t := secret()
	p.setCookie(w, v, csrfCookie, t)
	return t
}

// checkCSRF reports whether a POST carries the browser's CSRF token.
func checkCSRF(r *http.Request) bool {
	c, err := r.Cookie(csrfCookie)
	if err != nil || c.Value == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) == 1
}

// secret is 256 random bits in unpadded base64url.
func secret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (p *Portal) landing(w http.ResponseWriter, r *http.Request) {
	v, ok := p.find(w, r)
	if !ok {
		return
	}
	if ss, ok := p.session(r, v); ok && ss.Verified {
		http.Redirect(w, r, "/s/"+v.token+"/view", http.StatusSeeOther)
		return
	}
	if err := p.cfg.Store.ShareSeen(p.ctx(r), v.link.Share.ID, "landing shown", v.addr); err != nil {
		fmt.Fprintf(p.cfg.Log, "portal: share %d: %v\n", v.link.Share.ID, err)
	}
	sh := v.link.Share
	pg := page{Title: clinicName(v.clinic) + " shared a document with you",
		Message: fmt.Sprintf("%s sent you a %s. Press the button to see it.", clinicName(v.clinic),
			strings.ToLower(sh.DocumentKind.Label())),
		Form: &form{Action: "/s/" + v.token + "/open", Button: "View document", CSRF: p.csrf(w, r, v)}}
	if sh.Level == model.LevelSMS {
		pg.Note = "A code will be sent by text message to your mobile " + model.MaskMobile(sh.Mobile) + "."
	}
	p.page(w, r, http.StatusOK, pg)
}

func (p *Portal) open(w http.ResponseWriter, r *http.Request) {
	v, ok := p.find(w, r)
	if !ok {
		return
	}
	if !checkCSRF(r) {
		p.page(w, r, http.StatusForbidden, expiredForm())
		return
	}
	cookie := secret()
	sh, verified, err := p.cfg.Store.StartShareSession(p.ctx(r), store.HashSecret(v.token), store.HashSecret(cookie),
		v.addr, r.UserAgent())
	if errors.Is(err, store.ErrLinkClosed) {
		p.page(w, r, http.StatusGone, notValid(v.clinic))
		return
	}
	if err != nil {
		fmt.Fprintf(p.cfg.Log, "portal: share %d: %v\n", v.link.Share.ID, err)
		p.failed(w, r, v.clinic)
		return
	}
	p.setCookie(w, v, sessionCookie, cookie)
	if verified {
		http.Redirect(w, r, "/s/"+v.token+"/view", http.StatusSeeOther)
		return
	}
	next := "/s/" + v.token + "/code"
	if err := p.cfg.Codes.SendCode(p.ctx(r), sh); err != nil {
		next += "?m=" + p.codeError(sh, err)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// codeError is the message of a code that could not be sent, as a page's
// query: "wait" or "day" for the limits, "failed" otherwise (logged).
func (p *Portal) codeError(sh model.Share, err error) string {
	var wait *store.CodeWaitError
	if errors.As(err, &wait) {
		if wait.PerDay {
			return "day"
		}
		return "wait"
	}
	fmt.Fprintf(p.cfg.Log, "portal: share %d: the code could not be sent: %v\n", sh.ID, err)
	return "failed"
}

// codeMessages are what the code page says after a step.
var codeMessages = map[string]string{
	"sent":    "A new code is on its way.",
	"wait":    "A code was sent less than a minute ago: wait a minute before asking for another.",
	"day":     "Five codes were sent today, the most a day. Call the clinic, or try again tomorrow.",
	"failed":  "The text message could not be sent. Try again in a minute, or call the clinic.",
	"wrong":   "That code is not the one sent.",
	"dead":    "That code took five wrong tries and no longer works. Ask for a new code.",
	"expired": "That code is more than 10 minutes old. Ask for a new code.",
	"none":    "No code is waiting: ask for a new code.",
	"typed":   "Type the 6 digits of the code, as the text message shows them.",
}

func (p *Portal) codePage(w http.ResponseWriter, r *http.Request) {
	v, ok := p.find(w, r)
	if !ok {
		return
	}
	ss, ok := p.session(r, v)
	if !ok {
		http.Redirect(w, r, "/s/"+v.token, http.StatusSeeOther)
		return
	}
	if ss.Verified {
		http.Redirect(w, r, "/s/"+v.token+"/view", http.StatusSeeOther)
		return
	}
	p.codeForm(w, r, v, http.StatusOK, codeMessages[r.URL.Query().Get("m")])
}

func (p *Portal) codeForm(w http.ResponseWriter, r *http.Request, v visit, status int, message string) {
	csrf := p.csrf(w, r, v)
	p.page(w, r, status, page{Title: "Type the code sent to your mobile",
		Message: "A 6-digit code was sent by text message to " + model.MaskMobile(v.link.Share.Mobile) +
			". It works for 10 minutes.",
		Problem: message,
		Form:    &form{Action: "/s/" + v.token + "/code", Button: "Continue", CSRF: csrf, Code: true},
		Second:  &form{Action: "/s/" + v.token + "/code/new", Button: "Send a new code", CSRF: csrf}})
}

func (p *Portal) tryCode(w http.ResponseWriter, r *http.Request) {
	v, ok := p.find(w, r)
	if !ok {
		return
	}
	if !checkCSRF(r) {
		p.page(w, r, http.StatusForbidden, expiredForm())
		return
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		http.Redirect(w, r, "/s/"+v.token, http.StatusSeeOther)
		return
	}
	code, typed := model.ParseCode(r.PostFormValue("code"))
	if !typed {
		p.codeForm(w, r, v, http.StatusUnprocessableEntity, codeMessages["typed"])
		return
	}
	result, left, err := p.cfg.Store.TryShareCode(p.ctx(r), store.HashSecret(c.Value), code, v.addr)
	switch {
	case errors.Is(err, store.ErrNotFound):
		http.Redirect(w, r, "/s/"+v.token, http.StatusSeeOther)
		return
	case errors.Is(err, store.ErrLinkClosed):
		p.page(w, r, http.StatusGone, notValid(v.clinic))
		return
	case err != nil:
		fmt.Fprintf(p.cfg.Log, "portal: share %d: %v\n", v.link.Share.ID, err)
		p.failed(w, r, v.clinic)
		return
	}
	switch result {
	case store.CodeRight:
		http.Redirect(w, r, "/s/"+v.token+"/view", http.StatusSeeOther)
	case store.CodeWrong:
		tries := "tries"
		if left == 1 {
			tries = "try"
		}
		p.codeForm(w, r, v, http.StatusUnprocessableEntity, fmt.Sprintf("%s %d %s left on it.", codeMessages["wrong"], left, tries))
	case store.CodeDead:
		p.codeForm(w, r, v, http.StatusUnprocessableEntity, codeMessages["dead"])
	case store.CodeExpired:
		p.codeForm(w, r, v, http.StatusUnprocessableEntity, codeMessages["expired"])
	default:
		p.codeForm(w, r, v, http.StatusUnprocessableEntity, codeMessages["none"])
	}
}

func (p *Portal) newCode(w http.ResponseWriter, r *http.Request) {
	v, ok := p.find(w, r)
	if !ok {
		return
	}
	if !checkCSRF(r) {
		p.page(w, r, http.StatusForbidden, expiredForm())
		return
	}
	ss, ok := p.session(r, v)
	if !ok {
		http.Redirect(w, r, "/s/"+v.token, http.StatusSeeOther)
		return
	}
	m := "sent"
	if err := p.cfg.Codes.SendCode(p.ctx(r), ss.Share); err != nil {
		m = p.codeError(ss.Share, err)
	}
	http.Redirect(w, r, "/s/"+v.token+"/code?m="+m, http.StatusSeeOther)
}

// verified is the request's browser, past the share's steps; otherwise
// the browser is sent back to them and ok is false.
func (p *Portal) verified(w http.ResponseWriter, r *http.Request) (visit, bool) {
	v, ok := p.find(w, r)
	if !ok {
		return v, false
	}
	ss, ok := p.session(r, v)
	if !ok || !ss.Verified {
		next := "/s/" + v.token
		if ok {
			next += "/code"
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
		return v, false
	}
	return v, true
}

func (p *Portal) view(w http.ResponseWriter, r *http.Request) {
	v, ok := p.verified(w, r)
	if !ok {
		return
	}
	sh := v.link.Share
	pdf := "/s/" + v.token + "/pdf"
	p.page(w, r, http.StatusOK, page{Title: sh.DocumentKind.Label() + ": " + sh.DocumentTitle,
		Message: "From " + clinicName(v.clinic) + ", dated " + sh.DocumentDate.String() + ".",
		PDF:     pdf, Download: pdf + "?download=1", FileName: fileName(v)})
}

func fileName(v visit) string {
	sh := v.link.Share
	return model.SharedFileName(v.clinic.ClinicName, sh.DocumentKind, sh.DocumentDate)
}

func (p *Portal) pdf(w http.ResponseWriter, r *http.Request) {
	v, ok := p.verified(w, r)
	if !ok {
		return
	}
	how, disposition := "viewed", "inline"
	if r.URL.Query().Get("download") != "" {
		how, disposition = "downloaded", "attachment"
	}
	// A PDF viewer reads a document in parts: the first is the viewing.
	if rg := r.Header.Get("Range"); rg != "" && !strings.HasPrefix(rg, "bytes=0-") {
		how = ""
	}
	data, err := p.cfg.Store.ShareDocumentPDF(p.ctx(r), v.link.Share.ID, how, v.addr)
	if err != nil {
		fmt.Fprintf(p.cfg.Log, "portal: share %d: the document: %v\n", v.link.Share.ID, err)
		p.failed(w, r, v.clinic)
		return
	}
	name := fileName(v)
	w.Header().Set("Content-Type", "application/pdf")
	// An accented clinic's name goes as RFC 2231's filename*.
	w.Header().Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": name}))
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

func (p *Portal) tooMany(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", "60")
	p.page(w, r, http.StatusTooManyRequests, page{Title: "Too many requests",
		Message: "This address asked for too much at once. Wait a minute, then use your link again."})
}

func (p *Portal) failed(w http.ResponseWriter, r *http.Request, clinic model.FaxSettings) {
	p.page(w, r, http.StatusInternalServerError, page{Title: "Something went wrong on our side",
		Message: "Try again in a minute. If it goes on, " + contactClinic(clinic) + "."})
}
