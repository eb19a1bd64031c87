package model

// Regular expressions as automata over digit strings, for the fast path
// of phone numbers (fastphone.go).

import (
	"encoding/binary"
	"regexp/syntax"
	"slices"
)

// compileDigits compiles expr the way package regexp does.
func compileDigits(expr string) (*syntax.Prog, bool) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, false
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return nil, false
	}
	return prog, true
}

// emptyAt is the zero-width context at position pos of a digit string of
// length n: digits are word characters and never newlines, so only the ends
// differ.
func emptyAt(pos, n int) syntax.EmptyOp {
	r1, r2 := rune('0'), rune('0')
	if pos == 0 {
		r1 = -1
	}
	if pos == n {
		r2 = -1
	}
	return syntax.EmptyOpContext(r1, r2)
}

// closure adds to set the rune instructions reachable from pc without
// consuming input at position pos of a string of length n, and reports
// whether a match instruction is reachable.
func closure(prog *syntax.Prog, pc uint32, pos, n int, seen []bool, set []uint32) ([]uint32, bool, bool) {
	if seen[pc] {
		return set, false, true
	}
	seen[pc] = true
	in := &prog.Inst[pc]
	switch in.Op {
	case syntax.InstAlt, syntax.InstAltMatch:
		set, m1, ok1 := closure(prog, in.Out, pos, n, seen, set)
		set, m2, ok2 := closure(prog, in.Arg, pos, n, seen, set)
		return set, m1 || m2, ok1 && ok2
	case syntax.InstCapture, syntax.InstNop:
		return closure(prog, in.Out, pos, n, seen, set)
	case syntax.InstEmptyWidth:
		if syntax.EmptyOp(in.Arg)&^emptyAt(pos, n) == 0 {
			return closure(prog, in.Out, pos, n, seen, set)
		}
		return set, false, true
	case syntax.InstMatch:
		return set, true, true
	case syntax.InstFail:
		return set, false, true
	case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
		return append(set, pc), false, true
	}
	return set, false, false // an instruction this code does not know
}

// consumes reports whether rune instruction in accepts digit c.
func consumes(in *syntax.Inst, c rune) bool {
	switch in.Op {
	case syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
		return true
	}
	return in.MatchRune(c)
}

// canMatchPrefix reports whether expr, matched at the start, matches a
// prefix of some string with allowed[i] at position i. Following every
// string at once is exact here: the question is only whether a match is
// reachable. ok is false if expr cannot be analysed.
func canMatchPrefix(expr string, allowed [][]byte) (matches, ok bool) {
	prog, ok := compileDigits(expr)
	if !ok {
		return false, false
	}
	n := len(allowed)
	seen := make([]bool, len(prog.Inst))
	set, m, ok := closure(prog, uint32(prog.Start), 0, n, seen, nil)
	for pos := 0; ; pos++ {
		if !ok {
			return false, false
		}
		if m {
			return true, true
		}
		if pos == n || len(set) == 0 {
			return false, true
		}
		clear(seen)
		var next []uint32
		var mi, oki bool
		for _, pc := range set {
			in := &prog.Inst[pc]
			for _, c := range allowed[pos] {
				if consumes(in, rune(c)) {
					next, mi, oki = closure(prog, in.Out, pos+1, n, seen, next)
					m, ok = m || mi, ok && oki
				}
			}
		}
		set = next
	}
}

// digitMachine follows one regular expression over ten-digit strings, as a
// deterministic automaton built on demand. A state is the set of NFA
// instructions alive after some number of digits; for a prefix match, a
// state that has matched stays matched.
type digitMachine struct {
	prog   *syntax.Prog
	prefix bool
	ids    map[string]int32
	states []machineState
	next   [][10]int32 // -1: not yet computed
	bad    bool        // saw an instruction it does not know
	seen   []bool
}

type machineState struct {
	depth   int
	matched bool // prefix: matched already; full: matched at the end
	pcs     []uint32
}

func (m *digitMachine) intern(depth int, matched bool, pcs []uint32) int32 {
	slices.Sort(pcs)
	pcs = slices.Compact(pcs)
	if m.prefix && matched {
		pcs = nil
	}
	if !m.prefix && depth < nanpLen {
		matched = false // a full match counts only at the end
	}
	key := make([]byte, 0, 2+4*len(pcs))
	key = append(key, byte(depth))
	if matched {
		key = append(key, 1)
	} else {
		key = append(key, 0)
	}
	for _, pc := range pcs {
		key = binary.LittleEndian.AppendUint32(key, pc)
	}
	if id, ok := m.ids[string(key)]; ok {
		return id
	}
	id := int32(len(m.states))
	m.ids[string(key)] = id
	m.states = append(m.states, machineState{depth: depth, matched: matched, pcs: pcs})
	m.next = append(m.next, [10]int32{-1, -1, -1, -1, -1, -1, -1, -1, -1, -1})
	return id
}

func (m *digitMachine) start() int32 {
	clear(m.seen)
	set, matched, ok := closure(m.prog, uint32(m.prog.Start), 0, nanpLen, m.seen, nil)
	m.bad = m.bad || !ok
	return m.intern(0, matched, set)
}

func (m *digitMachine) step(id int32, digit int) int32 {
	if n := m.next[id][digit]; n >= 0 {
		return n
	}
	s := m.states[id]
	var n int32
	if s.matched {
		n = m.intern(s.depth+1, true, nil)
	} else {
		clear(m.seen)
		var set []uint32
		matched := false
		for _, pc := range s.pcs {
			in := &m.prog.Inst[pc]
			if consumes(in, rune('0'+digit)) {
				var mi, ok bool
				set, mi, ok = closure(m.prog, in.Out, s.depth+1, nanpLen, m.seen, set)
				matched = matched || mi
				m.bad = m.bad || !ok
			}
		}
		n = m.intern(s.depth+1, matched, set)
	}
	m.next[id][digit] = n
	return n
}

// dfaBuilder runs all the machines side by side over every ten-digit
// string, evaluates eval on which of them matched, and keeps the result as
// a minimised layered automaton: two prefixes share a node when every
// continuation gets the same class.
type dfaBuilder struct {
	machines   []*digitMachine
	machineIdx map[string]int
	eval       func(acc []bool) nanpClass

	memo     map[string]uint32 // joint machine state -> node or class
	nodeIdx  map[nodeKey]uint32
	next     []uint32
	root     uint32
	classes  []nanpClass
	classIdx map[nanpClass]uint32
	acc      []bool
	key      []byte
}

type nodeKey struct {
	depth    int
	children [10]uint32
}

func (b *dfaBuilder) machine(expr string, prefix bool) (int, bool) {
	key := expr + "\x00"
	if prefix {
		key = expr + "\x01"
	}
	if i, ok := b.machineIdx[key]; ok {
		return i, true
	}
	prog, ok := compileDigits(expr)
	if !ok {
		return -1, false
	}
	b.machines = append(b.machines, &digitMachine{
		prog: prog, prefix: prefix, ids: map[string]int32{}, seen: make([]bool, len(prog.Inst)),
	})
	b.machineIdx[key] = len(b.machines) - 1
	return len(b.machines) - 1, true
}

func (b *dfaBuilder) build() bool {
	b.memo = map[string]uint32{}
	b.nodeIdx = map[nodeKey]uint32{}
	b.classIdx = map[nanpClass]uint32{}
	b.acc = make([]bool, len(b.machines))
	state := make([]int32, len(b.machines))
	for i, m := range b.machines {
		state[i] = m.start()
	}
	b.root = b.walk(0, state)
	for _, m := range b.machines {
		if m.bad {
			return false
		}
	}
	b.memo, b.nodeIdx, b.classIdx, b.acc = nil, nil, nil, nil
	return true
}

func (b *dfaBuilder) walk(depth int, state []int32) uint32 {
	b.key = b.key[:0]
	for _, s := range state {
		b.key = binary.LittleEndian.AppendUint32(b.key, uint32(s))
	}
	if id, ok := b.memo[string(b.key)]; ok {
		return id
	}
	key := string(b.key)
	var id uint32
	if depth == nanpLen {
		for i, m := range b.machines {
			b.acc[i] = m.states[state[i]].matched
		}
		c := b.eval(b.acc)
		var ok bool
		if id, ok = b.classIdx[c]; !ok {
			id = uint32(len(b.classes))
			b.classIdx[c] = id
			b.classes = append(b.classes, c)
		}
	} else {
		k := nodeKey{depth: depth}
		next := make([]int32, len(state))
		for d := 0; d < 10; d++ {
			for i, m := range b.machines {
				next[i] = m.step(state[i], d)
			}
			k.children[d] = b.walk(depth+1, next)
		}
		var ok bool
		if id, ok = b.nodeIdx[k]; !ok {
			id = uint32(len(b.next) / 10)
			b.nodeIdx[k] = id
			b.next = append(b.next, k.children[:]...)
		}
	}
	b.memo[key] = id
	return id
}
