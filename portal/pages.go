package portal

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"frontdesk/model"
	"frontdesk/store"
)

// page is what one of the portal's pages says.
type page struct {
	Title    string
	Message  string
	Note     string // below the message, quieter
	Problem  string // what went wrong with the last step
	Form     *form
	Second   *form // a second button, below the first
	PDF      string
	Download string
	FileName string
}

// form is a button posting to Action, with the browser's CSRF token; Code
// adds the field a code is typed into.
type form struct {
	Action string
	Button string
	CSRF   string
	Code   bool
}

var pages = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>{{.Title}}</title>
<link rel="stylesheet" href="/static/portal.css">
</head>
<body{{if .PDF}} class="document"{{end}}>
<main>
<h1 id="title">{{.Title}}</h1>
<p id="message">{{.Message}}</p>
{{- if .Note}}
<p class="note" id="note">{{.Note}}</p>
{{- end}}
{{- if .Problem}}
<p class="problem" id="problem" role="alert">{{.Problem}}</p>
{{- end}}
{{- with .Form}}
<form method="post" action="{{.Action}}" id="form">
<input type="hidden" name="csrf" value="{{.CSRF}}">
{{- if .Code}}
<label for="code">Code</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="12" required autofocus>
{{- end}}
<button type="submit" id="button">{{.Button}}</button>
</form>
{{- end}}
{{- with .Second}}
<form method="post" action="{{.Action}}" id="second">
<input type="hidden" name="csrf" value="{{.CSRF}}">
<button type="submit" class="secondary" id="again">{{.Button}}</button>
</form>
{{- end}}
{{- if .PDF}}
<nav class="actions">
<a href="{{.PDF}}" id="print" class="button" target="_blank" rel="noopener">Print</a>
<a href="{{.Download}}" id="download" class="button" download="{{.FileName}}">Download</a>
</nav>
<iframe id="pdf" src="{{.PDF}}" title="{{.FileName}}"></iframe>
<p class="note">If the document does not show, <a href="{{.PDF}}">open it</a> or download it.</p>
<script src="/static/portal.js"></script>
{{- end}}
</main>
</body>
</html>
`))

// page writes pg with status.
func (p *Portal) page(w http.ResponseWriter, r *http.Request, status int, pg page) {
	var b bytes.Buffer
	if err := pages.Execute(&b, pg); err != nil {
		fmt.Fprintf(p.cfg.Log, "portal: %s: %v\n", r.URL.Path, err)
		http.Error(w, "Something went wrong on our side: try again in a minute.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

func clinicName(fs model.FaxSettings) string {
	if n := strings.TrimSpace(fs.ClinicName); n != "" {
		return n
	}
	return "The clinic"
}

// contactClinic is how a page sends the contact to the clinic.
func contactClinic(fs model.FaxSettings) string {
	name := strings.TrimSpace(fs.ClinicName)
	if name == "" {
		name = "the clinic that sent it"
	}
	if fs.ClinicFax != "" {
		return fmt.Sprintf("contact %s (fax %s)", name, fs.ClinicFax)
	}
	return "contact " + name
}

func notValid(clinic model.FaxSettings) page {
	return page{Title: "This link does not open a document",
		Message: "It may be mistyped or cut short: use the link of the email as it is. If it still does not open, " +
			contactClinic(clinic) + "."}
}

// closedPage is the page of a link that no longer opens, and true; or
// false for one that does.
func closedPage(state store.LinkState, clinic model.FaxSettings) (page, bool) {
	switch state {
	case store.LinkExpired:
		return page{Title: "This link has expired",
			Message: "A link is valid for 24 hours until it is first opened, and this one was not. To see the document, " +
				contactClinic(clinic) + " and ask them to send it again."}, true
	case store.LinkRevoked:
		return page{Title: "This document is no longer shared",
			Message: clinicName(clinic) + " stopped sharing it. If you still need it, " + contactClinic(clinic) + "."}, true
	case store.LinkReplaced:
		return page{Title: "This link was replaced by a newer one",
			Message: clinicName(clinic) + " sent the document again with a new link: use the latest email. If you cannot find it, " +
				contactClinic(clinic) + "."}, true
	case store.LinkUnsent:
		return notValid(clinic), true
	}
	return page{}, false
}

// expiredForm is the page of a form posted without the browser's token:
// one left open too long, or posted from elsewhere.
func expiredForm() page {
	return page{Title: "Please start again",
		Message: "This page was open too long, or your browser did not keep its cookie. Open the link of the email again."}
}
