package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// selfSigned writes a certificate for 127.0.0.1 and its key.
func selfSigned(t *testing.T) (cert, key string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "portal.clinic.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return cert, key
}

var portalAddrRE = regexp.MustCompile(`the sharing portal listens on (\S+) `)

// serve --portal serves the portal over TLS beside the rest; a link that
// opens nothing gets the portal's page with its headers.
func TestServePortal(t *testing.T) {
	cert, key := selfSigned(t)
	db := filepath.Join(t.TempDir(), "fd.db")
	s := serve(t, "--db", db, "--ssh", "off", "--portal", "127.0.0.1:0", "--portal-cert", cert, "--portal-key", key)
	var addr string
	eventually(t, "the portal's address", func() bool {
		m := portalAddrRE.FindStringSubmatch(s.out.String())
		if m != nil {
			addr = m[1]
		}
		return m != nil
	})
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := c.Get("https://" + addr + "/s/" + strings.Repeat("A", 43))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "This link does not open a document") ||
		resp.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("%d %v\n%s", resp.StatusCode, resp.Header, body)
	}
	s.end(t)
}

func TestServePortalNeedsHTTPS(t *testing.T) {
	db := filepath.Join(t.TempDir(), "fd.db")
	for _, args := range [][]string{
		{"--portal", "127.0.0.1:0"},
		{"--portal", "127.0.0.1:0", "--portal-cert", "cert.pem"},
		{"--portal", "127.0.0.1:0", "--portal-proxy", "not-an-address"},
	} {
		s := serve(t, append([]string{"--db", db, "--ssh", "off"}, args...)...)
		if code := <-s.code; code != exitFail {
			t.Errorf("%v: exit %d", args, code)
		}
		if msg := s.errs.String(); !strings.Contains(msg, "--portal") {
			t.Errorf("%v: %q", args, msg)
		}
	}
}

func TestParseProxies(t *testing.T) {
	ps, err := parseProxies("127.0.0.1, 10.0.0.0/8,::1")
	if err != nil || len(ps) != 3 || ps[0].String() != "127.0.0.1/32" || ps[1].String() != "10.0.0.0/8" || ps[2].String() != "::1/128" {
		t.Errorf("%v %v", ps, err)
	}
}
