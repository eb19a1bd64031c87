package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"frontdesk/portal"
	"frontdesk/sharing"
	"frontdesk/store"
)

// portalConfig is how serve was asked to run the portal.
type portalConfig struct {
	addr, cert, key, proxies string
}

// parseProxies reads --portal-proxy: addresses and networks.
func parseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("--portal-proxy: %q is not an address or a network such as 10.0.0.0/8", f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// portalService is the portal, running.
type portalService struct {
	srv    *http.Server
	served chan error
}

// startPortal serves the sharing portal on cfg.addr: over TLS from the
// certificate and key given, or in plain HTTP behind the reverse proxies
// given, which hold the TLS. Without either it does not start: the
// portal's cookies are for HTTPS only.
func startPortal(ctx context.Context, st *store.Store, cfg portalConfig, stdout, stderr io.Writer) (*portalService, bool) {
	proxies, err := parseProxies(cfg.proxies)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk serve: %v\n", err)
		return nil, false
	}
	tlsOn := cfg.cert != "" || cfg.key != ""
	switch {
	case tlsOn && (cfg.cert == "" || cfg.key == ""):
		fmt.Fprintln(stderr, "frontdesk serve: --portal-cert and --portal-key go together")
		return nil, false
	case !tlsOn && len(proxies) == 0:
		fmt.Fprintln(stderr, "frontdesk serve: the portal needs HTTPS: give --portal-cert and --portal-key, or --portal-proxy with the\n"+
			"address of the reverse proxy that holds the TLS")
		return nil, false
	}
	var tlsConfig *tls.Config
	if tlsOn {
		pair, err := tls.LoadX509KeyPair(cfg.cert, cfg.key)
		if err != nil {
			fmt.Fprintf(stderr, "frontdesk serve: the portal's certificate: %v\n", err)
			return nil, false
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
	}
	if set, err := st.ShareSettings(ctx); err == nil && set.PublicURL == "" {
		fmt.Fprintln(stdout, "frontdesk serve: the portal has no public address yet: frontdesk settings set sharing.public_url https://...")
	}
	h := portal.New(portal.Config{Store: st, Codes: &sharing.Service{Store: st}, Proxies: proxies,
		Log: prefixWriter{"frontdesk serve: ", stderr}})
	srv := &http.Server{Handler: h, TLSConfig: tlsConfig, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 16 << 10,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	l, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		fmt.Fprintf(stderr, "frontdesk serve: the portal: %v (--portal ADDR serves elsewhere)\n", err)
		return nil, false
	}
	how := "HTTPS"
	if !tlsOn {
		how = "HTTP behind the proxy " + cfg.proxies
	}
	fmt.Fprintf(stdout, "frontdesk serve: the sharing portal listens on %s (%s)\n", l.Addr(), how)
	svc := &portalService{srv: srv, served: make(chan error, 1)}
	go func() {
		if tlsOn {
			svc.served <- srv.ServeTLS(l, "", "")
		} else {
			svc.served <- srv.Serve(l)
		}
	}()
	return svc, true
}

// stop lets the requests under way finish, for up to ten seconds.
func (s *portalService) stop(stderr io.Writer) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ok := true
	if err := s.srv.Shutdown(ctx); err != nil {
		fmt.Fprintf(stderr, "frontdesk serve: the portal: %v\n", err)
		ok = false
	}
	if err := <-s.served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "frontdesk serve: the portal: %v\n", err)
		ok = false
	}
	return ok
}
