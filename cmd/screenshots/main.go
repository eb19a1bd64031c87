// Command screenshots draws every scene of the interface (package
// ui/scenes, the same views the golden tests check) as a PNG in
// screenshots/, for the README:
//
//	go run ./cmd/screenshots [-out screenshots] [-only audit,audit-entry]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/muesli/termenv"

	"frontdesk/termshot"
	"frontdesk/ui/scenes"
)

// shot is one picture: a scene at a size, in colour or not.
type shot struct {
	file          string
	scene         scenes.Scene
	width, height int
	profile       termenv.Profile
}

func main() {
	out := flag.String("out", "screenshots", "the folder to write the PNGs to")
	only := flag.String("only", "", "draw only these pictures, by file name without .png, separated by commas")
	flag.Parse()
	if err := run(*out, *only); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run(out, only string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var shots []shot
	for _, sc := range scenes.All() {
		shots = append(shots, shot{sc.Name + ".png", sc, 80, 24, termenv.TrueColor})
	}
	byName := map[string]scenes.Scene{}
	for _, sc := range scenes.All() {
		byName[sc.Name] = sc
	}
	mono := byName["contacts-filter"]
	mono.Mono = true // as NO_COLOR draws it: no colours, reverse video still
	shots = append(shots,
		shot{"contacts-filter-60x20.png", byName["contacts-filter"], 60, 20, termenv.TrueColor},
		shot{"contacts-filter-nocolor.png", mono, 80, 24, termenv.Ascii},
	)
	if only != "" {
		wanted := map[string]bool{}
		for _, name := range strings.Split(only, ",") {
			wanted[strings.TrimSpace(name)+".png"] = true
		}
		var kept []shot
		for _, s := range shots {
			if wanted[s.file] {
				kept = append(kept, s)
			}
		}
		if len(kept) == 0 {
			return fmt.Errorf("-only %q names no picture", only)
		}
		shots = kept
	}
	tmp, err := os.MkdirTemp("", "frontdesk-screenshots")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	ctx := context.Background()
	for i, s := range shots {
		dir := filepath.Join(tmp, fmt.Sprint(i))
		st, err := scenes.Open(ctx, dir, s.scene)
		if err != nil {
			return err
		}
		view, err := scenes.Run(st, dir, s.scene, scenes.Renderer(s.profile), s.width, s.height)
		st.Close()
		if err != nil {
			return err
		}
		f, err := os.Create(filepath.Join(out, s.file))
		if err != nil {
			return err
		}
		err = termshot.WritePNG(f, view, s.width, s.height)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("%s: %w", s.file, err)
		}
		fmt.Println(filepath.Join(out, s.file))
	}
	return nil
}
